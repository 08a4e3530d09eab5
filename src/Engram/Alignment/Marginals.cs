namespace Engram.Alignment;

/// <summary>Probability weights of the items on each side of a transport problem.</summary>
public static class Marginals
{
    /// <summary>The uniform distribution 1/n.</summary>
    public static double[] Uniform(int n)
    {
        if (n <= 0) throw new ArgumentException($"a distribution needs at least one item; got {n}.", nameof(n));
        var p = new double[n];
        Array.Fill(p, 1.0 / n);
        return p;
    }

    /// <summary>
    /// Checks that <paramref name="p"/> has <paramref name="n"/> finite, strictly positive entries summing to 1
    /// (within 1e-6), and returns a copy renormalised to sum exactly to 1.
    /// </summary>
    public static double[] Validate(double[] p, int n, string name)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.Length != n)
            throw new ArgumentException($"{name} has {p.Length} weights but its side has {n} items.");
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(p[i]) || p[i] <= 0)
                throw new ArgumentException($"{name}[{i}] = {p[i]}; marginal weights must be finite and > 0 (drop items with zero weight).");
            sum += p[i];
        }
        if (Math.Abs(sum - 1) > 1e-6)
            throw new ArgumentException($"{name} sums to {sum}, not 1; normalise it (p / p.sum()).");
        return p.Select(v => v / sum).ToArray();
    }
}
