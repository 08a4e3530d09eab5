using System.Numerics;
using System.Runtime.InteropServices;

namespace Engram.Continual;

/// <summary>
/// Small dense float64 kernels on row-major arrays for the d ≈ 50 matrices of the drift experiments:
/// a vectorised matrix product, an LU solve with partial pivoting and a Householder QR. At this size a
/// plain cache-friendly loop beats any call into a BLAS or libtorch (no marshalling, no threads).
/// </summary>
internal static class DenseLinearAlgebra
{
    /// <summary>C (n × m) = A (n × k) · B (k × m), all row-major; C must not alias A or B.</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m)
    {
        c[..(n * m)].Clear();
        for (int i = 0; i < n; i++)
        {
            Span<double> row = c.Slice(i * m, m);
            for (int p = 0; p < k; p++)
            {
                double s = a[i * k + p];
                if (s == 0) continue;
                ReadOnlySpan<double> brow = b.Slice(p * m, m);
                Axpy(s, brow, row);
            }
        }
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
    /// Solves A X = B in place (A n × n is overwritten by its LU factors, B n × m by X), Gaussian
    /// elimination with partial pivoting. Throws when A is numerically singular.
    /// </summary>
    public static void Solve(Span<double> a, Span<double> b, int n, int m)
    {
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            double best = Math.Abs(a[col * n + col]);
            for (int r = col + 1; r < n; r++)
            {
                double v = Math.Abs(a[r * n + col]);
                if (v > best) { best = v; pivot = r; }
            }
            if (!(best > 0)) throw new InvalidOperationException("singular matrix in the linear solve (the Padé denominator); the input is not finite or badly scaled.");
            if (pivot != col)
            {
                a.Slice(pivot * n, n).CopyTo(Scratch(n, out double[] tmp));
                a.Slice(col * n, n).CopyTo(a.Slice(pivot * n, n));
                tmp.AsSpan(0, n).CopyTo(a.Slice(col * n, n));
                b.Slice(pivot * m, m).CopyTo(Scratch(m, out tmp));
                b.Slice(col * m, m).CopyTo(b.Slice(pivot * m, m));
                tmp.AsSpan(0, m).CopyTo(b.Slice(col * m, m));
            }
            double diag = a[col * n + col];
            for (int r = col + 1; r < n; r++)
            {
                double f = a[r * n + col] / diag;
                if (f == 0) continue;
                a[r * n + col] = f;
                Axpy(-f, a.Slice(col * n + col + 1, n - col - 1), a.Slice(r * n + col + 1, n - col - 1));
                Axpy(-f, b.Slice(col * m, m), b.Slice(r * m, m));
            }
        }
        for (int row = n - 1; row >= 0; row--)
        {
            Span<double> x = b.Slice(row * m, m);
            for (int c = row + 1; c < n; c++) Axpy(-a[row * n + c], b.Slice(c * m, m), x);
            double inv = 1.0 / a[row * n + row];
            for (int j = 0; j < m; j++) x[j] *= inv;
        }
    }

    /// <summary>y += s·x, vectorised.</summary>
    public static void Axpy(double s, ReadOnlySpan<double> x, Span<double> y)
    {
        var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
        var yv = MemoryMarshal.Cast<double, Vector<double>>(y);
        var sv = new Vector<double>(s);
        for (int v = 0; v < xv.Length; v++) yv[v] += sv * xv[v];
        for (int j = xv.Length * Vector<double>.Count; j < x.Length; j++) y[j] += s * x[j];
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

    [ThreadStatic] static double[]? scratch;

    static Span<double> Scratch(int length, out double[] buffer)
    {
        if (scratch is null || scratch.Length < length) scratch = new double[Math.Max(length, 64)];
        buffer = scratch;
        return buffer.AsSpan(0, length);
    }
}
