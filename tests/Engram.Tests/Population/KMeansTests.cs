using Engram.Population;

namespace Engram.Tests.Population;

public class KMeansTests
{
    static (double[] X, int[] Truth) Blobs(int seed, int perCluster, params double[][] centres)
    {
        var random = new Random(seed);
        int d = centres[0].Length;
        var x = new List<double>();
        var truth = new List<int>();
        for (int c = 0; c < centres.Length; c++)
            for (int i = 0; i < perCluster; i++)
            {
                for (int j = 0; j < d; j++) x.Add(centres[c][j] + 0.5 * (random.NextDouble() - 0.5));
                truth.Add(c);
            }
        return (x.ToArray(), truth.ToArray());
    }

    [Fact]
    public void Separated_blobs_are_recovered_exactly()
    {
        var (x, truth) = Blobs(1, 20, [0, 0], [10, 0], [0, 10], [10, 10]);
        KMeansResult fit = KMeans.Fit(x, truth.Length, 2, 4, seed: 3);
        Assert.Equal(1.0, AdjustedRandIndex.Compute(truth, fit.Labels), 12);
        Assert.True(fit.Inertia < 80 * 2 * 0.25);
    }

    [Fact]
    public void Inertia_equals_the_sum_of_squared_distances_to_the_assigned_centres_and_the_same_seed_repeats()
    {
        var random = new Random(2);
        double[] x = Enumerable.Range(0, 90).Select(_ => random.NextDouble()).ToArray();
        KMeansResult a = KMeans.Fit(x, 30, 3, 5, seed: 11), b = KMeans.Fit(x, 30, 3, 5, seed: 11);
        Assert.Equal(a.Labels, b.Labels);
        double inertia = 0;
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 3; j++)
            {
                double diff = x[i * 3 + j] - a.Centers[a.Labels[i] * 3 + j];
                inertia += diff * diff;
            }
        Assert.Equal(inertia, a.Inertia, 12);
        Assert.Equal(5, a.Labels.Distinct().Count());
    }

    [Fact]
    public void More_clusters_than_samples_are_rejected()
    {
        Assert.Contains("[1, 3]", Assert.Throws<ArgumentException>(() => KMeans.Fit(new double[6], 3, 2, 4, 0)).Message);
    }
}
