using System.Runtime.CompilerServices;

namespace Engram.Numerics;

/// <summary>
/// Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix in float64 (row-major, lower triangle
/// read), with what is built on it: log det A = 2 Σᵢ log Lᵢᵢ (no overflow, no loss for tiny or huge
/// determinants), solves, the inverse and the inverse of the factor (Golub &amp; Van Loan, Matrix Computations, 4th ed.,
/// §4.2). Every sum runs left to right (<see cref="DenseMatrix.DotInOrder"/>), so results are the same to the last bit
/// on every machine. Meant for the small matrices of covariance work (n up to a
/// few hundred).
/// </summary>
public static class Cholesky
{
    /// <summary>
    /// Overwrites the lower triangle of <paramref name="a"/> (n × n, row-major) with L; the strict upper triangle is
    /// left as it was. Returns false when a pivot is not positive and finite (A is not numerically positive-definite).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFactor(Span<double> a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            Span<double> rowJ = a.Slice(j * n, j + 1);
            double d = rowJ[j] - DenseMatrix.DotInOrder(rowJ[..j], rowJ[..j]);
            if (!(d > 0) || !double.IsFinite(d)) return false;
            double ljj = Math.Sqrt(d);
            rowJ[j] = ljj;
            double inverse = 1 / ljj;
            for (int i = j + 1; i < n; i++)
            {
                Span<double> rowI = a.Slice(i * n, j + 1);
                rowI[j] = (rowI[j] - DenseMatrix.DotInOrder(rowI[..j], rowJ[..j])) * inverse;
            }
        }
        return true;
    }

    /// <summary>log det A from its factor L (output of <see cref="TryFactor"/>): 2 Σᵢ log Lᵢᵢ.</summary>
    public static double LogDeterminantOfFactor(ReadOnlySpan<double> factor, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.Log(factor[i * n + i]);
        return 2 * sum;
    }

    /// <summary>
    /// log det A of a symmetric positive-definite n × n matrix, using <paramref name="scratch"/> (≥ n² values) for the
    /// factor; false when A is not numerically positive-definite.
    /// </summary>
    public static bool TryLogDeterminant(ReadOnlySpan<double> a, int n, Span<double> scratch, out double logDeterminant)
    {
        Span<double> f = scratch[..(n * n)];
        a[..(n * n)].CopyTo(f);
        if (!TryFactor(f, n)) { logDeterminant = double.NaN; return false; }
        logDeterminant = LogDeterminantOfFactor(f, n);
        return true;
    }

    /// <summary>Solves L Lᵀ X = B in place (B n × m, row-major) given the factor L from <see cref="TryFactor"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveWithFactor(ReadOnlySpan<double> factor, int n, Span<double> b, int m)
    {
        for (int i = 0; i < n; i++)                        // L Y = B
        {
            Span<double> bi = b.Slice(i * m, m);
            for (int k = 0; k < i; k++)
            {
                double l = factor[i * n + k];
                if (l != 0) DenseMatrix.Axpy(-l, b.Slice(k * m, m), bi);
            }
            DenseMatrix.Scale(bi, 1 / factor[i * n + i]);
        }
        for (int i = n - 1; i >= 0; i--)                   // Lᵀ X = Y
        {
            Span<double> bi = b.Slice(i * m, m);
            for (int k = i + 1; k < n; k++)
            {
                double l = factor[k * n + i];
                if (l != 0) DenseMatrix.Axpy(-l, b.Slice(k * m, m), bi);
            }
            DenseMatrix.Scale(bi, 1 / factor[i * n + i]);
        }
    }

    /// <summary>A⁻¹ of a symmetric positive-definite n × n matrix (row-major); false when A is not positive-definite.</summary>
    public static bool TryInverse(ReadOnlySpan<double> a, int n, out double[] inverse)
    {
        var f = a[..(n * n)].ToArray();
        inverse = new double[n * n];
        if (!TryFactor(f, n)) return false;
        for (int i = 0; i < n; i++) inverse[i * n + i] = 1;
        SolveWithFactor(f, n, inverse, n);
        DenseMatrix.Symmetrise(inverse, n);                // exact symmetry
        return true;
    }

    /// <summary>
    /// The lower factor L of a symmetric positive-definite n × n matrix as a new array, its strict upper triangle zero.
    /// </summary>
    /// <exception cref="ArgumentException">A is not numerically positive-definite.</exception>
    public static double[] LowerFactor(ReadOnlySpan<double> a, int n)
    {
        var f = a[..(n * n)].ToArray();
        if (!TryFactor(f, n)) throw new ArgumentException(NotPositiveDefinite);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) f[i * n + j] = 0;
        return f;
    }

    /// <summary>A⁻¹ of a symmetric positive-definite n × n matrix.</summary>
    /// <exception cref="ArgumentException">A is not numerically positive-definite.</exception>
    public static double[] Inverse(ReadOnlySpan<double> a, int n) =>
        TryInverse(a, n, out double[] inverse) ? inverse : throw new ArgumentException(NotPositiveDefinite);

    /// <summary>log det(I + M) of a symmetric positive semi-definite n × n matrix M.</summary>
    /// <exception cref="InvalidOperationException">I + M is not positive-definite (M was not positive semi-definite).</exception>
    public static double LogDeterminantOfIdentityPlus(ReadOnlySpan<double> m, int n)
    {
        var a = m[..(n * n)].ToArray();
        for (int i = 0; i < n; i++) a[i * n + i] += 1;
        if (!TryFactor(a, n)) throw new InvalidOperationException("I + M is not positive-definite although M should be positive semi-definite.");
        return LogDeterminantOfFactor(a, n);
    }

    /// <summary>
    /// L⁻¹ (lower triangular, written into the lower triangle of <paramref name="inverse"/>, n × n, whose strict upper
    /// triangle is zeroed) of the factor L from <see cref="TryFactor"/>, by forward substitution on the columns of the
    /// identity: (L⁻¹)ᵢⱼ = (δᵢⱼ − Σ_{j≤p&lt;i} Lᵢₚ (L⁻¹)ₚⱼ) / Lᵢᵢ.
    /// </summary>
    public static void InvertFactor(ReadOnlySpan<double> factor, int n, Span<double> inverse)
    {
        inverse[..(n * n)].Clear();
        for (int col = 0; col < n; col++)
            for (int i = col; i < n; i++)
            {
                double s = i == col ? 1 : 0;
                for (int p = col; p < i; p++) s -= factor[i * n + p] * inverse[p * n + col];
                inverse[i * n + col] = s / factor[i * n + i];
            }
    }

    const string NotPositiveDefinite = "a covariance block is not numerically positive-definite; regularise the covariance (a ridge on the diagonal).";
}
