using Engram.Alignment;
using Engram.Numerics;

namespace Engram.Tests.Alignment;

public class HistogramMatchingTests
{
    static double[,] RandomDissimilarity(int n, int seed, Func<Random, double> draw)
    {
        var random = Seeding.Create(seed);
        var d = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) d[i, j] = d[j, i] = draw(random);
        return d;
    }

    static void AssertMonotone(double[] before, double[] after)
    {
        for (int a = 0; a < before.Length; a++)
            for (int b = 0; b < before.Length; b++)
                if (before[a] < before[b]) Assert.True(after[a] <= after[b], $"{before[a]} < {before[b]} but mapped to {after[a]} > {after[b]}");
    }

    [Fact]
    public void Rank_matching_makes_the_value_distributions_identical_and_is_monotone()
    {
        double[,] source = RandomDissimilarity(30, 1, r => r.NextDouble());
        double[,] target = RandomDissimilarity(30, 2, r => Math.Exp(2 * r.NextGaussian()));
        double[,] matched = HistogramMatching.MatchRanks(source, target);
        double[] m = HistogramMatching.UpperTriangle(matched), t = HistogramMatching.UpperTriangle(target);
        Array.Sort(m);
        Array.Sort(t);
        Assert.Equal(t, m);   // exactly the same multiset of values
        AssertMonotone(HistogramMatching.UpperTriangle(source), HistogramMatching.UpperTriangle(matched));
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(0, matched[i, i]);
            for (int j = 0; j < 30; j++) Assert.Equal(matched[i, j], matched[j, i]);
        }
    }

    [Fact]
    public void The_power_transform_recovers_a_planted_alpha_and_lambda_and_then_the_distributions_are_equal()
    {
        double[,] source = RandomDissimilarity(40, 3, r => 3 * r.NextDouble());
        var planted = new PowerTransform(2.5, 0.6, 0, 0);
        double[,] target = HistogramMatching.ApplyPower(source, planted);
        PowerTransform fit = HistogramMatching.FitPower(source, target);
        Assert.Equal(2.5, fit.Alpha, 1e-4);
        Assert.Equal(0.6, fit.Lambda, 1e-4);
        Assert.True(fit.Wasserstein < 1e-5 * fit.WassersteinBefore, $"W₂ {fit.Wasserstein} after, {fit.WassersteinBefore} before");
        double[] m = HistogramMatching.UpperTriangle(HistogramMatching.ApplyPower(source, fit)), t = HistogramMatching.UpperTriangle(target);
        Array.Sort(m);
        Array.Sort(t);
        for (int k = 0; k < m.Length; k++) Assert.Equal(t[k], m[k], 1e-4);
    }

    [Fact]
    public void The_power_transform_is_monotone_and_brings_other_histograms_closer()
    {
        double[,] source = RandomDissimilarity(30, 4, r => r.NextDouble());
        double[,] target = RandomDissimilarity(30, 5, r => 10 * Math.Pow(r.NextDouble(), 3));
        PowerTransform fit = HistogramMatching.FitPower(source, target);
        Assert.True(fit.Alpha > 0);
        Assert.True(fit.Wasserstein < 0.5 * fit.WassersteinBefore, $"W₂ {fit.Wasserstein} after, {fit.WassersteinBefore} before");
        AssertMonotone(HistogramMatching.UpperTriangle(source), HistogramMatching.UpperTriangle(HistogramMatching.ApplyPower(source, fit)));
        Assert.Equal(0.7 * Math.Log(3), new PowerTransform(0.7, 0, 0, 0).Apply(2), 1e-14);   // λ → 0: α log(1 + d)
    }
}
