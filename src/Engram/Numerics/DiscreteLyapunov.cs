namespace Engram.Numerics;

/// <summary>
/// The discrete Lyapunov equation Σ = A Σ Aᵀ + Q: the stationary covariance of the linear model
/// x_t = A x_{t−1} + e_t with Cov(e) = Q, for a stable A (spectral radius &lt; 1). Solved by Smith's doubling
/// iteration Σ ← Σ + Aₖ Σ Aₖᵀ, Aₖ₊₁ = Aₖ² (Smith 1968, SIAM J. Appl. Math. 16:198), which sums the series
/// Σ = Σₖ Aᵏ Q (Aᵏ)ᵀ in log₂ of its length; every term is positive semi-definite, so no cancellation.
/// </summary>
public static class DiscreteLyapunov
{
    /// <summary>
    /// Σ (n × n, row-major) solving Σ = A Σ Aᵀ + Q for row-major <paramref name="a"/> and <paramref name="q"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A is not stable (the series does not converge).</exception>
    public static double[] Solve(ReadOnlySpan<double> a, ReadOnlySpan<double> q, int n)
    {
        var sigma = q[..(n * n)].ToArray();
        var power = a[..(n * n)].ToArray();
        var temp = new double[n * n];
        var term = new double[n * n];
        for (int step = 0; step < 64; step++)
        {
            // term = Aₖ Σ Aₖᵀ
            Gemm.Multiply<double>(power, sigma, temp, n, n, n);
            DenseMatrix.MultiplyTransposedInOrder(temp, power, term, n, n, n);
            double termNorm = 0, sigmaNorm = 0;
            for (int i = 0; i < n * n; i++)
            {
                sigma[i] += term[i];
                termNorm = Math.Max(termNorm, Math.Abs(term[i]));
                sigmaNorm = Math.Max(sigmaNorm, Math.Abs(sigma[i]));
            }
            if (!double.IsFinite(sigmaNorm)) break;
            if (termNorm <= 1e-17 * sigmaNorm)
            {
                DenseMatrix.Symmetrise(sigma, n);
                return sigma;
            }
            Gemm.Multiply<double>(power, power, temp, n, n, n);
            (power, temp) = (temp, power);
        }
        throw new ArgumentException("the AR matrix is not stable (spectral radius ≥ 1), so the process has no stationary covariance; scale it down.", nameof(a));
    }
}
