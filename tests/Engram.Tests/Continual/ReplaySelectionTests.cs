using CsCheck;
using Engram.Continual;
using Engram.Memory;

namespace Engram.Tests.Continual;

public class ReplaySelectionTests
{
    static readonly double[] Energies = [-0.51, -0.50, -0.52, -0.49, -0.505];

    [Fact]
    public void Top_K_takes_the_highest_energies_and_bottom_K_the_lowest()
    {
        Assert.Equal([3, 1], ReplaySelection.Select(Energies, 2, ReplayPolicy.TopEnergy, new Random(0)));
        Assert.Equal([2, 0], ReplaySelection.Select(Energies, 2, ReplayPolicy.BottomEnergy, new Random(0)));
    }

    [Fact]
    public void Random_K_draws_distinct_indices_and_is_reproducible()
    {
        Gen.Int[0, 1000].Sample(seed =>
        {
            int[] a = ReplaySelection.Select(new double[30], 12, ReplayPolicy.Random, new Random(seed));
            Assert.Equal(12, a.Distinct().Count());
            Assert.All(a, i => Assert.InRange(i, 0, 29));
            Assert.Equal(a, ReplaySelection.Select(new double[30], 12, ReplayPolicy.Random, new Random(seed)));
        }, iter: 50);
    }

    [Fact]
    public void Energies_rank_an_outlier_above_cluster_members()
    {
        double[,] x = ClusteredMemory.Generate(MemoryLayout.Protocol, 50, new Random(1)).Patterns;
        double[] e = ReplaySelection.Energies(new ModernHopfield(x, 8));
        Assert.Equal([12], ReplaySelection.Select(e, 1, ReplayPolicy.TopEnergy, new Random(0)));
    }

    [Fact]
    public void A_budget_larger_than_the_memory_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ReplaySelection.Select(Energies, 6, ReplayPolicy.TopEnergy, new Random(0)));
        Assert.Contains("memory size 5", e.Message);
        Assert.Contains("6", e.Message);
    }
}
