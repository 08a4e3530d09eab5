using Engram.Generative;
using Engram.Population;

namespace Engram.Tests.Generative;

public class ConceptClusteringTests
{
    [Fact]
    public void Three_planted_groups_of_concepts_are_recovered_whatever_their_order()
    {
        // Three tight groups of three concepts in 4-D, far apart, listed in a mixed order.
        var random = new Random(2);
        double[][] centres = [[0, 0, 0, 0], [10, 0, 0, 0], [0, 0, 10, 5]];
        int[] planted = [2, 0, 1, 1, 0, 2, 0, 2, 1];
        double[][] concepts = planted.Select(g => centres[g].Select(v => v + random.NextDouble()).ToArray()).ToArray();
        int[] found = ConceptClustering.AverageLinkage(concepts, 3);
        Assert.Equal(1.0, AdjustedRandIndex.Compute(found, planted));
        Assert.Equal([0, 1, 2, 2, 1, 0, 1, 0, 2], found);   // groups numbered by their first concept
    }

    [Fact]
    public void Matches_scipy_average_linkage_and_not_single_complete_or_ward()
    {
        // scipy.cluster.hierarchy.fcluster(linkage(X, m), 3, 'maxclust') on these seven points gives, renumbered by
        // first appearance: average (0,0,1,2,2,1,0); single (0,0,0,1,1,2,0); complete (0,1,1,0,0,2,0); ward (0,1,1,2,2,2,0).
        double[][] points = [[1.7, 8.1], [7.6, 9.6], [9.9, 4.9], [1.4, 1.4], [0.2, 1.5], [7.4, 0.0], [4.5, 6.7]];
        Assert.Equal([0, 0, 1, 2, 2, 1, 0], ConceptClustering.AverageLinkage(points, 3));
    }

    [Fact]
    public void One_group_holds_everything_and_as_many_groups_as_concepts_keep_each_alone()
    {
        double[][] points = [[0.0], [1.0], [5.0], [2.0]];
        Assert.Equal([0, 0, 0, 0], ConceptClustering.AverageLinkage(points, 1));
        Assert.Equal([0, 1, 2, 3], ConceptClustering.AverageLinkage(points, 4));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void A_group_count_outside_1_to_the_number_of_concepts_is_refused(int groups)
    {
        var error = Assert.Throws<ArgumentException>(() => ConceptClustering.AverageLinkage([[0.0], [1.0], [2.0]], groups));
        Assert.Contains("1 … 3", error.Message);
    }

    [Fact]
    public void Non_finite_or_ragged_concepts_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ConceptClustering.AverageLinkage([[0.0], [double.NaN]], 1));
        Assert.Throws<ArgumentException>(() => ConceptClustering.AverageLinkage([[0.0], [1.0, 2.0]], 1));
    }
}
