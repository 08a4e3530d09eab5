using Engram.Numerics;

namespace Engram.Integration;

/// <summary>Row-major n × n products the Φ* and Φ_G kernels need, over <see cref="Gemm"/> and <see cref="Cholesky"/>.</summary>
static class DenseOps
{
    /// <summary>A B for n × n matrices.</summary>
    public static double[] Product(double[] a, double[] b, int n)
    {
        var c = new double[n * n];
        Gemm.Multiply<double>(a, b, c, n, n, n);
        return c;
    }

    /// <summary>Aᵀ.</summary>
    public static double[] Transpose(double[] a, int n)
    {
        var t = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
        return t;
    }

    /// <summary>The lower Cholesky factor of a symmetric positive-definite matrix (upper triangle zeroed).</summary>
    public static double[] Factor(double[] a, int n)
    {
        var f = (double[])a.Clone();
        if (!Cholesky.TryFactor(f, n)) throw new ArgumentException("a covariance block is not numerically positive-definite; regularise the covariance (a ridge on the diagonal).");
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) f[i * n + j] = 0;
        return f;
    }

    /// <summary>A⁻¹ of a symmetric positive-definite matrix.</summary>
    public static double[] Inverse(double[] a, int n) =>
        Cholesky.TryInverse(a, n, out double[] inverse) ? inverse
            : throw new ArgumentException("a covariance block is not numerically positive-definite; regularise the covariance (a ridge on the diagonal).");

    /// <summary>log det(I + M) of a symmetric positive semi-definite M.</summary>
    public static double LogDetIdentityPlus(double[] m, int n)
    {
        var a = (double[])m.Clone();
        for (int i = 0; i < n; i++) a[i * n + i] += 1;
        if (!Cholesky.TryFactor(a, n)) throw new InvalidOperationException("I + M is not positive-definite although M should be positive semi-definite.");
        return Cholesky.LogDeterminantOfFactor(a, n);
    }

    /// <summary>Replaces A by (A + Aᵀ)/2 in place.</summary>
    public static void Symmetrise(double[] a, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) a[i * n + j] = a[j * n + i] = 0.5 * (a[i * n + j] + a[j * n + i]);
    }
}
