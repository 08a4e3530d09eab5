using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engram.Numerics;

/// <summary>
/// LU decomposition with partial pivoting for the small dense float64 systems of Engram (the Padé denominator of
/// <see cref="MatrixExponential"/>): Gaussian elimination on the augmented rows [A | B] (Golub &amp; Van Loan,
/// Matrix Computations, 4th ed., §3.4), managed and vectorised for the reasons given on <see cref="DenseMatrix"/>.
/// </summary>
internal static class LuDecomposition
{
    /// <summary>
    /// Solves A X = B (A n × n, B n × m, row-major) by Gaussian elimination with partial pivoting on the augmented
    /// rows [A | B], so every elimination step is one vectorised update of a contiguous row tail; X overwrites B and
    /// A is left unchanged. Throws when A is numerically singular.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Solve(Span<double> a, Span<double> b, int n, int m)
    {
        int w = n + m;
        var aug = new double[n * w];
        for (int i = 0; i < n; i++)
        {
            a.Slice(i * n, n).CopyTo(aug.AsSpan(i * w, n));
            b.Slice(i * m, m).CopyTo(aug.AsSpan(i * w + n, m));
        }
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(aug);
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            double best = Math.Abs(aug[col * w + col]);
            for (int r = col + 1; r < n; r++)
            {
                double v = Math.Abs(aug[r * w + col]);
                if (v > best) { best = v; pivot = r; }
            }
            if (!(best > 0)) throw new InvalidOperationException("singular matrix in the linear solve (the Padé denominator); the input is not finite or badly scaled.");
            if (pivot != col) SwapRows(aug, pivot, col, w);
            double inverse = 1.0 / aug[col * w + col];
            int tail = w - col - 1;
            for (int r = col + 1; r < n; r++)
            {
                double f = aug[r * w + col] * inverse;
                if (f != 0) SubtractScaled(ref Unsafe.Add(ref r0, r * w + col + 1), ref Unsafe.Add(ref r0, col * w + col + 1), f, tail);
            }
        }
        for (int row = n - 1; row >= 0; row--)
        {
            ref double x = ref Unsafe.Add(ref r0, row * w + n);
            for (int c = row + 1; c < n; c++) SubtractScaled(ref x, ref Unsafe.Add(ref r0, c * w + n), aug[row * w + c], m);
            double inv = 1.0 / aug[row * w + row];
            for (int j = 0; j < m; j++) Unsafe.Add(ref x, j) *= inv;
        }
        for (int i = 0; i < n; i++) aug.AsSpan(i * w + n, m).CopyTo(b.Slice(i * m, m));
    }

    static void SwapRows(Span<double> m, int i, int j, int width)
    {
        Span<double> ri = m.Slice(i * width, width), rj = m.Slice(j * width, width);
        for (int t = 0; t < width; t++) (ri[t], rj[t]) = (rj[t], ri[t]);
    }

    /// <summary>y[0..count) −= f·x[0..count), vectorised, on references (no span bookkeeping in the LU's inner loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SubtractScaled(ref double y, ref double x, double f, int count)
    {
        int width = Vector<double>.Count, j = 0;
        var fv = new Vector<double>(f);
        for (; j <= count - width; j += width)
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref y, (nuint)j) - fv * Vector.LoadUnsafe(ref x, (nuint)j), ref y, (nuint)j);
        for (; j < count; j++) Unsafe.Add(ref y, j) -= f * Unsafe.Add(ref x, j);
    }
}
