using Engram.Alignment;
using Engram.Numerics;

namespace Engram.Tests.Alignment;

public class GwProductTests
{
    const int N = 70, M = 60;

    static double[] RandomMatrix(int rows, int cols, Random random, double scale = 1) =>
        [.. Enumerable.Range(0, rows * cols).Select(_ => scale * random.NextDouble())];

    [Fact]
    public void The_incremental_product_keeps_float64_accuracy_from_float32_products_of_small_plan_changes()
    {
        // The float64 finish of auto precision: after an exact product, each product adds D1 (T − T_prev) D2ᵀ computed in
        // float32. With steps of 1e-6 of the plan (as after the hand-over) G must stay at float64 accuracy, far below the
        // error of a float32 product of the whole plan.
        var random = new Random(11);
        double[] d1 = RandomMatrix(N, N, random, 5), d2 = RandomMatrix(M, M, random, 5);
        float[] d1f = [.. d1.Select(x => (float)x)], d2f = [.. d2.Select(x => (float)x)];
        var exact = new DenseGwProduct<double>(d1, d2, N, M, GemmBackend.Auto);
        var incremental = new IncrementalGwProduct(new DenseGwProduct<double>(d1, d2, N, M, GemmBackend.Auto),
            new DenseGwProduct<float>(d1f, d2f, N, M, GemmBackend.Auto), N, M);
        var single = new DenseGwProduct<float>(d1f, d2f, N, M, GemmBackend.Auto);

        double[] plan = [.. RandomMatrix(N, M, random).Select(x => x / (N * M))];
        double[] g = new double[N * M], reference = new double[N * M];
        incremental.Apply(plan, g);
        double worstIncremental = 0, worstSingle = 0;
        for (int step = 0; step < 10; step++)
        {
            for (int k = 0; k < plan.Length; k++) plan[k] *= 1 + 1e-6 * (random.NextDouble() - 0.5);
            incremental.Apply(plan, g);
            exact.Apply(plan, reference);
            var gSingle = new float[N * M];
            single.Apply([.. plan.Select(x => (float)x)], gSingle);
            for (int k = 0; k < g.Length; k++)
            {
                worstIncremental = Math.Max(worstIncremental, Math.Abs(g[k] - reference[k]) / Math.Abs(reference[k]));
                worstSingle = Math.Max(worstSingle, Math.Abs(gSingle[k] - reference[k]) / Math.Abs(reference[k]));
            }
        }
        Assert.True(worstIncremental < 1e-12, $"incremental product off by {worstIncremental:G3} (relative)");
        Assert.True(worstSingle > 1e3 * worstIncremental, $"float32 product {worstSingle:G3}, incremental {worstIncremental:G3}");
    }
}
