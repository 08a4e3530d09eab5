namespace Engram.Numerics;

/// <summary>
/// Pearson and Spearman correlation, the one implementation every domain uses. Ranks follow
/// <c>scipy.stats.rankdata(method="average")</c>: values that are exactly equal share the mean of the ranks they
/// occupy, so Spearman's ρ equals <c>scipy.stats.spearmanr</c> (Spearman 1904; ρ = Pearson correlation of the ranks).
/// A correlation with a constant vector is undefined: <see cref="Pearson"/> and <see cref="Spearman"/> throw instead of
/// returning NaN, and the <c>Try</c> forms say so with <c>false</c>.
/// </summary>
public static class Correlation
{
    /// <summary>r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²).</summary>
    /// <exception cref="ArgumentException">Different lengths, fewer than 2 values, or a constant side.</exception>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y) =>
        TryPearson(x, y, out double r) ? r : throw Constant();

    /// <summary>Spearman's ρ: the Pearson correlation of the average ranks of <paramref name="x"/> and <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentException">Different lengths, fewer than 2 values, or a constant side.</exception>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y) =>
        TrySpearman(x, y, out double rho) ? rho : throw Constant();

    /// <summary>
    /// Spearman's ρ, or 0 when either side is constant: for summaries of simulated quantities, where a constant side
    /// means no association to report rather than bad input.
    /// </summary>
    /// <remarks>
    /// Simulated quantities that are mathematically equal (the energies of the members of one cluster, say) differ in
    /// their last bits through rounding; ranking by those bits would order them by noise and change ρ (0.96 became
    /// 0.82 on <c>engram continual replay</c>). Here values within <see cref="SimulationTieTolerance"/> × max(1, |v|)
    /// of each other are ties.
    /// </remarks>
    public static double SpearmanOrZero(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        TrySpearman(x.ToArray(), y.ToArray(), out double rho, SimulationTieTolerance) ? rho : 0;

    /// <summary>The relative tolerance under which <see cref="SpearmanOrZero"/> treats two values as tied (1e-12).</summary>
    public const double SimulationTieTolerance = 1e-12;

    /// <summary>Pearson's r, or <c>false</c> when either side is constant.</summary>
    public static bool TryPearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y, out double r)
    {
        CheckLengths(x, y);
        double mx = Mean(x), my = Mean(y), sxy = 0, sxx = 0, syy = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double dx = x[k] - mx, dy = y[k] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        r = sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 0;
        return sxx > 0 && syy > 0;
    }

    /// <summary>Spearman's ρ, or <c>false</c> when either side is constant.</summary>
    /// <param name="x">First variable.</param>
    /// <param name="y">Second variable.</param>
    /// <param name="rho">ρ, or 0 when a side is constant.</param>
    /// <param name="relativeTieTolerance">See <see cref="Ranks"/>; 0 (exact ties, as scipy) by default.</param>
    public static bool TrySpearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y, out double rho, double relativeTieTolerance = 0)
    {
        CheckLengths(x, y);
        return TryPearson(Ranks(x, relativeTieTolerance), Ranks(y, relativeTieTolerance), out rho);
    }

    /// <summary>Ranks 1…n; tied values (exactly equal by default) get the average of the ranks they occupy.</summary>
    /// <exception cref="ArgumentException">A NaN value (it has no rank).</exception>
    /// <param name="values">The values to rank.</param>
    /// <param name="relativeTieTolerance">
    /// 0 (default): only exactly equal values tie, as scipy. t &gt; 0: a value within t × max(1, |v₀|) of the smallest
    /// value v₀ of its group joins that group, for quantities whose equal values carry rounding noise.
    /// </param>
    public static double[] Ranks(ReadOnlySpan<double> values, double relativeTieTolerance = 0)
    {
        if (!(relativeTieTolerance >= 0)) throw new ArgumentException($"the tie tolerance must be ≥ 0; got {relativeTieTolerance}.", nameof(relativeTieTolerance));
        int n = values.Length;
        double[] sorted = values.ToArray();
        if (sorted.Any(double.IsNaN)) throw new ArgumentException("a value is NaN, which has no rank.", nameof(values));
        int[] order = Enumerable.Range(0, n).ToArray();
        Array.Sort(sorted, order);
        var ranks = new double[n];
        for (int start = 0; start < n;)
        {
            int end = start;
            double reach = relativeTieTolerance * Math.Max(1, Math.Abs(sorted[start]));
            while (end + 1 < n && sorted[end + 1] - sorted[start] <= reach) end++;
            double average = (start + end) / 2.0 + 1;
            for (int t = start; t <= end; t++) ranks[order[t]] = average;
            start = end + 1;
        }
        return ranks;
    }

    static double Mean(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (double v in x) s += v;
        return s / x.Length;
    }

    static void CheckLengths(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"a correlation needs two vectors of the same length; got {x.Length} and {y.Length}.");
        if (x.Length < 2)
            throw new ArgumentException($"a correlation needs at least 2 pairs of values; got {x.Length}.");
    }

    static ArgumentException Constant() =>
        new("a correlation is undefined when one side is constant (all values equal).");
}
