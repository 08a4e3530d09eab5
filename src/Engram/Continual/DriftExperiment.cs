using Engram.Memory;
using Engram.Numerics;

namespace Engram.Continual;

/// <summary>
/// Settings of the synthetic drift experiment of docs/science.md §3. Defaults are the published protocol:
/// d = 50, β = 8, one cluster of 12 patterns with c = 0.35, one outlier, rotation drift ε = 0.05, 200 draws.
/// </summary>
public sealed record DriftExperimentSettings : ForgettingSettings
{
    /// <summary>Pattern dimension d.</summary>
    public int Dimension { get; init; } = 50;

    /// <summary>Pairwise correlation c ∈ [0, 1) of the cluster patterns.</summary>
    public double Correlation { get; init; } = 0.35;

    /// <summary>Number of cluster patterns.</summary>
    public int ClusterSize { get; init; } = 12;

    /// <summary>Number of outlier patterns.</summary>
    public int Outliers { get; init; } = 1;

    /// <summary>Number of independent draws (memory and drift drawn afresh in each).</summary>
    public int Draws { get; init; } = 200;

    /// <summary>The memory layout generated in each draw (ignored when <see cref="ForgettingSettings.Patterns"/> is given).</summary>
    public MemoryLayout Layout => new([new ClusterSpec(ClusterSize, Correlation)], Outliers);

    /// <summary>Checks every value; messages name the setting, the rule and the value.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        ValidateModel();
        if (Draws < 1) throw new ArgumentException($"draws must be ≥ 1; got {Draws}.", nameof(Draws));
        if (Patterns is null)
        {
            if (!(Correlation >= 0 && Correlation < 1)) throw new ArgumentException($"correlation c must be in [0, 1); got {Correlation}.", nameof(Correlation));
            if (ClusterSize < 1) throw new ArgumentException($"cluster size must be ≥ 1; got {ClusterSize}.", nameof(ClusterSize));
            Layout.Validate(Dimension);
        }
    }
}

/// <summary>
/// The synthetic experiment of docs/science.md §3: in each draw, a memory X (cluster + outliers from a fresh QR, or the
/// user's patterns), the old fixed points z*_k, a drift X → Y, the intrinsic forgetting ΔE_k and the full replay-gain
/// matrices. Draws run in parallel, each on its own seeded stream, and are aggregated in draw order, so the result
/// does not depend on thread scheduling.
/// </summary>
public static class DriftExperiment
{
    /// <summary>Runs all draws and aggregates them.</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    /// <exception cref="InvalidOperationException">A draw produced a non-finite energy.</exception>
    public static DriftExperimentResult Run(DriftExperimentSettings settings, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var draws = new DrawOutcome[settings.Draws];
        long done = 0;
        var options = new ParallelOptions { CancellationToken = cancellation };
        Parallel.For(0, settings.Draws, options, i =>
        {
            draws[i] = RunDraw(settings, i);
            long now = Interlocked.Increment(ref done);
            progress?.Report(new WorkProgress("drift draws", now, settings.Draws));
        });
        int[]? groups = settings.Patterns is null ? settings.Layout.Groups() : null;
        return DriftExperimentResult.Aggregate(settings, groups, draws);
    }

    /// <summary>What one draw produced.</summary>
    internal sealed record DrawOutcome(
        ForgettingResult Forgetting,
        ReplayGainMatrix Gains,
        double OrthogonalityError,
        double ClosedFormDirectDifference);

    /// <summary>One draw on the stream Seeding.Derive(seed, draw): memory, then drift (so ε never changes the memory drawn).</summary>
    internal static DrawOutcome RunDraw(DriftExperimentSettings settings, int draw)
    {
        Random random = Seeding.Create(Seeding.Derive(settings.Seed, draw));
        double[,] x = settings.Patterns ?? ClusteredMemory.Generate(settings.Layout, settings.Dimension, random).Patterns;
        double[,] y;
        double orthogonality = 0;
        if (settings.EffectiveDrift is RotationDrift rotation)
        {
            int d = x.GetLength(1);
            double[] v = RotationDrift.RotationFlat(d, rotation.Epsilon, random);
            orthogonality = MatrixExponential.OrthogonalityError(v, d);
            y = RotationDrift.Rotate(x, v);
        }
        else
        {
            y = settings.EffectiveDrift.Apply(x, random);
        }
        var old = new ModernHopfield(x, settings.Beta);
        ForgettingResult forgetting = IntrinsicForgetting.Measure(old, new ModernHopfield(y, settings.Beta), settings.Tolerance, settings.MaxIterations);
        foreach (double e in forgetting.EnergyIncrease)
            if (!double.IsFinite(e)) throw new InvalidOperationException($"draw {draw} produced a non-finite energy increase ({e}).");
        ReplayGainMatrix gains = ReplayGain.Matrix(forgetting, settings.Beta);
        return new DrawOutcome(forgetting, gains, orthogonality, ClosedFormDirectDifference(forgetting, gains, settings.Beta));
    }

    /// <summary>
    /// max_{r,k} |Δ_{r→k} − (E(z*_k; Y) − E(z*_k; Y ∪ {x_r}))|: the closed form (from p_{r|k} and ΔE_k) against the
    /// direct energy drop, β⁻¹[log(Σ_μ e^{β y_μᵀz} + e^{β x_rᵀz}) − log Σ_μ e^{β y_μᵀz}], from the stored scores.
    /// </summary>
    static double ClosedFormDirectDifference(ForgettingResult forgetting, ReplayGainMatrix gains, double beta)
    {
        int n = forgetting.Count;
        double worst = 0;
        Span<double> row = n <= 512 ? stackalloc double[n] : new double[n];
        for (int k = 0; k < n; k++)
        {
            for (int mu = 0; mu < n; mu++) row[mu] = forgetting.NewScores[k, mu];
            double lseY = StableMath.LogSumExp(row);
            for (int r = 0; r < n; r++)
            {
                double s = forgetting.OldScores[k, r], high = Math.Max(lseY, s), low = Math.Min(lseY, s);
                double direct = (high + ReplayGain.Log1p(Math.Exp(low - high)) - lseY) / beta;
                worst = Math.Max(worst, Math.Abs(direct - gains.ClosedForm[r, k]));
            }
        }
        return worst;
    }
}

/// <summary>Input checks shared by the continual-learning entry points.</summary>
internal static class PatternChecks
{
    /// <summary>β finite and &gt; 0, ε finite and ≥ 0, a positive fixed-point tolerance and cap.</summary>
    public static void RequireModel(double beta, double epsilon, double tolerance, int maxIterations)
    {
        if (!(beta > 0) || double.IsInfinity(beta)) throw new ArgumentException($"beta (β) must be a finite number > 0; got {beta}.", nameof(beta));
        if (!(epsilon >= 0) || double.IsInfinity(epsilon)) throw new ArgumentException($"epsilon (ε) must be a finite number ≥ 0; got {epsilon}.", nameof(epsilon));
        if (!(tolerance > 0)) throw new ArgumentException($"tolerance must be > 0; got {tolerance}.", nameof(tolerance));
        if (maxIterations < 1) throw new ArgumentException($"max iterations must be ≥ 1; got {maxIterations}.", nameof(maxIterations));
    }

    /// <summary>Throws unless <paramref name="patterns"/> is a non-empty matrix of finite numbers.</summary>
    public static void RequireFinite(double[,] patterns, string name)
    {
        if (patterns.GetLength(0) == 0 || patterns.GetLength(1) == 0)
            throw new ArgumentException($"{name} must be a non-empty n × d matrix; got {patterns.GetLength(0)} × {patterns.GetLength(1)}.", name);
        for (int i = 0; i < patterns.GetLength(0); i++)
            for (int j = 0; j < patterns.GetLength(1); j++)
                if (!double.IsFinite(patterns[i, j]))
                    throw new ArgumentException($"{name}[{i}, {j}] is {patterns[i, j]}; every pattern entry must be finite.", name);
    }
}
