using CsCheck;
using Engram.Alignment;

namespace Engram.Tests.Alignment;

public class MarginalsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1854)]
    public void Uniform_weights_are_one_over_n_and_sum_to_one(int n)
    {
        double[] p = Marginals.Uniform(n);
        Assert.Equal(n, p.Length);
        Assert.All(p, v => Assert.Equal(1.0 / n, v));
        Assert.Equal(1.0, p.Sum(), 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Uniform_needs_at_least_one_item(int n) =>
        Assert.Contains($"got {n}", Assert.Throws<ArgumentException>(() => Marginals.Uniform(n)).Message);

    [Fact]
    public void Valid_weights_come_back_as_a_renormalised_copy()
    {
        Gen.Select(Gen.Int[1, 30], Gen.Int[0, int.MaxValue], Gen.Double[-9e-7, 9e-7]).Sample((n, seed, drift) =>
        {
            double[] p = TransportPlans.RandomDistribution(new Random(seed), n);
            p[0] += drift * p[0];                         // off by less than 1e-6 in total
            double[] before = (double[])p.Clone();
            double[] valid = Marginals.Validate(p, n, "p");
            Assert.NotSame(p, valid);
            Assert.Equal(before, p);
            Assert.Equal(1.0, valid.Sum(), 14);
            double sum = p.Sum();
            for (int i = 0; i < n; i++) Assert.Equal(p[i] / sum, valid[i], 15);
        }, iter: 200);
    }

    [Fact]
    public void Wrong_length_is_rejected_naming_both_counts() =>
        Assert.Contains("p has 2 weights but its side has 3 items", Assert.Throws<ArgumentException>(() => Marginals.Validate([0.5, 0.5], 3, "p")).Message);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.25)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_weight_that_is_not_finite_and_positive_is_rejected_naming_it(double bad)
    {
        var e = Assert.Throws<ArgumentException>(() => Marginals.Validate([0.5, 0.5 - (double.IsFinite(bad) ? bad : 0), bad], 3, "q"));
        Assert.Contains($"q[2] = {bad}", e.Message);
        Assert.Contains("> 0", e.Message);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(1.00001)]
    [InlineData(2.0)]
    public void Weights_that_do_not_sum_to_one_are_rejected_with_their_sum(double total)
    {
        var e = Assert.Throws<ArgumentException>(() => Marginals.Validate([total / 4, total / 4, total / 2], 3, "p"));
        Assert.Contains($"p sums to {total / 4 + total / 4 + total / 2}", e.Message);
        Assert.Contains("not 1", e.Message);
    }
}
