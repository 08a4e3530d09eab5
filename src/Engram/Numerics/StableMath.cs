namespace Engram.Numerics;

/// <summary>Numerically stable building blocks used by every model (float64).</summary>
public static class StableMath
{
    /// <summary>log Σ exp(xᵢ), computed as m + log Σ exp(xᵢ − m) with m = max xᵢ so it never overflows.</summary>
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        if (x.Length == 0) throw new ArgumentException("log-sum-exp of an empty vector is −∞; pass at least one value.", nameof(x));
        double max = double.NegativeInfinity;
        foreach (double v in x) if (v > max) max = v;
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (double v in x) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    /// <summary>softmax(x)ᵢ = exp(xᵢ − LSE(x)), written into <paramref name="result"/>; returns LSE(x).</summary>
    public static double Softmax(ReadOnlySpan<double> x, Span<double> result)
    {
        if (result.Length != x.Length) throw new ArgumentException($"result has length {result.Length}, expected {x.Length}.", nameof(result));
        double lse = LogSumExp(x);
        for (int i = 0; i < x.Length; i++) result[i] = Math.Exp(x[i] - lse);
        return lse;
    }
}
