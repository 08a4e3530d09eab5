namespace Engram.Numerics;

/// <summary>
/// Householder QR of a tall float64 matrix (Golub &amp; Van Loan, Matrix Computations, 4th ed., §5.2), the
/// orthonormal bases of the drift experiments' random rotations and memory clusters. Reflectors follow LAPACK's
/// dlarfg convention, so the result matches numpy's <c>np.linalg.qr</c> column signs.
/// </summary>
internal static class HouseholderQr
{
    /// <summary>
    /// Thin Q (rows × cols, orthonormal columns) of the Householder QR of G (rows × cols, row-major,
    /// rows ≥ cols), with numpy's sign convention (R's diagonal as LAPACK leaves it: Q = H₁⋯H_k I).
    /// </summary>
    public static double[] OrthonormalColumns(ReadOnlySpan<double> g, int rows, int cols)
    {
        // Work column-major on a copy: column j is r[j*rows .. j*rows+rows).
        var r = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) r[j * rows + i] = g[i * cols + j];
        var vs = new double[cols][];
        var taus = new double[cols];
        for (int j = 0; j < cols; j++)
        {
            Span<double> x = r.AsSpan(j * rows + j, rows - j);
            double norm = Math.Sqrt(DenseMatrix.Dot(x, x));
            var v = new double[rows - j];
            x.CopyTo(v);
            double alpha = x[0] >= 0 ? -norm : norm;          // LAPACK dlarfg: beta = −sign(α)‖x‖
            double tau = 0;
            if (norm > 0)
            {
                v[0] -= alpha;
                double scale = 1.0 / v[0];
                for (int i = 1; i < v.Length; i++) v[i] *= scale;
                v[0] = 1;
                tau = (alpha - x[0]) / alpha;
            }
            vs[j] = v;
            taus[j] = tau;
            // Apply H = I − τ v vᵀ to the remaining columns.
            for (int c = j; c < cols; c++)
            {
                Span<double> col = r.AsSpan(c * rows + j, rows - j);
                double w = tau * DenseMatrix.Dot(v, col);
                DenseMatrix.Axpy(-w, v, col);
            }
        }
        // Q = H_1 H_2 ⋯ H_k applied to the first cols columns of I (backward accumulation).
        var q = new double[cols * rows]; // column-major
        for (int j = 0; j < cols; j++) q[j * rows + j] = 1;
        for (int j = cols - 1; j >= 0; j--)
        {
            double[] v = vs[j];
            for (int c = 0; c < cols; c++)
            {
                Span<double> col = q.AsSpan(c * rows + j, rows - j);
                double w = taus[j] * DenseMatrix.Dot(v, col);
                DenseMatrix.Axpy(-w, v, col);
            }
        }
        var result = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) result[i * cols + j] = q[j * rows + i];
        return result;
    }
}
