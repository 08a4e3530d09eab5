using Engram.Numerics;

namespace Engram.Tests.Numerics;

public class BootstrapTests
{
    [Fact]
    public void The_percentile_interval_of_a_mean_matches_the_normal_theory_interval()
    {
        // n = 2000 standard normal draws: the bootstrap distribution of the mean is ≈ N(x̄, s²/n), so the 95 % percentile
        // interval is ≈ x̄ ± 1.96 s/√n (Efron & Tibshirani 1993, §13.3).
        var random = new Random(11);
        double[] x = Enumerable.Range(0, 2000).Select(_ => random.NextGaussian()).ToArray();
        double mean = x.Average(), s = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1)), half = 1.96 * s / Math.Sqrt(x.Length);
        Interval i = Bootstrap.Percentile(x.Length, ix => ix.Average(k => x[k]), resamples: 4000, seed: 3);
        Assert.Equal(mean, i.Estimate, 12);
        Assert.Equal(mean - half, i.Lower, 2);
        Assert.Equal(mean + half, i.Upper, 2);
        Assert.InRange((i.Upper - i.Lower) / (2 * half), 0.93, 1.07);
    }

    [Fact]
    public void The_interval_is_the_same_for_the_same_seed_and_degenerate_for_a_constant_statistic()
    {
        double[] x = [1, 5, 2, 8, 3];
        var a = Bootstrap.Percentile(5, ix => ix.Average(k => x[k]), 500, seed: 1);
        var b = Bootstrap.Percentile(5, ix => ix.Average(k => x[k]), 500, seed: 1);
        Assert.Equal(a, b);
        var constant = Bootstrap.Percentile(5, _ => 2.5, 200);
        Assert.Equal((2.5, 2.5, 2.5), (constant.Estimate, constant.Lower, constant.Upper));
        Assert.Throws<ArgumentException>(() => Bootstrap.Percentile(1, _ => 0, 200));
        Assert.Throws<ArgumentException>(() => Bootstrap.Percentile(5, _ => double.NaN, 200));
    }

    [Fact]
    public void The_student_interval_of_three_replicates_uses_t_with_two_degrees_of_freedom()
    {
        Interval i = Interval.StudentMean([1.0, 2.0, 3.0]);
        Assert.Equal(2, i.Estimate, 12);
        Assert.Equal(4.303 / Math.Sqrt(3), i.Upper - 2, 12);   // s = 1
        Assert.Equal(i.Upper - 2, 2 - i.Lower, 12);
        Interval single = Interval.StudentMean([0.4]);   // one replicate: an estimate, and no interval to claim anything from
        Assert.Equal(0.4, single.Estimate);
        Assert.Equal((double.NegativeInfinity, double.PositiveInfinity), (single.Lower, single.Upper));
    }

    [Fact]
    public void A_stratified_resample_keeps_every_stratums_size_and_draws_only_from_it()
    {
        int[] strata = [0, 1, 0, 1, 1, 2, 1, 0, 1, 2];
        // Each resample's count of stratum-1 cases is that of the data (5), so the interval collapses onto it.
        var count = Bootstrap.StratifiedPercentile(strata, ix => ix.Count(k => strata[k] == 1), 300, seed: 4);
        Assert.Equal((5.0, 5.0, 5.0), (count.Estimate, count.Lower, count.Upper));
        // A mean over two strata far apart: the plain bootstrap's interval carries the varying mix of strata, the stratified one does not.
        double[] x = [.. Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 0.0 + i * 0.01 : 10.0 + i * 0.01)];
        int[] halves = [.. Enumerable.Range(0, 20).Select(i => i % 2)];
        var plain = Bootstrap.Percentile(20, ix => ix.Average(k => x[k]), 1000, seed: 2);
        var stratified = Bootstrap.StratifiedPercentile(halves, ix => ix.Average(k => x[k]), 1000, seed: 2);
        Assert.Equal(plain.Estimate, stratified.Estimate, 12);
        Assert.True(stratified.Upper - stratified.Lower < 0.1 * (plain.Upper - plain.Lower));
    }
}
