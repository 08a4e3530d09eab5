using Engram.Memory;
using Engram.Numerics;

namespace Engram.Continual;

/// <summary>
/// Intrinsic forgetting of every stored pattern after a task change (docs/science.md §3), all float64.
/// </summary>
/// <param name="FixedPoints">z*_k: the old network's update iterated from x_k (convergence reported per k).</param>
/// <param name="PatternEnergy">E(x_k; X), the energy of the stored sample itself (used to rank samples for replay).</param>
/// <param name="OldEnergy">E(z*_k; X).</param>
/// <param name="NewEnergy">E(z*_k; Y).</param>
/// <param name="EnergyIncrease">ΔE_k = E(z*_k; Y) − E(z*_k; X) = β⁻¹[LSE(βXz*_k) − LSE(βYz*_k)].</param>
/// <param name="Retrieval">p[k, r] = p_{r|k} = softmax(β X z*_k)_r, the old network's retrieval probabilities.</param>
/// <param name="OldScores">β x_rᵀ z*_k as [k, r] (kept so replay energies need no further dot products).</param>
/// <param name="NewScores">β y_μᵀ z*_k as [k, μ].</param>
public sealed record ForgettingResult(
    FixedPointResult[] FixedPoints,
    double[] PatternEnergy,
    double[] OldEnergy,
    double[] NewEnergy,
    double[] EnergyIncrease,
    double[,] Retrieval,
    double[,] OldScores,
    double[,] NewScores)
{
    /// <summary>Number of stored patterns n.</summary>
    public int Count => EnergyIncrease.Length;

    /// <summary>How many fixed-point iterations stopped at the cap before ‖Δz‖ fell below the tolerance.</summary>
    public int NotConverged => FixedPoints.Count(f => !f.Converged);
}

/// <summary>
/// ΔE_k = E(z*_k; Y) − E(z*_k; X): how much the energy at the old network's fixed points rises when the
/// memory X is replaced by its drifted version Y (docs/science.md §3, "intrinsic forgetting").
/// </summary>
public static class IntrinsicForgetting
{
    /// <summary>
    /// Finds z*_k by iterating z ← Xᵀ softmax(βXz) from x_k (<see cref="ModernHopfield.FixedPointsFromPatterns"/>) until ‖Δz‖ &lt; <paramref name="tolerance"/> or
    /// <paramref name="maxIterations"/> updates (reported in <see cref="ForgettingResult.NotConverged"/>), then
    /// evaluates both energies there.
    /// </summary>
    /// <param name="old">The network storing X.</param>
    /// <param name="drifted">The network storing Y (same n, d and β as <paramref name="old"/>).</param>
    /// <param name="tolerance">Step-norm tolerance of the fixed-point iteration (1e-12 by the protocol).</param>
    /// <param name="maxIterations">Cap on updates per pattern.</param>
    /// <exception cref="ArgumentException">The two networks differ in shape or β.</exception>
    public static ForgettingResult Measure(ModernHopfield old, ModernHopfield drifted, double tolerance = 1e-12, int maxIterations = 10_000)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(drifted);
        if (old.Count != drifted.Count || old.Dimension != drifted.Dimension)
            throw new ArgumentException($"the drifted memory must have the old memory's shape {old.Count} × {old.Dimension}; got {drifted.Count} × {drifted.Dimension}.", nameof(drifted));
        if (old.Beta != drifted.Beta)
            throw new ArgumentException($"both networks must use the same β; got {old.Beta} and {drifted.Beta}.", nameof(drifted));

        int n = old.Count;
        double beta = old.Beta;
        var fixedPoints = new FixedPointResult[n];
        var patternEnergy = new double[n];
        var oldEnergy = new double[n];
        var newEnergy = new double[n];
        var increase = new double[n];
        var retrieval = new double[n, n];
        var oldScores = new double[n, n];
        var newScores = new double[n, n];
        FixedPointResult[] found = old.FixedPointsFromPatterns(tolerance, maxIterations);
        // All similarity scores at once: β Z* Xᵀ and β Z* Yᵀ (rows k), as two small vectorised products.
        int d = old.Dimension;
        var z = new double[n * d];
        for (int k = 0; k < n; k++) found[k].State.CopyTo(z, k * d);
        double[] sOld = Scores(z, old.Patterns(), n, d, beta), sNew = Scores(z, drifted.Patterns(), n, d, beta);
        for (int k = 0; k < n; k++)
        {
            patternEnergy[k] = old.Energy(old.Pattern(k));
            FixedPointResult f = found[k];
            fixedPoints[k] = f;
            ReadOnlySpan<double> s = sOld.AsSpan(k * n, n), t = sNew.AsSpan(k * n, n);
            double lseOld = StableMath.LogSumExp(s), lseNew = StableMath.LogSumExp(t);
            double half = 0.5 * DenseMatrix.Dot(f.State, f.State);
            oldEnergy[k] = -lseOld / beta + half;
            newEnergy[k] = -lseNew / beta + half;
            increase[k] = (lseOld - lseNew) / beta;
            for (int r = 0; r < n; r++)
            {
                oldScores[k, r] = s[r];
                newScores[k, r] = t[r];
                retrieval[k, r] = Math.Exp(s[r] - lseOld);
            }
        }
        return new ForgettingResult(fixedPoints, patternEnergy, oldEnergy, newEnergy, increase, retrieval, oldScores, newScores);
    }

    /// <summary>β Z Mᵀ for states Z (n × d, row-major) and the stored patterns M (n × d).</summary>
    static double[] Scores(double[] states, double[,] patterns, int n, int d, double beta)
    {
        var scores = new double[n * n];
        DenseMatrix.MultiplyTransposed(states, DenseMatrix.Flatten(patterns), scores, n, d, n);
        for (int i = 0; i < scores.Length; i++) scores[i] *= beta;
        return scores;
    }

    /// <summary>Builds both networks from X and Y, then <see cref="Measure(ModernHopfield, ModernHopfield, double, int)"/>.</summary>
    public static ForgettingResult Measure(double[,] oldPatterns, double[,] newPatterns, double beta, double tolerance = 1e-12, int maxIterations = 10_000) =>
        Measure(new ModernHopfield(oldPatterns, beta), new ModernHopfield(newPatterns, beta), tolerance, maxIterations);
}
