using Engram.Numerics;

namespace Engram.Tests.Numerics;

public class SymmetricEigenTests
{
    static double[] RandomSymmetric(int n, Random random)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = random.NextDouble() * 2 - 1;
        return a;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(60)]
    public void Decomposition_reconstructs_the_matrix_with_orthonormal_vectors_and_ascending_values(int n)
    {
        var random = new Random(n);
        double[] a = RandomSymmetric(n, random);
        var (values, vectors) = SymmetricEigen.Decompose(a, n);
        for (int k = 1; k < n; k++) Assert.True(values[k] >= values[k - 1]);
        for (int p = 0; p < n; p++)
            for (int q = 0; q < n; q++)
            {
                double dot = 0, reconstructed = 0;
                for (int i = 0; i < n; i++) dot += vectors[i * n + p] * vectors[i * n + q];
                for (int k = 0; k < n; k++) reconstructed += vectors[p * n + k] * values[k] * vectors[q * n + k];
                Assert.Equal(p == q ? 1 : 0, dot, tolerance: 1e-12);
                Assert.Equal(a[p * n + q], reconstructed, tolerance: 1e-12);
            }
    }

    [Fact]
    public void Known_spectra_are_found_including_repeated_and_zero_eigenvalues()
    {
        // [[2,1],[1,2]] has eigenvalues 1 and 3 with vectors (1,−1)/√2 and (1,1)/√2.
        var (values, vectors) = SymmetricEigen.Decompose([2, 1, 1, 2], 2);
        Assert.Equal(1, values[0], 14);
        Assert.Equal(3, values[1], 14);
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(vectors[0 * 2 + 1]), 14);
        // The all-ones 4 × 4 matrix: eigenvalues 0, 0, 0, 4.
        var (ones, _) = SymmetricEigen.Decompose(Enumerable.Repeat(1.0, 16).ToArray(), 4);
        Assert.Equal([0, 0, 0, 4], ones.Select(v => Math.Round(v, 12)).ToArray());
        // A diagonal matrix is its own decomposition.
        var (diagonal, _) = SymmetricEigen.Decompose([5, 0, 0, 0, -2, 0, 0, 0, 0], 3);
        Assert.Equal([-2, 0, 5], diagonal);
    }

    [Fact]
    public void Repeated_calls_give_bitwise_identical_results_on_several_threads()
    {
        double[] a = RandomSymmetric(40, new Random(1));
        var (values, vectors) = SymmetricEigen.Decompose(a, 40);
        Parallel.For(0, 16, _ =>
        {
            var (v, w) = SymmetricEigen.Decompose(a, 40);
            Assert.Equal(values, v);
            Assert.Equal(vectors, w);
        });
    }

    [Fact]
    public void Non_square_or_non_finite_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new double[6], 2));
        Assert.Contains("matrix[1, 0] is NaN", Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose([1, 0, double.NaN, 1], 2)).Message);
    }
}
