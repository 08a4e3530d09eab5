using System.Runtime.CompilerServices;

namespace Engram.Numerics;

/// <summary>
/// Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix in float64 (row-major, lower triangle
/// read), with what is built on it: log det A = 2 Σᵢ log Lᵢᵢ (no overflow, no loss for tiny or huge
/// determinants), solves and the inverse (Golub &amp; Van Loan, Matrix Computations, 4th ed., §4.2). Fixed
/// operation order, so results are bitwise reproducible. Meant for the small matrices of covariance work (n up to a
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
            double d = rowJ[j] - Dot(rowJ[..j], rowJ[..j]);
            if (!(d > 0) || !double.IsFinite(d)) return false;
            double ljj = Math.Sqrt(d);
            rowJ[j] = ljj;
            double inverse = 1 / ljj;
            for (int i = j + 1; i < n; i++)
            {
                Span<double> rowI = a.Slice(i * n, j + 1);
                rowI[j] = (rowI[j] - Dot(rowI[..j], rowJ[..j])) * inverse;
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
                if (l != 0) Axpy(-l, b.Slice(k * m, m), bi);
            }
            Scale(bi, 1 / factor[i * n + i]);
        }
        for (int i = n - 1; i >= 0; i--)                   // Lᵀ X = Y
        {
            Span<double> bi = b.Slice(i * m, m);
            for (int k = i + 1; k < n; k++)
            {
                double l = factor[k * n + i];
                if (l != 0) Axpy(-l, b.Slice(k * m, m), bi);
            }
            Scale(bi, 1 / factor[i * n + i]);
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
        for (int i = 0; i < n; i++)                        // exact symmetry
            for (int j = 0; j < i; j++)
                inverse[i * n + j] = inverse[j * n + i] = 0.5 * (inverse[i * n + j] + inverse[j * n + i]);
        return true;
    }

    static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int k = 0; k < x.Length; k++) s += x[k] * y[k];
        return s;
    }

    static void Axpy(double s, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int k = 0; k < y.Length; k++) y[k] += s * x[k];
    }

    static void Scale(Span<double> x, double s)
    {
        for (int k = 0; k < x.Length; k++) x[k] *= s;
    }
}
