using Engram.Numerics;

namespace Engram.Tests.Numerics;

public class DenseMatrixTests
{
    static double[] Random(int count, int seed) => StandardNormal.Draw(new Random(seed), count);

    [Fact]
    public void The_vectorised_and_the_in_order_dot_products_agree_and_the_in_order_one_sums_left_to_right()
    {
        double[] x = Random(37, 1), y = Random(37, 2);
        double expected = 0;
        for (int i = 0; i < x.Length; i++) expected += x[i] * y[i];
        Assert.Equal(expected, DenseMatrix.DotInOrder(x, y));                       // the same bits
        Assert.Equal(expected, DenseMatrix.Dot(x, y), 12);
        Assert.Equal(1e16, DenseMatrix.DotInOrder([1e16, 1, -1], [1, 1, 1]));       // (1e16 + 1) − 1 in order
    }

    [Fact]
    public void Every_product_of_A_and_B_transposed_agrees_with_the_definition()
    {
        const int n = 5, k = 7, m = 3;
        double[] a = Random(n * k, 3), b = Random(m * k, 4);                        // B stored m × k
        var plain = new double[n * m];
        DenseMatrix.Multiply(a, DenseMatrix.Transpose(b, m, k), plain, n, k, m);
        var vectorised = new double[n * m];
        var inOrder = new double[n * m];
        DenseMatrix.MultiplyTransposed(a, b, vectorised, n, k, m);
        DenseMatrix.MultiplyTransposedInOrder(a, b, inOrder, n, k, m);
        var blas = new double[n * m];
        Gemm.Multiply<double>(a, DenseMatrix.Transpose(b, m, k), blas, n, k, m);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
                Assert.Equal(s, inOrder[i * m + j]);
                Assert.Equal(s, vectorised[i * m + j], 12);
                Assert.Equal(s, plain[i * m + j], 12);
                Assert.Equal(s, blas[i * m + j], 12);
            }
    }

    [Fact]
    public void The_structured_product_of_powers_of_a_skew_matrix_is_exactly_symmetric_or_skew()
    {
        const int n = 6;
        double[] g = Random(n * n, 5);
        var skew = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) skew[i * n + j] = g[i * n + j] - g[j * n + i];
        Assert.True(DenseMatrix.IsSkewSymmetric(skew, n));
        var square = new double[n * n];
        var full = new double[n * n];
        DenseMatrix.MultiplyStructured(skew, skew, square, n, +1);
        DenseMatrix.Multiply(skew, skew, full, n, n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(square[i * n + j], square[j * n + i]);
                Assert.Equal(full[i * n + j], square[i * n + j], 12);
            }
    }

    [Fact]
    public void Flattening_round_trips_and_a_non_finite_entry_is_refused_by_name()
    {
        double[,] m = { { 1, 2, 3 }, { 4, 5, 6 } };
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, DenseMatrix.Flatten(m));
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, DenseMatrix.FlattenTransposed<float>(m));
        Assert.Equal(m, DenseMatrix.ToMatrix(DenseMatrix.Flatten(m), 2, 3));
        Assert.Equal(new double[,] { { 1, 4 }, { 2, 5 }, { 3, 6 } }, DenseMatrix.Transpose(m));
        Assert.Equal(new double[,] { { 1, 2, 3, 0 }, { 4, 5, 6, 0 } }, DenseMatrix.PadColumns(m, 4));
        m[1, 2] = double.NaN;
        var e = Assert.Throws<ArgumentException>(() => DenseMatrix.FlattenFinite(m, "noise"));
        Assert.Contains("noise[1, 2] is NaN", e.Message);
        Assert.Empty(DenseMatrix.ToMatrix([], 0, 3));
    }

    [Fact]
    public void Squared_distances_symmetrise_and_identity_follow_their_definitions()
    {
        double[,] a = { { 0, 0 }, { 1, 2 } }, b = { { 3, 4 }, { 1, 2 }, { 0, 1 } };
        Assert.Equal(new double[,] { { 25, 5, 1 }, { 8, 0, 2 } }, DenseMatrix.SquaredDistances(a, b));
        double[] s = [1, 2, 4, 3];
        DenseMatrix.Symmetrise(s, 2);
        Assert.Equal(new double[] { 1, 3, 3, 3 }, s);
        Assert.Equal(new double[] { 1, 0, 0, 1 }, DenseMatrix.Identity(2));
        Assert.Equal(7, DenseMatrix.OneNorm([1, -2, 3, 5], 2));
    }
}
