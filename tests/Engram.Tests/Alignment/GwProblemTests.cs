using Engram.Alignment;

namespace Engram.Tests.Alignment;

public class GwProblemTests
{
    static double[,] Line(int n)
    {
        var d = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) d[i, j] = Math.Abs(i - j);
        return d;
    }

    static double[,] Points(int n, int dims)
    {
        var random = new Random(n * 31 + dims);
        var x = new double[n, dims];
        for (int i = 0; i < n; i++) for (int k = 0; k < dims; k++) x[i, k] = random.NextDouble();
        return x;
    }

    [Fact]
    public void Sides_of_different_sizes_get_uniform_marginals_of_their_own_size()
    {
        var problem = new GwProblem(Line(4), Line(6));
        Assert.Equal((4, 6), (problem.N, problem.M));
        Assert.All(problem.P, v => Assert.Equal(0.25, v));
        Assert.All(problem.Q, v => Assert.Equal(1.0 / 6, v));
        Assert.Empty(problem.Warnings);
    }

    [Fact]
    public void Marginals_that_do_not_fit_their_side_are_rejected()
    {
        Assert.Contains("q has 4 weights but its side has 6 items",
            Assert.Throws<ArgumentException>(() => new GwProblem(Line(4), Line(6), q: Marginals.Uniform(4))).Message);
        Assert.Contains("p sums to 0.9",
            Assert.Throws<ArgumentException>(() => new GwProblem(Line(2), Line(2), p: [0.45, 0.45])).Message);
    }

    [Fact]
    public void Each_matrix_is_validated_under_its_own_name()
    {
        double[,] bad = Line(3);
        bad[0, 2] = -1;
        Assert.Contains("the second dissimilarity matrix[0, 2] = -1 is negative",
            Assert.Throws<ArgumentException>(() => new GwProblem(Line(3), bad)).Message);
    }

    [Fact]
    public void Repairs_on_both_sides_are_collected_as_warnings()
    {
        double[,] d1 = Line(3), d2 = Line(3);
        d1[0, 1] += 1e-9;
        d2[1, 1] = 0.5;
        var problem = new GwProblem(d1, d2);
        Assert.Equal(2, problem.Warnings.Count);
        Assert.Contains("the first dissimilarity matrix: asymmetry", problem.Warnings[0]);
        Assert.Contains("the second dissimilarity matrix: 1 diagonal entries", problem.Warnings[1]);
    }

    [Fact]
    public void Low_rank_factors_must_describe_as_many_items_as_their_matrix()
    {
        double[,] x = Points(5, 2);
        var d = Dissimilarity.FromEmbedding(x, DissimilarityMetric.SqEuclidean);
        var e = Assert.Throws<ArgumentException>(() => new GwProblem(d, d, factors2: LowRankFactors.SqEuclidean(Points(4, 2))));
        Assert.Contains("the second low-rank factors describe 4 items, the matrix 5", e.Message);
    }

    [Fact]
    public void Low_rank_factors_reproduce_squared_distances_and_are_used_only_when_their_rank_is_small()
    {
        double[,] x = Points(9, 2);
        LowRankFactors f = LowRankFactors.SqEuclidean(x);
        double[,] d = Dissimilarity.FromEmbedding(x, DissimilarityMetric.SqEuclidean);
        for (int i = 0; i < 9; i++)
            for (int j = 0; j < 9; j++)
                Assert.Equal(d[i, j], Enumerable.Range(0, f.Rank).Sum(k => f.A[i, k] * f.B[j, k]), 1e-12);
        Assert.True(new GwProblem(d, d, factors1: f, factors2: f).UsesLowRankProduct);           // 4 + 4 < 9
        Assert.False(new GwProblem(d, d, factors1: f).UsesLowRankProduct);                       // one side only
        double[,] small = Points(7, 2);
        LowRankFactors g = LowRankFactors.SqEuclidean(small);
        double[,] ds = Dissimilarity.FromEmbedding(small, DissimilarityMetric.SqEuclidean);
        Assert.False(new GwProblem(ds, ds, factors1: g, factors2: g).UsesLowRankProduct);        // 4 + 4 ≥ 7
    }
}
