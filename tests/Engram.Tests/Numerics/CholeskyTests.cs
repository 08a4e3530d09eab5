using Engram.Numerics;

namespace Engram.Tests.Numerics;

public class CholeskyTests
{
    /// <summary>A well-conditioned symmetric positive-definite matrix G Gᵀ + n I.</summary>
    static double[] Spd(int n, int seed)
    {
        double[] g = StandardNormal.Draw(new Random(seed), n * n);
        var a = new double[n * n];
        DenseMatrix.MultiplyTransposedInOrder(g, g, a, n, n, n);
        for (int i = 0; i < n; i++) a[i * n + i] += n;
        return a;
    }

    [Fact]
    public void The_factor_reproduces_the_matrix_and_its_log_determinant_is_the_sum_of_the_log_eigenvalues()
    {
        const int n = 6;
        double[] a = Spd(n, 1);
        double[] l = Cholesky.LowerFactor(a, n);
        var product = new double[n * n];
        DenseMatrix.MultiplyTransposedInOrder(l, l, product, n, n, n);
        for (int i = 0; i < n * n; i++) Assert.Equal(a[i], product[i], 10);
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) Assert.Equal(0, l[i * n + j]);
        double logDet = SymmetricEigen.Decompose(a, n).Values.Sum(Math.Log);
        Assert.True(Cholesky.TryLogDeterminant(a, n, new double[n * n], out double ours));
        Assert.Equal(logDet, ours, 10);
        Assert.Equal(SymmetricEigen.Decompose(a, n).Values.Sum(v => Math.Log(1 + v)), Cholesky.LogDeterminantOfIdentityPlus(a, n), 10);
    }

    [Fact]
    public void The_inverse_and_the_inverse_of_the_factor_give_the_identity()
    {
        const int n = 5;
        double[] a = Spd(n, 2);
        double[] inverse = Cholesky.Inverse(a, n);
        double[] l = Cholesky.LowerFactor(a, n);
        var lInverse = new double[n * n];
        Cholesky.InvertFactor(l, n, lInverse);
        var ai = new double[n * n];
        var li = new double[n * n];
        DenseMatrix.Multiply(a, inverse, ai, n, n, n);
        DenseMatrix.Multiply(lInverse, l, li, n, n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(i == j ? 1 : 0, ai[i * n + j], 12);
                Assert.Equal(i == j ? 1 : 0, li[i * n + j], 12);
                Assert.Equal(inverse[i * n + j], inverse[j * n + i]);               // exactly symmetric
                if (j > i) Assert.Equal(0, lInverse[i * n + j]);                   // lower triangular
            }
    }

    [Fact]
    public void A_matrix_that_is_not_positive_definite_is_refused()
    {
        double[] indefinite = [1, 2, 2, 1];
        Assert.False(Cholesky.TryFactor(indefinite.ToArray(), 2));
        Assert.Contains("not numerically positive-definite", Assert.Throws<ArgumentException>(() => Cholesky.LowerFactor(indefinite, 2)).Message);
        Assert.Throws<ArgumentException>(() => Cholesky.Inverse(indefinite, 2));
        Assert.Throws<InvalidOperationException>(() => Cholesky.LogDeterminantOfIdentityPlus([-3, 0, 0, 1], 2));
        Assert.False(Cholesky.TryFactor([double.NaN], 1));
    }
}
