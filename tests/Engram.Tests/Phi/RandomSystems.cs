using Engram.Numerics;
using Engram.Phi;

namespace Engram.Tests.Phi;

/// <summary>Random stable AR(1) systems with exact statistics, for property tests.</summary>
public static class RandomSystems
{
    /// <summary>A with Gaussian entries scaled to spectral radius about <paramref name="radius"/> (by the Frobenius bound), noise I.</summary>
    public static GaussianStatistics Create(int n, int seed, double radius = 0.6)
    {
        var random = new Random(seed);
        var a = new double[n, n];
        double norm = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                a[i, j] = random.NextGaussian();
                norm += a[i, j] * a[i, j];
            }
        double scale = radius / Math.Sqrt(norm);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i, j] *= scale;
        return GaussianStatistics.FromAutoregressive(a);
    }
}
