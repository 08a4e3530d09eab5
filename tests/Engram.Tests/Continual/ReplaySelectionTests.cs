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
        Assert.Equal([3, 1], ReplaySelection.Select(Energies, 2, ReplayPolicy.TopK, new Random(0)));
        Assert.Equal([2, 0], ReplaySelection.Select(Energies, 2, ReplayPolicy.BottomK, new Random(0)));
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
        Assert.Equal([12], ReplaySelection.Select(e, 1, ReplayPolicy.TopK, new Random(0)));
    }

    [Fact]
    public void Energies_equal_but_for_roundoff_are_ties_broken_by_index()
    {
        // Three outliers of one shape: equal energies whose last bits differ, as they do between CPUs with and without
        // AVX2. The choice follows the index, whichever of them happens to be the larger by an ulp.
        double e = -0.50183156;
        double[] up = [-0.6, e, Math.BitIncrement(e), e, -0.7];
        double[] down = [-0.6, Math.BitIncrement(e), e, Math.BitIncrement(Math.BitIncrement(e)), -0.7];
        foreach (double[] energies in new[] { up, down })
        {
            Assert.Equal([1, 2], ReplaySelection.Select(energies, 2, ReplayPolicy.TopK, new Random(0)));
            Assert.Equal([4, 0, 1], ReplaySelection.Select(energies, 3, ReplayPolicy.BottomK, new Random(0)));
        }
        // A real difference, far above roundoff, still ranks.
        Assert.Equal([2], ReplaySelection.Select([-0.6, e, e + 1e-9, e, -0.7], 1, ReplayPolicy.TopK, new Random(0)));
    }

    [Fact]
    public void A_budget_larger_than_the_memory_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ReplaySelection.Select(Energies, 6, ReplayPolicy.TopK, new Random(0)));
        Assert.Contains("memory size 5", e.Message);
        Assert.Contains("6", e.Message);
    }
}
