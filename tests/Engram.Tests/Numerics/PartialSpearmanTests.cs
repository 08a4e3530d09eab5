using Engram.Numerics;

namespace Engram.Tests.Numerics;

public class PartialSpearmanTests
{
    static readonly double[] X = [3, 1, 4, 1.5, 5, 9, 2, 6, 5.5, 3.5];
    static readonly double[] Y = [2, 7, 1, 8, 2.5, 8.1, 2.8, 1.8, 2.9, 4.5];
    static readonly double[] Z = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10.5];

    [Fact]
    public void One_group_and_no_covariate_is_spearmans_rho()
    {
        Assert.True(PartialSpearman.TryCompute(X, Y, new int[X.Length], [], out double rho));
        Assert.Equal(Correlation.Spearman(X, Y), rho, 12);
    }

    [Fact]
    public void One_covariate_gives_the_textbook_partial_correlation_of_the_ranks()
    {
        double rxy = Correlation.Spearman(X, Y), rxz = Correlation.Spearman(X, Z), ryz = Correlation.Spearman(Y, Z);
        double expected = (rxy - rxz * ryz) / Math.Sqrt((1 - rxz * rxz) * (1 - ryz * ryz));
        Assert.True(PartialSpearman.TryCompute(X, Y, new int[X.Length], [Z], out double rho));
        Assert.Equal(expected, rho, 10);
    }

    [Fact]
    public void Given_the_group_a_between_group_shift_disappears_and_the_within_group_relation_remains()
    {
        // Within each group y rises with x; group 1 has high x and low y, which makes the pooled ρ negative.
        double[] x = [1, 2, 3, 4, 5, 11, 12, 13, 14, 15];
        double[] y = [11, 12, 13, 14, 15, 1, 2, 3, 4, 5];
        int[] g = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
        Assert.True(Correlation.Spearman(x, y) < -0.4);
        Assert.True(PartialSpearman.TryCompute(x, y, g, [], out double rho));
        Assert.Equal(1, rho, 12);
        // Residualising on the group is subtracting each group's mean.
        Assert.Equal([-2, -1, 0, 1, 2, -2, -1, 0, 1, 2], PartialSpearman.WithinGroupCentred(x, g));
    }

    [Fact]
    public void A_variable_that_is_a_function_of_the_controls_has_no_partial_correlation()
    {
        Assert.False(PartialSpearman.TryCompute(Z, Y, new int[Z.Length], [Z], out _));
        Assert.Throws<ArgumentException>(() => PartialSpearman.TryCompute([1, 2], [1, 2], [0, 0], [], out _));
    }
}
