using Engram.Alignment.Evaluation;

namespace Engram.Tests.Alignment.Evaluation;

public class RsaTests
{
    static readonly double[,] A = { { 0, 1, 2, 3 }, { 1, 0, 2, 5 }, { 2, 2, 0, 1 }, { 3, 5, 1, 0 } };
    static readonly double[,] B = { { 0, 2, 2, 1 }, { 2, 0, 4, 3 }, { 2, 4, 0, 2 }, { 1, 3, 2, 0 } };

    [Fact]
    public void Pearson_and_Spearman_with_ties_equal_scipy()
    {
        // scipy.stats.pearsonr / spearmanr on the upper triangles (values printed by scipy 1.10.1).
        Assert.Equal(0.17149858514250885, Rsa.Pearson(A, B), 12);
        Assert.Equal(0.12506107989614448, Rsa.Spearman(A, B), 12);
    }

    [Fact]
    public void A_matrix_correlates_perfectly_with_a_monotone_transform_of_itself()
    {
        var c = new double[4, 4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) c[i, j] = Math.Exp(A[i, j]);
        Assert.Equal(1.0, Rsa.Spearman(A, c), 12);
        Assert.True(Rsa.Pearson(A, c) < 1);
    }

    [Fact]
    public void A_constant_matrix_has_no_correlation_and_says_so()
    {
        var constant = new double[,] { { 0, 1, 1 }, { 1, 0, 1 }, { 1, 1, 0 } };
        var e = Assert.Throws<ArgumentException>(() => Rsa.Pearson(constant, constant));
        Assert.Contains("constant", e.Message);
    }
}
