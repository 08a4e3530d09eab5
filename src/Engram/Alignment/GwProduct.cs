using Engram.Numerics;

namespace Engram.Alignment;

/// <summary>Computes G = D1 T D2ᵀ, the costly product of every GW iteration (POT's <c>tensor_product</c> core).</summary>
internal interface IGwProduct<T> where T : unmanaged
{
    /// <summary>Writes D1 · plan · D2ᵀ into <paramref name="result"/> (n × m, row-major).</summary>
    void Apply(T[] plan, T[] result);

    /// <summary>Which path this is, for the result record.</summary>
    string Name { get; }
}

/// <summary>Two dense GEMMs: W = T D2 (D2 symmetric), G = D1 W. Cost 2nm(n + m) flops.</summary>
internal sealed class DenseGwProduct<T>(T[] d1, T[] d2, int n, int m, GemmBackend gemm) : IGwProduct<T> where T : unmanaged
{
    readonly T[] scratch = new T[n * m];

    public string Name => $"dense GEMM, {Gemm.Describe(gemm)}";

    public void Apply(T[] plan, T[] result)
    {
        Gemm.Multiply<T>(plan, d2, scratch, n, m, m, gemm);
        Gemm.Multiply<T>(d1, scratch, result, n, n, m, gemm);
    }
}

/// <summary>
/// G = A1 (B1ᵀ T B2) A2ᵀ for D1 = A1 B1ᵀ and D2 = A2 B2ᵀ (so D2ᵀ = B2 A2ᵀ): four thin GEMMs, O(nm(r1 + r2)) flops.
/// </summary>
internal sealed class LowRankGwProduct<T>(T[] a1, T[] b1T, T[] b2, T[] a2T, int n, int m, int r1, int r2, GemmBackend gemm) : IGwProduct<T> where T : unmanaged
{
    readonly T[] x1 = new T[r1 * m], x2 = new T[r1 * r2], x3 = new T[n * r2];

    public string Name => $"low-rank (r = {r1}, {r2}), {Gemm.Describe(gemm)}";

    public void Apply(T[] plan, T[] result)
    {
        Gemm.Multiply<T>(b1T, plan, x1, r1, n, m, gemm);
        Gemm.Multiply<T>(x1, b2, x2, r1, m, r2, gemm);
        Gemm.Multiply<T>(a1, x2, x3, n, r1, r2, gemm);
        Gemm.Multiply<T>(x3, a2T, result, n, r2, m, gemm);
    }
}

/// <summary>
/// G(T) in float64 from float32 GEMMs, for the float64 finish of <see cref="Precision.Auto"/>: the first product is exact
/// (<paramref name="exact"/>), each later one adds the product of the plan's change in float32,
/// <code>G(T) = G(T_prev) + D1 (T − T_prev) D2ᵀ.</code>
/// float32 rounds each correction to about 1e-7 of itself, and the corrections shrink with the steps (‖T − T_prev‖_F is
/// 1e-6 and less after the hand-over, against ‖T‖_F ≈ 1/√n), so G keeps float64's resolution where the iteration needs
/// it, at float32's GEMM cost: half the time of a float64 product.
/// </summary>
internal sealed class IncrementalGwProduct(IGwProduct<double> exact, IGwProduct<float> single, int n, int m) : IGwProduct<double>
{
    double[]? lastPlan, lastResult;
    readonly float[] change = new float[n * m], changeProduct = new float[n * m];

    public string Name => exact.Name;   // the same GEMMs; docs/alignment.md describes the float64 finish

    public void Apply(double[] plan, double[] result)
    {
        if (lastPlan is null || lastResult is null)
        {
            exact.Apply(plan, result);
            lastPlan = (double[])plan.Clone();
            lastResult = (double[])result.Clone();
            return;
        }
        double[] previousPlan = lastPlan, previousResult = lastResult;
        Parallel.For(0, n, i =>
        {
            for (int k = i * m, end = k + m; k < end; k++) change[k] = (float)(plan[k] - previousPlan[k]);
        });
        single.Apply(change, changeProduct);
        Parallel.For(0, n, i =>
        {
            for (int k = i * m, end = k + m; k < end; k++)
            {
                result[k] = previousResult[k] + changeProduct[k];
                previousResult[k] = result[k];
                previousPlan[k] = plan[k];
            }
        });
    }
}
