namespace Engram.Numerics;

/// <summary>
/// Eigen-decomposition A = V Λ Vᵀ of a real symmetric matrix in float64: Householder reduction to
/// tridiagonal form followed by the implicit QL algorithm with Wilkinson-type shifts (EISPACK tred2/tql2,
/// as in JAMA; Wilkinson &amp; Reinsch 1971, Handbook for Automatic Computation II). O(n³), bitwise
/// reproducible (single-threaded, fixed operation order), unlike LAPACK through libtorch, whose results
/// vary in the last bits from call to call on several threads; sign and order conventions of the
/// eigenvectors are left to the caller. Meant for the small matrices of per-window analyses (n up to a few hundred).
/// </summary>
public static class SymmetricEigen
{
    /// <summary>
    /// Eigenvalues in ascending order and the matching orthonormal eigenvectors as the columns of a row-major
    /// n × n matrix (vectors[i·n + k] = component i of eigenvector k). Only the lower triangle of <paramref name="matrix"/> is read.
    /// </summary>
    /// <exception cref="ArgumentException">Not an n × n matrix, or a non-finite entry.</exception>
    /// <exception cref="InvalidOperationException">The QL iteration did not converge (does not happen for finite input in practice).</exception>
    public static (double[] Values, double[] Vectors) Decompose(ReadOnlySpan<double> matrix, int n)
    {
        if (n < 1 || matrix.Length != (long)n * n)
            throw new ArgumentException($"expected a square n × n matrix with n ≥ 1; got {matrix.Length} values for n = {n}.", nameof(matrix));
        var v = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double a = matrix[i * n + j];
                if (!double.IsFinite(a)) throw new ArgumentException($"matrix[{i}, {j}] is {a}; expected finite values.", nameof(matrix));
                v[i * n + j] = v[j * n + i] = a;
            }
        var d = new double[n];
        var e = new double[n];
        if (n == 1)
        {
            d[0] = v[0];
            v[0] = 1;
            return (d, v);
        }
        Tridiagonalize(v, d, e, n);
        QlImplicit(v, d, e, n);
        return (d, v);
    }

    /// <summary>tred2: V ← orthogonal Q with Qᵀ A Q tridiagonal (diagonal d, sub-diagonal e[1..]).</summary>
    static void Tridiagonalize(double[] v, double[] d, double[] e, int n)
    {
        for (int j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
        for (int i = n - 1; i > 0; i--)
        {
            double scale = 0, h = 0;
            for (int k = 0; k < i; k++) scale += Math.Abs(d[k]);
            if (scale == 0)
            {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++)
                {
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0;
                    v[j * n + i] = 0;
                }
            }
            else
            {
                for (int k = 0; k < i; k++)
                {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.Sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) e[j] = 0;
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    v[j * n + i] = f;
                    g = e[j] + v[j * n + j] * f;
                    for (int k = j + 1; k <= i - 1; k++)
                    {
                        g += v[k * n + j] * d[k];
                        e[k] += v[k * n + j] * f;
                    }
                    e[j] = g;
                }
                f = 0;
                for (int j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) e[j] -= hh * d[j];
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) v[k * n + j] -= f * e[k] + g * d[k];
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0;
                }
            }
            d[i] = h;
        }
        for (int i = 0; i < n - 1; i++)
        {
            v[(n - 1) * n + i] = v[i * n + i];
            v[i * n + i] = 1;
            double h = d[i + 1];
            if (h != 0)
            {
                for (int k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
                for (int j = 0; j <= i; j++)
                {
                    double g = 0;
                    for (int k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
                    for (int k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
                }
            }
            for (int k = 0; k <= i; k++) v[k * n + i + 1] = 0;
        }
        for (int j = 0; j < n; j++)
        {
            d[j] = v[(n - 1) * n + j];
            v[(n - 1) * n + j] = 0;
        }
        v[(n - 1) * n + n - 1] = 1;
        e[0] = 0;
    }

    /// <summary>tql2: diagonalises the tridiagonal matrix, accumulating rotations into V; sorts ascending.</summary>
    static void QlImplicit(double[] v, double[] d, double[] e, int n)
    {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        double f = 0, tst1 = 0;
        const double eps = 2.220446049250313e-16;
        for (int l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < n && Math.Abs(e[m]) > eps * tst1) m++;
            if (m == n) m = n - 1;
            if (m > l)
            {
                int iterations = 0;
                do
                {
                    if (++iterations > 60)
                        throw new InvalidOperationException($"the symmetric eigen-solver did not converge for eigenvalue {l} of {n}.");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Hypot(p, 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1;
                    double el1 = e[l + 1];
                    double s = 0, s2 = 0;
                    for (int i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        for (int k = 0; k < n; k++)
                        {
                            h = v[k * n + i + 1];
                            v[k * n + i + 1] = s * v[k * n + i] + c * h;
                            v[k * n + i] = c * v[k * n + i] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.Abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
        for (int i = 0; i < n - 1; i++)
        {
            int k = i;
            double p = d[i];
            for (int j = i + 1; j < n; j++)
                if (d[j] < p) { k = j; p = d[j]; }
            if (k == i) continue;
            d[k] = d[i];
            d[i] = p;
            for (int j = 0; j < n; j++) (v[j * n + i], v[j * n + k]) = (v[j * n + k], v[j * n + i]);
        }
    }

    static double Hypot(double a, double b)
    {
        a = Math.Abs(a);
        b = Math.Abs(b);
        if (a < b) (a, b) = (b, a);
        if (a == 0) return 0;
        double r = b / a;
        return a * Math.Sqrt(1 + r * r);
    }
}
