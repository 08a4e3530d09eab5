using Engram.Numerics;

namespace Engram.Tests.Numerics;

public class CorrelationTests
{
    [Fact]
    public void Exactly_equal_values_share_their_average_rank()
    {
        Assert.Equal(new[] { 1.5, 1.5, 3, 4 }, Correlation.Ranks([2, 2, 5, 7]));
        Assert.Equal(new[] { 4.0, 2, 2, 2 }, Correlation.Ranks([9, 1, 1, 1]));
    }

    [Fact]
    public void Values_that_differ_by_rounding_are_ranked_apart_as_scipy_ranks_them()
    {
        // scipy.stats.rankdata([1.0, 1.0 + 2**-52, 0.5]) = [2, 3, 1]: only exact equality is a tie.
        Assert.Equal(new[] { 2.0, 3, 1 }, Correlation.Ranks([1.0, 1.0 + Math.Pow(2, -52), 0.5]));
    }

    [Fact]
    public void Simulated_values_equal_up_to_rounding_tie_in_the_simulation_summary()
    {
        // Three clusters of mathematically equal energies, each member off by a few ulps; the forgetting follows the
        // clusters exactly. With noise-ordered ranks ρ falls below 1; with rounding-level ties it is 1.
        double u = Math.Pow(2, -52);
        double[] energy = [-0.5 * (1 + u), -0.5, -0.5 * (1 - u), 0.1, 0.1 * (1 + 2 * u), 0.7 * (1 - u), 0.7];
        double[] forgetting = [0.02, 0.02, 0.02, 0.05, 0.05, 0.09, 0.09];
        Assert.Equal(1.0, Correlation.SpearmanOrZero(energy, forgetting), 12);
        Assert.True(Correlation.Spearman(energy, forgetting) < 0.99);
        Assert.Equal(new[] { 2.0, 2, 2, 4.5, 4.5, 6.5, 6.5 }, Correlation.Ranks(energy, Correlation.SimulationTieTolerance));
    }

    [Fact]
    public void Spearman_with_ties_equals_scipy()
    {
        // scipy.stats.spearmanr([1, 2, 2, 3, 5, 2], [2, 1, 3, 3, 4, 0]) and pearsonr of the same (scipy 1.10.1).
        double[] x = [1, 2, 2, 3, 5, 2], y = [2, 1, 3, 3, 4, 0];
        Assert.Equal(0.6468431588153822, Correlation.Spearman(x, y), 12);
        Assert.Equal(0.6407232755171874, Correlation.Pearson(x, y), 12);
    }

    [Fact]
    public void A_constant_side_has_no_correlation_and_says_so()
    {
        var e = Assert.Throws<ArgumentException>(() => Correlation.Spearman([1, 1, 1], [1, 2, 3]));
        Assert.Contains("constant", e.Message);
        Assert.False(Correlation.TryPearson([1, 2, 3], [4, 4, 4], out _));
        Assert.Equal(0, Correlation.SpearmanOrZero([1.0, 1, 1], [1.0, 2, 3]));
    }

    [Fact]
    public void Different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, 2, 3], [1, 2]));
    }
}
