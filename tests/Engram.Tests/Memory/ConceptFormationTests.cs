using Engram.Memory;

namespace Engram.Tests.Memory;

public class ConceptFormationTests
{
    [Fact]
    public void The_never_stored_parent_becomes_an_attractor_with_many_children_and_large_b()
    {
        var result = ConceptFormation.StabilityMap(new StabilitySettings { N = 1000, B = [0.2, 0.8], Children = [1, 15], Trials = 2, Seed = 2 }, cancel: TestContext.Current.CancellationToken);
        Assert.True(result.ParentStability[1, 1] > 0.95, $"C = 15, b = 0.8: {result.ParentStability[1, 1]}");
        Assert.True(result.ParentStability[0, 0] < 0.5, $"C = 1, b = 0.2: {result.ParentStability[0, 0]}");
        Assert.True(result.MixtureStability[1, 1] > 0.9);
        Assert.True(result.ChildStability[0, 0] > 0.99, "a lone stored child is retrieved");
    }

    [Fact]
    public void Retrieval_from_a_noisy_child_puts_the_category_in_place_before_the_identity()
    {
        var result = ConceptFormation.CoarseToFine(new CoarseToFineSettings { N = 2000, Trials = 6, Steps = 3, Seed = 1 }, cancel: TestContext.Current.CancellationToken);
        Assert.True(result.ParentRisesFirst, $"category at {result.CategoryTime}, identity at {result.IdentityTime}");
        Assert.Equal(result.Times.Length, result.ParentOverlap.Length);
        Assert.InRange(result.ParentOverlap[0], 0.6 * 0.2 - 0.1, 0.6 * 0.2 + 0.1);
    }

    [Fact]
    public void Statistics_report_b_and_b_squared()
    {
        var h = HierarchicalPatterns.Generate(new HierarchicalPatternSettings(10_000, 2, 3, 0.5, 1));
        HierarchyStatistics s = ConceptFormation.Statistics(h);
        Assert.InRange(s.ChildParent, 0.5 - s.Tolerance, 0.5 + s.Tolerance);
        Assert.InRange(s.ChildChildSameParent, 0.25 - s.Tolerance, 0.25 + s.Tolerance);
        Assert.InRange(s.ChildChildOtherParent, -s.Tolerance, s.Tolerance);
    }
}
