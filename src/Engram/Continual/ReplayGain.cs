using Engram.Memory;
using Engram.Numerics;

namespace Engram.Continual;

/// <summary>The full replay-gain matrices of one memory after one task change; every matrix is indexed [r, k] = replayed r, measured at k.</summary>
/// <param name="ClosedForm">Δ_{r→k} = β⁻¹ log(1 + p_{r|k} e^{βΔE_k}) = E(z*_k; Y) − E(z*_k; Y ∪ {x_r}).</param>
/// <param name="Baseline">β⁻¹ log(1 + p_{r|k}): the drop replay of x_r would give without any drift.</param>
/// <param name="Net">Closed form − baseline = β⁻¹ log[(1 + p_{r|k} e^{βΔE_k}) / (1 + p_{r|k})]: what replay recovers of the forgetting.</param>
public sealed record ReplayGainMatrix(double[,] ClosedForm, double[,] Baseline, double[,] Net);

/// <summary>
/// Replay gain in a modern Hopfield network (docs/science.md §3). Replaying old pattern x_r after the
/// task change adds it to the drifted memory, Y' = Y ∪ {x_r}; the energy at the old fixed point z*_k drops by
/// E(z*_k; Y) − E(z*_k; Y') = β⁻¹ log(1 + e^{β x_rᵀz*_k} / Σ_μ e^{β y_μᵀz*_k}) = β⁻¹ log(1 + p_{r|k} e^{βΔE_k}),
/// because Σ_μ e^{β y_μᵀz} = e^{−βΔE_k} Σ_μ e^{β x_μᵀz}. The no-drift baseline β⁻¹ log(1 + p_{r|k}) is what
/// the same replay gives when nothing drifted (ΔE = 0); the net gain is the difference and is what the
/// reference table of docs/science.md §3 reports as "net self-replay gain" (r = k).
/// </summary>
public static class ReplayGain
{
    /// <summary>Δ_{r→k} = β⁻¹ log(1 + p e^{βΔE}).</summary>
    public static double ClosedForm(double retrieval, double energyIncrease, double beta) =>
        Log1p(retrieval * Math.Exp(beta * energyIncrease)) / beta;

    /// <summary>β⁻¹ log(1 + p): the gain of the same replay without drift.</summary>
    public static double Baseline(double retrieval, double beta) => Log1p(retrieval) / beta;

    /// <summary>Net gain β⁻¹[log(1 + p e^{βΔE}) − log(1 + p)].</summary>
    public static double Net(double retrieval, double energyIncrease, double beta) =>
        ClosedForm(retrieval, energyIncrease, beta) - Baseline(retrieval, beta);

    /// <summary>
    /// The direct computation: E(z; Y) − E(z; Y ∪ {x_r}), with a second network built from Y plus the replayed pattern.
    /// </summary>
    /// <exception cref="ArgumentException">Length of <paramref name="replayed"/> or <paramref name="state"/> differs from d.</exception>
    public static double Direct(ModernHopfield drifted, ReadOnlySpan<double> replayed, ReadOnlySpan<double> state)
    {
        ArgumentNullException.ThrowIfNull(drifted);
        if (replayed.Length != drifted.Dimension)
            throw new ArgumentException($"replayed pattern has length {replayed.Length}, expected d = {drifted.Dimension}.", nameof(replayed));
        double[,] y = drifted.Patterns();
        var augmented = new double[drifted.Count + 1, drifted.Dimension];
        for (int i = 0; i < drifted.Count; i++)
            for (int j = 0; j < drifted.Dimension; j++) augmented[i, j] = y[i, j];
        for (int j = 0; j < drifted.Dimension; j++) augmented[drifted.Count, j] = replayed[j];
        var withReplay = new ModernHopfield(augmented, drifted.Beta);
        return drifted.Energy(state) - withReplay.Energy(state);
    }

    /// <summary>All n × n gains of a forgetting measurement, from the closed form.</summary>
    public static ReplayGainMatrix Matrix(ForgettingResult forgetting, double beta)
    {
        ArgumentNullException.ThrowIfNull(forgetting);
        int n = forgetting.Count;
        var closed = new double[n, n];
        var baseline = new double[n, n];
        var net = new double[n, n];
        for (int k = 0; k < n; k++)
        {
            double lift = Math.Exp(beta * forgetting.EnergyIncrease[k]);
            for (int r = 0; r < n; r++)
            {
                double p = forgetting.Retrieval[k, r];
                double c = Log1p(p * lift) / beta, b = Log1p(p) / beta;
                closed[r, k] = c;
                baseline[r, k] = b;
                net[r, k] = c - b;
            }
        }
        return new ReplayGainMatrix(closed, baseline, net);
    }

    /// <summary>
    /// Energies at every old fixed point z*_k after replaying the set <paramref name="replayed"/> (indices into X):
    /// returns (E(z*_k; Y ∪ R) − E(z*_k; X), E(z*_k; Y ∪ R) − E(z*_k; X ∪ R)) per k, i.e. the forgetting left after
    /// replay, and the intrinsic (net) forgetting left once the gain replay gives without drift is discounted.
    /// With R empty both equal ΔE_k; for R = {r} their reductions are the closed-form and the net gain Δ_{r→k}.
    /// </summary>
    public static (double[] Forgetting, double[] NetForgetting) AfterReplay(ForgettingResult forgetting, double beta, ReadOnlySpan<int> replayed)
    {
        ArgumentNullException.ThrowIfNull(forgetting);
        int n = forgetting.Count;
        foreach (int r in replayed)
            if (r < 0 || r >= n) throw new ArgumentException($"replayed index {r} is outside the memory of {n} patterns.", nameof(replayed));
        var left = new double[n];
        var net = new double[n];
        var withY = new double[n + replayed.Length];
        var withX = new double[n + replayed.Length];
        for (int k = 0; k < n; k++)
        {
            for (int mu = 0; mu < n; mu++)
            {
                withY[mu] = forgetting.NewScores[k, mu];
                withX[mu] = forgetting.OldScores[k, mu];
            }
            for (int i = 0; i < replayed.Length; i++)
            {
                double s = forgetting.OldScores[k, replayed[i]];
                withY[n + i] = s;
                withX[n + i] = s;
            }
            double lseOld = LogSumExpRow(forgetting.OldScores, k, n);
            double lseY = StableMath.LogSumExp(withY), lseX = StableMath.LogSumExp(withX);
            left[k] = (lseOld - lseY) / beta;
            net[k] = (lseX - lseY) / beta;
        }
        return (left, net);
    }

    /// <summary>log(1 + x) accurate for small x (Goldberg's trick; double.LogP1 is log(1 + x) computed naively).</summary>
    internal static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * (x / (u - 1));
    }

    static double LogSumExpRow(double[,] scores, int row, int n)
    {
        Span<double> s = n <= 512 ? stackalloc double[n] : new double[n];
        for (int i = 0; i < n; i++) s[i] = scores[row, i];
        return StableMath.LogSumExp(s);
    }
}
