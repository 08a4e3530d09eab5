using Engram.Phi;

namespace Engram.Tests.Phi;

public class MinimumInformationPartitionTests
{
    [Theory]
    [InlineData(PhiMeasure.Mi1)]
    [InlineData(PhiMeasure.Mi)]
    public void Queyranne_equals_exhaustive_on_random_systems_up_to_14_channels_with_the_stated_evaluation_count(PhiMeasure measure)
    {
        for (int n = 2; n <= 14; n++)
            for (int seed = 0; seed < 3; seed++)
            {
                var phi = new GaussianPhi(RandomSystems.Create(n, 1000 * n + seed), new PhiSettings { Measure = measure });
                MipResult exhaustive = MinimumInformationPartition.Search(phi);
                MipResult queyranne = MinimumInformationPartition.Search(phi, new MipSettings { Search = MipSearchKind.Queyranne });
                Assert.Equal(exhaustive.Phi, queyranne.Phi, 1e-12 + 1e-9 * exhaustive.Phi);
                Assert.Equal((long)(Math.Pow(2, n - 1) - 1), exhaustive.Evaluations);
                Assert.Equal(((long)n * n * n - n) / 3 + n - 1, queyranne.Evaluations);
            }
    }

    [Fact]
    public void Queyranne_evaluation_counts_match_science_md()
    {
        foreach (var (n, count) in new[] { (14, 923L), (20, 2679L) })
        {
            var phi = new GaussianPhi(RandomSystems.Create(n, n));
            Assert.Equal(count, MinimumInformationPartition.Search(phi, new MipSettings { Search = MipSearchKind.Queyranne }).Evaluations);
        }
    }

    [Fact]
    public void Parallel_exhaustive_search_equals_a_serial_loop_over_every_bipartition()
    {
        var phi = new GaussianPhi(RandomSystems.Create(12, 7), new PhiSettings { Measure = PhiMeasure.Si });
        MipResult mip = MinimumInformationPartition.Search(phi);
        double best = double.PositiveInfinity;
        string bestText = "";
        for (int k = 1; k < 1 << 11; k++)
        {
            int[] b = [.. Enumerable.Range(1, 11).Where(c => (k >> (c - 1) & 1) == 1)];
            var partition = Partition.FromParts(12, [Enumerable.Range(0, 12).Except(b).ToArray(), b]);
            double v = phi.Evaluate(partition).Phi;
            if (v < best) { best = v; bestText = partition.ToString(); }
        }
        Assert.Equal(bestText, mip.Partition.ToString());
        Assert.Equal(best, mip.Phi, 1e-12 * best);
    }

    [Fact]
    public void Remcmc_finds_the_exhaustive_mip_of_every_measure_on_an_8_channel_system()
    {
        var statistics = PhiToolboxFixture.Load(8).Statistics();
        foreach (PhiMeasure m in Enum.GetValues<PhiMeasure>())
        {
            var phi = new GaussianPhi(statistics, new PhiSettings { Measure = m });
            MipResult exhaustive = MinimumInformationPartition.Search(phi);
            MipResult remcmc = MinimumInformationPartition.Search(phi, new MipSettings { Search = MipSearchKind.Remcmc, Seed = 3, Sweeps = 50 });
            Assert.Equal(exhaustive.Partition.ToString(), remcmc.Partition.ToString());
            Assert.True(remcmc.Evaluations <= exhaustive.Evaluations);
        }
    }

    [Fact]
    public void Exhaustive_search_beyond_its_limit_is_refused_with_the_number_of_evaluations()
    {
        var phi = new GaussianPhi(RandomSystems.Create(40, 1));
        var e = Assert.Throws<ArgumentException>(() => MinimumInformationPartition.Search(phi));
        Assert.Contains("5.498E+11 Φ evaluations", e.Message);
        Assert.Contains("Queyranne", e.Message);
    }
}
