namespace Engram.Numerics;

/// <summary>
/// The nonparametric bootstrap (Efron 1979; Efron &amp; Tibshirani 1993, ch. 13): resample the n cases with
/// replacement, recompute the statistic, and take the α/2 and 1 − α/2 quantiles of the replicates as the percentile
/// interval. Replicate b draws its cases from a generator seeded by (seed, b), so the interval is the same on any
/// thread count.
/// </summary>
public static class Bootstrap
{
    /// <summary>
    /// Percentile interval of <paramref name="statistic"/> (evaluated on the case indices of a resample, with
    /// repeats) at <paramref name="level"/>. Replicates where the statistic is undefined (it returns NaN, e.g. a
    /// correlation of a constant resample) are dropped; if more than half are, the call fails.
    /// </summary>
    /// <param name="cases">n, the number of cases.</param>
    /// <param name="statistic">The statistic of a resample given its case indices; the identity resample 0…n−1 gives the estimate.</param>
    /// <param name="resamples">B replicates (≥ 100).</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <param name="seed">Seed of the resampling.</param>
    /// <exception cref="ArgumentException">n &lt; 2, B &lt; 100, a level outside (0, 1), or the statistic undefined on the data.</exception>
    public static Interval Percentile(int cases, Func<int[], double> statistic, int resamples = 2000, double level = 0.95, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        return Replicate(cases, statistic, resamples, level, (random, indices) =>
        {
            for (int i = 0; i < cases; i++) indices[i] = random.Next(cases);
        }, seed);
    }

    /// <summary>
    /// The stratified bootstrap (Efron &amp; Tibshirani 1993, §6.5 / ch. 13): each resample draws, within every stratum,
    /// as many cases as the stratum holds, with replacement, so the strata keep their sizes (e.g. resampling images
    /// within their class keeps the class mix of the data). Otherwise as <see cref="Percentile(int, Func{int[], double}, int, double, int)"/>.
    /// </summary>
    /// <param name="strata">The stratum of each case; the number of cases is its length.</param>
    /// <param name="statistic">The statistic of a resample given its case indices (grouped by stratum, in first-appearance order of the strata).</param>
    /// <param name="resamples">B replicates (≥ 100).</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    /// <param name="seed">Seed of the resampling.</param>
    /// <exception cref="ArgumentException">n &lt; 2, B &lt; 100, a level outside (0, 1), or the statistic undefined on the data.</exception>
    public static Interval StratifiedPercentile(IReadOnlyList<int> strata, Func<int[], double> statistic, int resamples = 2000, double level = 0.95, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(strata);
        ArgumentNullException.ThrowIfNull(statistic);
        int[][] members = Enumerable.Range(0, strata.Count).GroupBy(i => strata[i]).Select(g => g.ToArray()).ToArray();
        return Replicate(strata.Count, statistic, resamples, level, (random, indices) =>
        {
            int k = 0;
            foreach (int[] stratum in members)
                for (int i = 0; i < stratum.Length; i++) indices[k++] = stratum[random.Next(stratum.Length)];
        }, seed);
    }

    static Interval Replicate(int cases, Func<int[], double> statistic, int resamples, double level, Action<Random, int[]> draw, int seed)
    {
        if (cases < 2) throw new ArgumentException($"a bootstrap needs at least 2 cases; got {cases}.", nameof(cases));
        if (resamples < 100) throw new ArgumentException($"a percentile interval needs at least 100 resamples; got {resamples}.", nameof(resamples));
        if (!(level > 0 && level < 1)) throw new ArgumentException($"the confidence level must lie in (0, 1); got {level}.", nameof(level));
        double estimate = statistic(Enumerable.Range(0, cases).ToArray());
        if (!double.IsFinite(estimate)) throw new ArgumentException("the statistic is undefined on the data (it returned a non-finite value).", nameof(statistic));
        var replicates = new double[resamples];
        Parallel.For(0, resamples, b =>
        {
            var random = Seeding.Create(Seeding.Derive(seed, b));
            var indices = new int[cases];
            draw(random, indices);
            replicates[b] = statistic(indices);
        });
        double[] valid = replicates.Where(double.IsFinite).Order().ToArray();
        if (valid.Length * 2 < resamples) throw new ArgumentException($"the statistic was undefined on {resamples - valid.Length} of {resamples} resamples.", nameof(statistic));
        double alpha = (1 - level) / 2;
        return new Interval(estimate, Quantile(valid, alpha), Quantile(valid, 1 - alpha), level);
    }

    /// <summary>The q-quantile of sorted values, linear between order statistics (numpy's default, "linear").</summary>
    static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
