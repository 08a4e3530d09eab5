using Engram.Numerics;

namespace Engram.Phi;

/// <summary>
/// Φ* = I(X_{t−τ}; X_t) − max_β Ĩ(β), integrated information by mismatched decoding (Oizumi, Amari, Yanagawa,
/// Fujii &amp; Tsuchiya 2016, PLoS Comput Biol 12:e1004654, eq. 26 ff.; PhiToolbox's <c>phi_star_Gauss</c>). For
/// Gaussians, with block-diagonal (one block per part) past covariance X_D, cross-covariance and conditional
/// covariance C_D, and Σ_X = L Lᵀ, the mismatched information is a scalar function of β:
/// Ĩ(β) = ½ Σᵢ log(1 + βλᵢ) + ½ β tr(Σ_Y C_D⁻¹) − ½ β² Σᵢ dᵢ / (1 + βλᵢ) − β N / 2,
/// where λ, V are the eigenpairs of Lᵀ C₁ L (C₁ the β-free part of eq. 26) and dᵢ = vᵢᵀ Lᵀ Sᵀ Σ_Y S L vᵢ ≥ 0.
/// Ĩ is strictly concave (Ĩ″ = −½ Σ λᵢ²/(1+βλᵢ)² − Σ dᵢ/(1+βλᵢ)³ &lt; 0), so its maximum over β ≥ 0 is found by a
/// bracketed Newton iteration to machine precision after one eigen-decomposition, where PhiToolbox runs L-BFGS on
/// N × N matrix expressions.
/// </summary>
public static class MismatchedDecodingPhi
{
    /// <summary>Φ*, the maximising β and I(X_{t−τ}; X_t) for parts known to partition the channels.</summary>
    public static (double Phi, double Beta, double MutualInformation) Compute(GaussianStatistics statistics, IReadOnlyList<int[]> parts)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(parts);
        int n = statistics.Channels;
        double[] x = statistics.Past, y = statistics.Present, c = statistics.PastPresent;
        var scratch = new double[4 * n * n];
        Cholesky.TryLogDeterminant(x, n, scratch, out double logDetPast);
        Cholesky.TryLogDeterminant(y, n, scratch, out double logDetPresent);
        Cholesky.TryLogDeterminant(statistics.Joint(), 2 * n, scratch, out double logDetJoint);
        double mutualInformation = 0.5 * (logDetPresent - (logDetJoint - logDetPast));

        var c1 = new double[n * n];
        var s = new double[n * n];
        double traceTerm = 0;
        foreach (int[] part in parts)
        {
            int m = part.Length;
            double[] xp = SubMatrix.Gather(x, n, part), yp = SubMatrix.Gather(y, n, part);
            double[] yxp = DenseMatrix.Transpose(SubMatrix.Gather(c, n, part), m);          // Cov(present, past) of the part
            double[] t = Gemm.Product(yxp, Cholesky.Inverse(xp, m), m);               // YX Σ_X⁻¹
            double[] tyx = Gemm.Product(t, DenseMatrix.Transpose(yxp, m), m);
            var conditional = new double[m * m];
            for (int k = 0; k < m * m; k++) conditional[k] = yp[k] - tyx[k];
            DenseMatrix.Symmetrise(conditional, m);
            double[] conditionalInverse = Cholesky.Inverse(conditional, m);
            double[] sp = Gemm.Product(conditionalInverse, t, m);                     // C_D⁻¹ YX Σ_X⁻¹
            double[] c1p = Gemm.Product(DenseMatrix.Transpose(t, m), sp, m);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++)
                {
                    c1[part[i] * n + part[j]] = c1p[i * m + j];
                    s[part[i] * n + part[j]] = sp[i * m + j];
                    traceTerm += yp[i * m + j] * conditionalInverse[j * m + i];
                }
        }
        double[] l = Cholesky.LowerFactor(x, n), lt = DenseMatrix.Transpose(l, n);
        double[] g = Gemm.Product(Gemm.Product(lt, c1, n), l, n);
        DenseMatrix.Symmetrise(g, n);
        double[] sl = Gemm.Product(s, l, n);
        double[] k2 = Gemm.Product(Gemm.Product(DenseMatrix.Transpose(sl, n), y, n), sl, n);
        var (lambda, vectors) = SymmetricEigen.Decompose(g, n);
        var d = new double[n];
        for (int i = 0; i < n; i++)
        {
            lambda[i] = Math.Max(lambda[i], 0);
            double sum = 0;
            for (int a = 0; a < n; a++)
            {
                double row = 0;
                for (int b = 0; b < n; b++) row += k2[a * n + b] * vectors[b * n + i];
                sum += vectors[a * n + i] * row;
            }
            d[i] = Math.Max(sum, 0);
        }
        double beta = MaximiseBeta(lambda, d, traceTerm, n);
        double mismatched = Mismatched(beta, lambda, d, traceTerm, n);
        return (mutualInformation - mismatched, beta, mutualInformation);
    }

    static double Mismatched(double beta, double[] lambda, double[] d, double traceTerm, int n)
    {
        double sum = 0;
        for (int i = 0; i < lambda.Length; i++)
        {
            double u = 1 + beta * lambda[i];
            sum += Math.Log(u) - beta * beta * d[i] / u;
        }
        return 0.5 * sum + 0.5 * beta * (traceTerm - n);
    }

    static (double First, double Second) Derivatives(double beta, double[] lambda, double[] d, double traceTerm, int n)
    {
        double first = 0.5 * (traceTerm - n), second = 0;
        for (int i = 0; i < lambda.Length; i++)
        {
            double u = 1 + beta * lambda[i];
            first += 0.5 * lambda[i] / u - 0.5 * d[i] * beta * (2 + beta * lambda[i]) / (u * u);
            second -= 0.5 * lambda[i] * lambda[i] / (u * u) + d[i] / (u * u * u);
        }
        return (first, second);
    }

    /// <summary>The root of Ĩ′(β) on β ≥ 0 (0 when Ĩ′(0) ≤ 0), by Newton steps kept inside a shrinking bracket.</summary>
    static double MaximiseBeta(double[] lambda, double[] d, double traceTerm, int n)
    {
        if (Derivatives(0, lambda, d, traceTerm, n).First <= 0) return 0;
        double lo = 0, hi = 1;
        while (Derivatives(hi, lambda, d, traceTerm, n).First > 0)
        {
            lo = hi;
            hi *= 2;
            if (hi > 1e12) throw new InvalidOperationException("the mismatched-decoding information has no maximum in β (increasing past 1e12).");
        }
        double beta = 1;
        for (int iteration = 0; iteration < 500; iteration++)
        {
            var (first, second) = Derivatives(beta, lambda, d, traceTerm, n);
            if (first == 0) return beta;
            if (first > 0) lo = beta; else hi = beta;
            double next = beta - first / second;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (Math.Abs(next - beta) <= 1e-15 * Math.Max(1, beta) || hi - lo <= 1e-15 * Math.Max(1, hi)) return next;
            beta = next;
        }
        return beta;
    }
}
