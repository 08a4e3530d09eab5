namespace Engram.Numerics;

/// <summary>A mean over independent draws and its standard error s/√m (s the sample standard deviation, m draws).</summary>
/// <param name="Mean">Sample mean.</param>
/// <param name="StandardError">s/√m; 0 for a single draw.</param>
/// <param name="Count">Number of draws m.</param>
public readonly record struct Estimate(double Mean, double StandardError, int Count)
{
    /// <summary>Mean and standard error of <paramref name="values"/> (NaN values are not allowed).</summary>
    /// <exception cref="ArgumentException">No values, or a non-finite one.</exception>
    public static Estimate Of(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) throw new ArgumentException("an estimate needs at least one value.", nameof(values));
        double sum = 0;
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) throw new ArgumentException($"values hold a non-finite number ({v}); the computation that produced it failed.", nameof(values));
            sum += v;
        }
        double mean = sum / values.Length, ss = 0;
        foreach (double v in values) ss += (v - mean) * (v - mean);
        double se = values.Length > 1 ? Math.Sqrt(ss / (values.Length - 1) / values.Length) : 0;
        return new Estimate(mean, se, values.Length);
    }

    /// <summary>Relative difference |mean − reference| / |reference|.</summary>
    public double RelativeDifference(double reference) => Math.Abs(Mean - reference) / Math.Abs(reference);
}
