using Engram.Numerics;

namespace Engram.Phi;

/// <summary>
/// Geometric integrated information Φ_G (Oizumi, Tsuchiya &amp; Amari 2016, PNAS 113:14817): the KL divergence from
/// the full Gaussian AR model X_t = A X_{t−τ} + E (A = Σ_XYᵀ Σ_X⁻¹, Σ_E = Σ_Y − A Σ_XY) to the closest model whose
/// coupling A′ is block-diagonal in the parts. For a fixed A′ the best noise covariance is
/// Σ_E′ = Σ_E + (A − A′) Σ_X (A − A′)ᵀ, so Φ_G = min over block-diagonal A′ of ½ log det(Σ_E′ Σ_E⁻¹).
/// log det is concave, so its tangent at the current Σ_E′ bounds it from above; minimising that bound is a linear
/// system in the blocks of A′ (Σ_K W[M, K] A′_K Σ_X[K, M] = (W A Σ_X)[M, M] for every part M, W = Σ_E′⁻¹), and
/// repeating it decreases Φ_G monotonically (a majorise–minimise scheme; PhiToolbox's <c>phi_G_Gauss_LBFGS</c>
/// alternates the same two steps but solves the inner problem by L-BFGS). Each value is taken as
/// ½ log det(I + Fᵀ Σ_E⁻¹ F) with F = (A − A′) L_X, free of the cancellation in a difference of log-determinants.
/// </summary>
public static class GeometricPhi
{
    /// <summary>Φ_G and the number of sweeps for parts known to partition the channels.</summary>
    /// <exception cref="InvalidOperationException">No convergence to <paramref name="tolerance"/> within <paramref name="maxIterations"/> sweeps.</exception>
    public static (double Phi, int Iterations) Compute(GaussianStatistics statistics, IReadOnlyList<int[]> parts, double tolerance = 1e-12, int maxIterations = 100_000)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(parts);
        int n = statistics.Channels;
        double[] x = statistics.Past, y = statistics.Present, c = statistics.PastPresent;
        double[] lx = Cholesky.LowerFactor(x, n);
        var solved = (double[])c.Clone();                      // Σ_X⁻¹ Σ_XY
        Cholesky.SolveWithFactor(lx, n, solved, n);
        double[] a = DenseMatrix.Transpose(solved, n);
        double[] ac = Gemm.Product(a, c, n);
        var noise = new double[n * n];
        for (int i = 0; i < n * n; i++) noise[i] = y[i] - ac[i];
        DenseMatrix.Symmetrise(noise, n);
        double[] le = Cholesky.LowerFactor(noise, n);
        double[] ax = Gemm.Product(a, x, n);

        int[] offsets = new int[parts.Count + 1];
        for (int k = 0; k < parts.Count; k++) offsets[k + 1] = offsets[k] + parts[k].Length * parts[k].Length;
        int unknowns = offsets[^1];
        var coupling = new double[n * n];                       // A′: start from the blocks of A
        foreach (int[] part in parts)
            foreach (int i in part)
                foreach (int j in part) coupling[i * n + j] = a[i * n + j];
        double phi = Value(a, coupling, lx, le, n);
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            double[] w = Cholesky.Inverse(NoiseOf(noise, a, coupling, x, n), n);
            double[] rhsFull = Gemm.Product(w, ax, n);
            var system = new double[unknowns * unknowns];
            var rhs = new double[unknowns];
            for (int pm = 0; pm < parts.Count; pm++)
            {
                int[] mPart = parts[pm];
                int mm = mPart.Length;
                for (int i = 0; i < mm; i++)
                    for (int j = 0; j < mm; j++)
                    {
                        int row = offsets[pm] + i * mm + j;
                        rhs[row] = rhsFull[mPart[i] * n + mPart[j]];
                        for (int pk = 0; pk < parts.Count; pk++)
                        {
                            int[] kPart = parts[pk];
                            int kk = kPart.Length;
                            for (int p = 0; p < kk; p++)
                            {
                                double wv = w[mPart[i] * n + kPart[p]];
                                for (int q = 0; q < kk; q++)
                                    system[row * unknowns + offsets[pk] + p * kk + q] = wv * x[kPart[q] * n + mPart[j]];
                            }
                        }
                    }
            }
            if (!Cholesky.TryFactor(system, unknowns))
                throw new InvalidOperationException("the Φ_G update system is not positive-definite; the covariances are too ill-conditioned.");
            Cholesky.SolveWithFactor(system, unknowns, rhs, 1);
            var next = new double[n * n];
            for (int pk = 0; pk < parts.Count; pk++)
            {
                int[] kPart = parts[pk];
                int kk = kPart.Length;
                for (int p = 0; p < kk; p++)
                    for (int q = 0; q < kk; q++) next[kPart[p] * n + kPart[q]] = rhs[offsets[pk] + p * kk + q];
            }
            double nextPhi = Value(a, next, lx, le, n);
            if (nextPhi <= phi) coupling = next;
            double decrease = phi - nextPhi;
            phi = Math.Min(phi, nextPhi);
            if (decrease <= tolerance * phi || phi == 0) return (phi, iteration);
        }
        throw new InvalidOperationException($"Φ_G did not converge to a relative change of {tolerance:G2} within {maxIterations} sweeps; raise the iteration limit.");
    }

    /// <summary>½ log det(I + Fᵀ Σ_E⁻¹ F), F = (A − A′) L_X: Φ_G at coupling A′.</summary>
    static double Value(double[] a, double[] coupling, double[] lx, double[] le, int n)
    {
        var diff = new double[n * n];
        for (int i = 0; i < n * n; i++) diff[i] = a[i] - coupling[i];
        double[] f = Gemm.Product(diff, lx, n);
        var solved = (double[])f.Clone();
        Cholesky.SolveWithFactor(le, n, solved, n);
        double[] m = Gemm.Product(DenseMatrix.Transpose(f, n), solved, n);
        DenseMatrix.Symmetrise(m, n);
        return 0.5 * Cholesky.LogDeterminantOfIdentityPlus(m, n);
    }

    static double[] NoiseOf(double[] noise, double[] a, double[] coupling, double[] x, int n)
    {
        var diff = new double[n * n];
        for (int i = 0; i < n * n; i++) diff[i] = a[i] - coupling[i];
        double[] s = Gemm.Product(Gemm.Product(diff, x, n), DenseMatrix.Transpose(diff, n), n);
        for (int i = 0; i < n * n; i++) s[i] += noise[i];
        DenseMatrix.Symmetrise(s, n);
        return s;
    }
}
