using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engram.Continual;

/// <summary>
/// Small dense float64 kernels on row-major arrays for the d ≈ 50 matrices of the drift experiments: a vectorised
/// matrix product (with a half-work variant for symmetric or skew results), an LU solve with partial pivoting and
/// a Householder QR. Managed on purpose: the system OpenBLAS (see <see cref="Engram.Numerics.Gemm"/>) is 3–4 times
/// faster per 50 × 50 product in isolation, but called from the parallel draws its threaded build made a whole draw
/// 3–10 times slower on the 2-core machine (measured), and libtorch costs more per call than the product itself.
/// </summary>
internal static class DenseLinearAlgebra
{
    /// <summary>C (n × m) = A (n × k) · B (k × m), all row-major; C must not alias A or B.</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m) =>
        MultiplyFrom(a, b, c, n, k, m, upperOnly: false);

    /// <summary>
    /// C = A·B for square n × n matrices whose product is known to be symmetric (<paramref name="sign"/> = +1) or
    /// skew-symmetric (−1), e.g. powers of a skew-symmetric matrix: only the upper triangle is computed (about half
    /// the work), the lower one is mirrored, so the result has the structure exactly.
    /// </summary>
    public static void MultiplyStructured(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int sign)
    {
        MultiplyFrom(a, b, c, n, n, n, upperOnly: true);
        for (int i = 0; i < n; i++)
        {
            if (sign < 0) c[i * n + i] = 0;
            for (int j = 0; j < i; j++) c[i * n + j] = sign * c[j * n + i];
        }
    }

    /// <summary>
    /// The product kernel: two rows of C at a time, so every vector of B loaded feeds two fused updates. With
    /// <paramref name="upperOnly"/>, row i starts at column i (rounded down to a vector boundary).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void MultiplyFrom(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m, bool upperOnly)
    {
        c[..(n * m)].Clear();
        ref double rb = ref MemoryMarshal.GetReference(b);
        ref double rc = ref MemoryMarshal.GetReference(c);
        int width = Vector<double>.Count, vectorEnd = m - m % width;
        int i = 0;
        for (; i + 1 < n; i += 2)
        {
            int start = upperOnly ? Math.Min(i - i % width, vectorEnd) : 0;
            ref double c0 = ref Unsafe.Add(ref rc, i * m);
            ref double c1 = ref Unsafe.Add(ref rc, (i + 1) * m);
            for (int p = 0; p < k; p++)
            {
                double s0 = a[i * k + p], s1 = a[(i + 1) * k + p];
                ref double bp = ref Unsafe.Add(ref rb, p * m);
                var v0 = new Vector<double>(s0);
                var v1 = new Vector<double>(s1);
                int j = start;
                for (; j < vectorEnd; j += width)
                {
                    var bv = Vector.LoadUnsafe(ref bp, (nuint)j);
                    Vector.StoreUnsafe(Vector.LoadUnsafe(ref c0, (nuint)j) + v0 * bv, ref c0, (nuint)j);
                    Vector.StoreUnsafe(Vector.LoadUnsafe(ref c1, (nuint)j) + v1 * bv, ref c1, (nuint)j);
                }
                for (; j < m; j++)
                {
                    double bj = Unsafe.Add(ref bp, j);
                    Unsafe.Add(ref c0, j) += s0 * bj;
                    Unsafe.Add(ref c1, j) += s1 * bj;
                }
            }
        }
        for (; i < n; i++)
        {
            int start = upperOnly ? i : 0;
            for (int p = 0; p < k; p++) Axpy(a[i * k + p], b.Slice(p * m + start, m - start), c.Slice(i * m + start, m - start));
        }
    }

    /// <summary>Whether A (n × n, row-major) is exactly skew-symmetric: A_ij = −A_ji and a zero diagonal.</summary>
    public static bool IsSkewSymmetric(ReadOnlySpan<double> a, int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (a[i * n + i] != 0) return false;
            for (int j = 0; j < i; j++)
                if (a[i * n + j] != -a[j * n + i]) return false;
        }
        return true;
    }

    /// <summary>C (n × m) = A (n × k) · Bᵀ with B stored as m × k, all row-major (dot products of rows).</summary>
    public static void MultiplyTransposed(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m)
    {
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> arow = a.Slice(i * k, k);
            for (int j = 0; j < m; j++) c[i * m + j] = Dot(arow, b.Slice(j * k, k));
        }
    }

    /// <summary>xᵀy, vectorised.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
        var yv = MemoryMarshal.Cast<double, Vector<double>>(y);
        var acc = Vector<double>.Zero;
        for (int v = 0; v < xv.Length; v++) acc += xv[v] * yv[v];
        double sum = Vector.Sum(acc);
        for (int j = xv.Length * Vector<double>.Count; j < x.Length; j++) sum += x[j] * y[j];
        return sum;
    }

    /// <summary>max_j Σ_i |A_ij| of an n × n matrix.</summary>
    public static double OneNorm(ReadOnlySpan<double> a, int n)
    {
        double best = 0;
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += Math.Abs(a[i * n + j]);
            best = Math.Max(best, s);
        }
        return best;
    }

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

    /// <summary>y += s·x, vectorised.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy(double s, ReadOnlySpan<double> x, Span<double> y)
    {
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        int width = Vector<double>.Count, n = x.Length, j = 0;
        var sv = new Vector<double>(s);
        for (; j <= n - width; j += width)
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref ry, (nuint)j) + sv * Vector.LoadUnsafe(ref rx, (nuint)j), ref ry, (nuint)j);
        for (; j < n; j++) Unsafe.Add(ref ry, j) += s * Unsafe.Add(ref rx, j);
    }

    /// <summary>Bᵀ of a row-major rows × cols matrix (cols × rows, row-major).</summary>
    public static double[] Transpose(ReadOnlySpan<double> b, int rows, int cols)
    {
        var t = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) t[j * rows + i] = b[i * cols + j];
        return t;
    }

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
            double norm = Math.Sqrt(Dot(x, x));
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
                double w = tau * Dot(v, col);
                Axpy(-w, v, col);
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
                double w = taus[j] * Dot(v, col);
                Axpy(-w, v, col);
            }
        }
        var result = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) result[i * cols + j] = q[j * rows + i];
        return result;
    }
}
