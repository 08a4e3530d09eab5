using System.Runtime.CompilerServices;
using Engram.Numerics;

namespace Engram.Phi;

/// <summary>
/// Φ of partitions of one Gaussian system, for every <see cref="PhiMeasure"/> (PhiToolbox's <c>phi_Gauss</c>).
/// MI1, MI and SI split into terms of single parts: Φ = ½ [Σₖ L(Pₖ) − L(V)] with L(S) = log det Σ[S, S] (MI1),
/// log det J[S, S] over past and present of S (MI), or that minus log det Σ_past[S, S] (SI; the Schur complement
/// gives H(Y_S | X_S)); the 2πe constants cancel. The searches reuse those terms (<see cref="PartTerm"/>).
/// Φ* and Φ_G need the whole partition (<see cref="MismatchedDecodingPhi"/>, <see cref="GeometricPhi"/>).
/// </summary>
public sealed class GaussianPhi
{
    readonly double[] joint;
    readonly double wholeTerm;

    /// <summary>Validates that the covariances the measure reads are positive-definite and prepares the evaluator.</summary>
    /// <exception cref="ArgumentException">A covariance is singular (too few samples for the channels, or a constant or duplicated channel).</exception>
    public GaussianPhi(GaussianStatistics statistics, PhiSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        Statistics = statistics;
        Settings = settings ?? new PhiSettings();
        if (Settings.GeometricTolerance is not (> 0 and < 1)) throw new ArgumentException($"the Φ_G tolerance must lie in (0, 1); got {Settings.GeometricTolerance}.", nameof(settings));
        if (Settings.GeometricMaxIterations < 1) throw new ArgumentException($"the Φ_G iteration limit must be ≥ 1; got {Settings.GeometricMaxIterations}.", nameof(settings));
        int n = statistics.Channels;
        joint = statistics.Joint();
        var scratch = new double[4 * n * n];
        if (!Cholesky.TryLogDeterminant(Base, n, scratch, out _) ||
            (Settings.Measure != PhiMeasure.Mi1 && !Cholesky.TryLogDeterminant(joint, 2 * n, scratch, out _)))
            throw new ArgumentException(SingularMessage(statistics), nameof(statistics));
        Everything = [.. Enumerable.Range(0, n)];
        wholeTerm = SplitsIntoParts ? PartTerm(Everything, scratch) : double.NaN;
    }

    /// <summary>The statistics evaluated.</summary>
    public GaussianStatistics Statistics { get; }

    /// <summary>The measure and its options.</summary>
    public PhiSettings Settings { get; }

    /// <summary>Number of channels N.</summary>
    public int Channels => Statistics.Channels;

    /// <summary>Whether Φ is a sum of single-part terms (MI1, MI, SI): then searches may tabulate <see cref="PartTerm"/>.</summary>
    public bool SplitsIntoParts => Settings.Measure is PhiMeasure.Mi1 or PhiMeasure.Mi or PhiMeasure.Si;

    internal int[] Everything { get; }

    /// <summary>L(V) for the whole system (see the class summary).</summary>
    internal double WholeTerm => wholeTerm;

    /// <summary>The covariance whose entropies normalise Φ: all samples for MI1, the past otherwise (as PhiToolbox).</summary>
    internal double[] Base => Settings.Measure == PhiMeasure.Mi1 ? Statistics.Covariance : Statistics.Past;

    /// <summary>Φ (and its normalised value when asked for) of <paramref name="partition"/>.</summary>
    public PhiValue Evaluate(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        if (partition.Channels != Channels)
            throw new ArgumentException($"the partition covers {partition.Channels} channels but the data have {Channels}.", nameof(partition));
        if (Channels < 2) throw new ArgumentException($"a partition needs at least 2 channels; the system has {Channels}.", nameof(partition));
        return Evaluate(partition.Parts);
    }

    /// <summary>Φ of parts known to partition 0…N−1 (no validation).</summary>
    internal PhiValue Evaluate(IReadOnlyList<int[]> parts)
    {
        int n = Channels;
        var scratch = new double[4 * n * n];
        double phi;
        if (parts.Count == 1) phi = 0;
        else if (SplitsIntoParts)
        {
            double sum = 0;
            foreach (int[] part in parts) sum += PartTerm(part, scratch);
            phi = 0.5 * (sum - wholeTerm);
        }
        else phi = Settings.Measure == PhiMeasure.Star
            ? MismatchedDecodingPhi.Compute(Statistics, parts).Phi
            : GeometricPhi.Compute(Statistics, parts, Settings.GeometricTolerance, Settings.GeometricMaxIterations).Phi;
        return new PhiValue(phi, Settings.Normalise ? phi / Normaliser(parts, scratch) : null);
    }

    /// <summary>(K − 1) min_k H(X_{Pₖ}) (for one part, its entropy), PhiToolbox's normaliser.</summary>
    internal double Normaliser(IReadOnlyList<int[]> parts, Span<double> scratch)
    {
        double min = double.PositiveInfinity;
        foreach (int[] part in parts) min = Math.Min(min, Entropy(part, scratch));
        return parts.Count == 1 ? min : (parts.Count - 1) * min;
    }

    /// <summary>Gaussian entropy ½ log det(2πe Σ[S, S]) of the normalising covariance.</summary>
    internal double Entropy(ReadOnlySpan<int> set, Span<double> scratch) =>
        0.5 * (LogDet(Base, Channels, set, scratch) + set.Length * Math.Log(2 * Math.PI * Math.E));

    /// <summary>L(S) of a set of channels for MI1, MI and SI (see the class summary); <paramref name="scratch"/> ≥ 4|S|² values.</summary>
    internal double PartTerm(ReadOnlySpan<int> set, Span<double> scratch)
    {
        switch (Settings.Measure)
        {
            case PhiMeasure.Mi1:
                return LogDet(Statistics.Covariance, Channels, set, scratch);
            case PhiMeasure.Mi:
                return JointLogDet(set, scratch);
            case PhiMeasure.Si:
                return JointLogDet(set, scratch) - LogDet(Statistics.Past, Channels, set, scratch);
            default:
                throw new InvalidOperationException($"{Settings.Measure} does not split into single-part terms.");
        }
    }

    double JointLogDet(ReadOnlySpan<int> set, Span<double> scratch)
    {
        int m = set.Length, n = Channels;
        Span<int> both = m <= 256 ? stackalloc int[2 * m] : new int[2 * m];
        for (int i = 0; i < m; i++) { both[i] = set[i]; both[m + i] = n + set[i]; }
        return LogDet(joint, 2 * n, both, scratch);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double LogDet(ReadOnlySpan<double> matrix, int n, ReadOnlySpan<int> set, Span<double> scratch)
    {
        int m = set.Length;
        Span<double> block = scratch[..(m * m)];
        SubMatrix.Gather(matrix, n, set, block);
        if (!Cholesky.TryFactor(block, m))
            throw new ArgumentException($"the covariance of channels {string.Join(",", set.ToArray())} is not numerically positive-definite; regularise it (a ridge on the diagonal) or drop duplicated channels.");
        return Cholesky.LogDeterminantOfFactor(block, m);
    }

    /// <summary>The one-line explanation for a singular covariance.</summary>
    internal static string SingularMessage(GaussianStatistics s) =>
        s.Samples > 0 && s.Samples - s.Lag <= 2L * s.Channels
            ? $"the covariance of the {s.Channels} channels is singular: only {s.Samples} samples (lag {s.Lag}) for {s.Channels} channels; use a longer series (many more samples than channels) or regularise with a ridge."
            : $"the covariance of the {s.Channels} channels is singular or not positive-definite (a constant or duplicated channel?); use a longer series or regularise with a ridge.";
}
