using Engram.Continual;

namespace Engram.Tests.Continual;

public class ClusteredMemoryTests
{
    static double Dot(double[,] x, int a, int b)
    {
        double s = 0;
        for (int j = 0; j < x.GetLength(1); j++) s += x[a, j] * x[b, j];
        return s;
    }

    [Fact]
    public void Protocol_memory_has_unit_patterns_cluster_correlation_0_35_and_an_orthogonal_outlier()
    {
        GeneratedMemory m = ClusteredMemory.Generate(MemoryLayout.Protocol, 50, new Random(11));
        Assert.Equal(13, m.Patterns.GetLength(0));
        Assert.Equal(50, m.Patterns.GetLength(1));
        for (int a = 0; a < 13; a++)
        {
            Assert.Equal(1.0, Dot(m.Patterns, a, a), 1e-12);
            for (int b = a + 1; b < 13; b++)
                Assert.Equal(b < 12 ? 0.35 : 0.0, Dot(m.Patterns, a, b), 1e-12);
        }
        int[] expected = [.. Enumerable.Repeat(0, 12), -1];
        Assert.Equal(expected, m.Groups);
    }

    [Fact]
    public void Clusters_of_different_correlation_are_orthogonal_to_each_other()
    {
        var layout = new MemoryLayout([new ClusterSpec(4, 0.6), new ClusterSpec(3, 0.1)], 2);
        GeneratedMemory m = ClusteredMemory.Generate(layout, layout.Directions, new Random(2));
        int[] g = m.Groups;
        for (int a = 0; a < g.Length; a++)
            for (int b = a + 1; b < g.Length; b++)
            {
                double expected = g[a] >= 0 && g[a] == g[b] ? layout.Clusters[g[a]].Correlation : 0;
                Assert.Equal(expected, Dot(m.Patterns, a, b), 1e-12);
            }
    }

    [Fact]
    public void The_same_stream_gives_the_same_memory()
    {
        double[,] a = ClusteredMemory.Generate(MemoryLayout.Protocol, 50, new Random(5)).Patterns;
        double[,] b = ClusteredMemory.Generate(MemoryLayout.Protocol, 50, new Random(5)).Patterns;
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_dimension_smaller_than_the_directions_needed_is_rejected_with_the_numbers()
    {
        var e = Assert.Throws<ArgumentException>(() => ClusteredMemory.Generate(MemoryLayout.Protocol, 13, new Random(0)));
        Assert.Contains("14", e.Message);
        Assert.Contains("13", e.Message);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_correlation_outside_0_to_1_is_rejected(double c)
    {
        var layout = new MemoryLayout([new ClusterSpec(3, c)], 0);
        var e = Assert.Throws<ArgumentException>(() => ClusteredMemory.Generate(layout, 10, new Random(0)));
        Assert.Contains("[0, 1)", e.Message);
    }
}
