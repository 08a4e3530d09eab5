using Engram.Numerics;

namespace Engram.Tests.Numerics;

public class HouseholderQrTests
{
    [Fact]
    public void Q_has_orthonormal_columns_spanning_G_with_numpys_signs()
    {
        const int rows = 7, cols = 3;
        double[] g = StandardNormal.Draw(new Random(4), rows * cols);
        double[] q = HouseholderQr.OrthonormalColumns(g, rows, cols);
        double[] qt = DenseMatrix.Transpose(q, rows, cols);
        var qtq = new double[cols * cols];
        DenseMatrix.Multiply(qt, q, qtq, cols, rows, cols);
        for (int i = 0; i < cols; i++) for (int j = 0; j < cols; j++) Assert.Equal(i == j ? 1 : 0, qtq[i * cols + j], 12);
        // R = QᵀG is upper triangular, and Q R = G.
        var r = new double[cols * cols];
        DenseMatrix.Multiply(qt, g, r, cols, rows, cols);
        for (int i = 0; i < cols; i++) for (int j = 0; j < i; j++) Assert.Equal(0, r[i * cols + j], 12);
        var back = new double[rows * cols];
        DenseMatrix.Multiply(q, r, back, rows, cols, cols);
        for (int i = 0; i < g.Length; i++) Assert.Equal(g[i], back[i], 12);
        // LAPACK's dgeqrf, as numpy: R's diagonal has the opposite sign of the column's leading entry it reflects.
        Assert.Equal(-Math.Sign(g[0]), Math.Sign(r[0]));
    }
}
