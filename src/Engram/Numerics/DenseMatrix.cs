using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engram.Numerics;

/// <summary>
/// The small dense float64 helpers every caller shares, on row-major arrays (element (i, j) of an r × c matrix at
/// i·c + j): products, dot products, axpy, transposes, symmetrisation, flattening of <c>double[,]</c> and pairwise
/// squared distances. Two kinds of reductions on purpose: the vectorised ones (<see cref="Dot"/>,
/// <see cref="MultiplyTransposed"/>) are fastest, and their rounding depends on the machine's vector width; the
/// "in order" ones (<see cref="DotInOrder"/>, <see cref="MultiplyTransposedInOrder"/>) sum left to right, so the
/// Cholesky and Φ results they feed are the same to the last bit on every machine.
/// The products here are managed on purpose for the d ≈ 50 matrices of the drift experiments: the system OpenBLAS
/// (see <see cref="Gemm"/>) is 3–4 times faster per 50 × 50 product in isolation, but called from the parallel
/// draws its threaded build made a whole draw 3–10 times slower on the 2-core machine (measured), and libtorch costs
/// more per call than the product itself. Larger products go through <see cref="Gemm"/>.
/// </summary>
internal static class DenseMatrix
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

    /// <summary>xᵀy, vectorised (the lanes' partial sums, then the tail).</summary>
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

    /// <summary>Aᵀ of a row-major n × n matrix.</summary>
    public static double[] Transpose(ReadOnlySpan<double> a, int n) => Transpose(a, n, n);

    /// <summary>Aᵀ of a two-dimensional array.</summary>
    public static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
        return t;
    }

    /// <summary>xᵀy summed left to right: the same bits on every machine, whatever its vector width.</summary>
    public static double DotInOrder(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int k = 0; k < x.Length; k++) s += x[k] * y[k];
        return s;
    }

    /// <summary>
    /// C (n × m) = A (n × k) · Bᵀ with B stored as m × k, every entry a <see cref="DotInOrder"/> of two rows (the same
    /// bits on every machine).
    /// </summary>
    public static void MultiplyTransposedInOrder(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m)
    {
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> arow = a.Slice(i * k, k);
            for (int j = 0; j < m; j++) c[i * m + j] = DotInOrder(arow, b.Slice(j * k, k));
        }
    }

    /// <summary>x ← s·x.</summary>
    public static void Scale(Span<double> x, double s)
    {
        for (int k = 0; k < x.Length; k++) x[k] *= s;
    }

    /// <summary>Replaces the n × n matrix A by (A + Aᵀ)/2 in place, so that it is symmetric to the last bit.</summary>
    public static void Symmetrise(Span<double> a, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) a[i * n + j] = a[j * n + i] = 0.5 * (a[i * n + j] + a[j * n + i]);
    }

    /// <summary>The n × n identity, row-major.</summary>
    public static double[] Identity(int n)
    {
        var id = new double[n * n];
        for (int i = 0; i < n; i++) id[i * n + i] = 1;
        return id;
    }

    /// <summary>The values of a two-dimensional array in row-major order, in place (no copy).</summary>
    public static ReadOnlySpan<double> Values(double[,] m) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(m)), m.Length);

    /// <summary>The values of a two-dimensional array in row-major order.</summary>
    public static double[] Flatten(double[,] m)
    {
        var flat = new double[m.Length];
        Buffer.BlockCopy(m, 0, flat, 0, m.Length * sizeof(double));
        return flat;
    }

    /// <summary>The values of a two-dimensional array in row-major order, rounded to <typeparamref name="T"/>.</summary>
    public static T[] Flatten<T>(double[,] m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<double> values = Values(m);
        var flat = new T[values.Length];
        for (int k = 0; k < flat.Length; k++) flat[k] = T.CreateTruncating(values[k]);
        return flat;
    }

    /// <summary>The values of Mᵀ in row-major order (M's columns one after the other), rounded to <typeparamref name="T"/>.</summary>
    public static T[] FlattenTransposed<T>(double[,] m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        var flat = new T[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) flat[j * rows + i] = T.CreateTruncating(m[i, j]);
        return flat;
    }

    /// <summary>
    /// The values of a two-dimensional array in row-major order, refusing a non-finite entry with a message that names
    /// <paramref name="name"/> and the entry.
    /// </summary>
    /// <exception cref="ArgumentException">A NaN or infinite entry.</exception>
    public static double[] FlattenFinite(double[,] m, string name)
    {
        int r = m.GetLength(0), c = m.GetLength(1);
        var flat = new double[r * c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
            {
                if (!double.IsFinite(m[i, j])) throw new ArgumentException($"{name}[{i}, {j}] is {m[i, j]}; expected finite values.", name);
                flat[i * c + j] = m[i, j];
            }
        return flat;
    }

    /// <summary>A rows × cols array holding the row-major <paramref name="flat"/> values.</summary>
    public static double[,] ToMatrix(ReadOnlySpan<double> flat, int rows, int cols)
    {
        var m = new double[rows, cols];
        if (m.Length > 0) flat[..m.Length].CopyTo(MemoryMarshal.CreateSpan(ref m[0, 0], m.Length));
        return m;
    }

    /// <summary>A copy of A (n × k, k ≤ d) widened to n × d with zero columns (embeddings of different dimension made comparable).</summary>
    public static double[,] PadColumns(double[,] a, int d)
    {
        var padded = new double[a.GetLength(0), d];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int c = 0; c < a.GetLength(1); c++) padded[i, c] = a[i, c];
        return padded;
    }

    /// <summary>D_ij = ‖a_i − b_j‖² between the rows of A (n × d) and B (m × d), summed over the coordinates in order.</summary>
    public static double[,] SquaredDistances(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(0), d = a.GetLength(1);
        var distances = new double[n, m];
        double[] flatA = Flatten(a), flatB = Flatten(b);
        void Row(int i)
        {
            // Rows as spans (a double[,] checks and computes both indices per access); the same sums in the same order.
            ReadOnlySpan<double> ai = flatA.AsSpan(i * d, d);
            for (int j = 0; j < m; j++)
            {
                ReadOnlySpan<double> bj = flatB.AsSpan(j * d, d);
                double s = 0;
                for (int c = 0; c < d; c++) { double diff = ai[c] - bj[c]; s += diff * diff; }
                distances[i, j] = s;
            }
        }
        if ((long)n * m * d < 1_000_000) for (int i = 0; i < n; i++) Row(i);
        else Parallel.For(0, n, Row);
        return distances;
    }
}
