using Engram.Numerics;
using Engram.Phi;

namespace Engram.Tests.Phi;

public class SimulatedToyTests
{
    [Fact]
    [Trait("Category", "Slow")] // 10⁷ samples, ~10 s in Release
    public void Toy_simulated_for_ten_million_samples_gives_the_table_within_sampling_error()
    {
        // 100 trials of 10⁵ samples (pooled, each centred on its own means), started from the stationary distribution.
        double[,] a = PhiToySystem.Coupling();
        var exact = PhiToySystem.Statistics();
        double[] l = (double[])exact.Covariance.Clone();
        Assert.True(Engram.Numerics.Cholesky.TryFactor(l, 6));
        var random = new Random(5);
        var trials = new List<double[,]>();
        for (int trial = 0; trial < 100; trial++)
        {
            var x = new double[6, 100_000];
            var z = Enumerable.Range(0, 6).Select(_ => random.NextGaussian()).ToArray();
            for (int i = 0; i < 6; i++) for (int k = 0; k <= i; k++) x[i, 0] += l[i * 6 + k] * z[k];
            for (int t = 1; t < 100_000; t++)
                for (int i = 0; i < 6; i++)
                {
                    double v = random.NextGaussian();
                    for (int k = 0; k < 6; k++) v += a[i, k] * x[k, t - 1];
                    x[i, t] = v;
                }
            trials.Add(x);
        }
        var estimated = new GaussianPhi(GaussianStatistics.FromTrials(trials));
        ComplexResult complexes = ComplexSearch.Search(estimated, new ComplexSettings { Search = ComplexSearchKind.Exhaustive });
        // Sampling error of Φ = MI between two parts of sizes k₁, k₂ from T samples: bias ≈ k₁k₂/(2T); for weak coupling
        // Φ ≈ ½ Σ ρ², so its s.d. ≈ sqrt(2Φ/T). Allow the bias plus four standard deviations.
        var expected = ComplexSearch.Search(new GaussianPhi(exact), new ComplexSettings { Search = ComplexSearchKind.Exhaustive });
        foreach (Complex c in expected.Complexes)
        {
            var sub = new GaussianPhi(estimated.Statistics.Restrict(c.Channels));
            int k1 = c.MipPart.Length, k2 = c.Channels.Length - k1;
            double tolerance = k1 * k2 / 2e7 + 4 * Math.Sqrt(2 * c.Phi / 1e7);
            Assert.Equal(c.Phi, MinimumInformationPartition.Search(sub).Phi, tolerance);
        }
        Assert.Contains(complexes.MainComplexes, c => c.Channels.SequenceEqual([4, 5]));
    }
}
