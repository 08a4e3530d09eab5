namespace Engram.Numerics;

/// <summary>A point estimate with a two-sided confidence interval.</summary>
/// <param name="Estimate">The estimate from all the data.</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
public sealed record Interval(double Estimate, double Lower, double Upper, double Level)
{
    // Two-sided 95 % quantiles t_{0.975, ν} of Student's t for ν = 1…30 (Fisher & Yates tables); ν > 30 uses 1.96.
    static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>
    /// The mean of independent replicates (e.g. seeds) with its 95 % Student-t interval x̄ ± t_{0.975, m−1} s/√m. A single
    /// replicate has no spread to estimate (t has no degrees of freedom): its interval is (−∞, +∞), which every claim
    /// reads as "not resolved", and <paramref name="values"/> of length 1 is allowed so that one-seed runs still report
    /// their estimate. (A zero-width interval here once let one seed look exact in result.json.)
    /// </summary>
    /// <exception cref="ArgumentException">No values, or a non-finite one.</exception>
    public static Interval StudentMean(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("an interval needs at least one value.", nameof(values));
        if (values.Any(v => !double.IsFinite(v))) throw new ArgumentException("the values hold a non-finite number.", nameof(values));
        double mean = values.Average();
        if (values.Count == 1) return new Interval(mean, double.NegativeInfinity, double.PositiveInfinity, 0.95);
        double s = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        double t = values.Count - 1 <= T975.Length ? T975[values.Count - 2] : 1.96;
        double half = t * s / Math.Sqrt(values.Count);
        return new Interval(mean, mean - half, mean + half, 0.95);
    }
}
