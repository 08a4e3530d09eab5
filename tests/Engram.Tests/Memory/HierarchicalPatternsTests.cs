using Engram.Memory;

namespace Engram.Tests.Memory;

public class HierarchicalPatternsTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.9)]
    public void Child_child_overlap_is_b_squared_and_child_parent_overlap_is_b(double b)
    {
        const int n = 20_000;
        var h = HierarchicalPatterns.Generate(new HierarchicalPatternSettings(n, Parents: 3, ChildrenPerParent: 4, B: b, Seed: 5));
        double tolerance = 3 / Math.Sqrt(n);
        for (int mu = 0; mu < 3; mu++)
            for (int nu = 0; nu < 4; nu++)
            {
                Assert.InRange(h.Child(mu, nu).Overlap(h.Parent(mu)), b - tolerance, b + tolerance);
                for (int kappa = nu + 1; kappa < 4; kappa++)
                    Assert.InRange(h.Child(mu, nu).Overlap(h.Child(mu, kappa)), b * b - tolerance, b * b + tolerance);
                Assert.InRange(h.Child(mu, nu).Overlap(h.Child((mu + 1) % 3, nu)), -tolerance, tolerance);
            }
    }

    [Fact]
    public void The_same_seed_gives_the_same_patterns_and_the_layouts_agree()
    {
        var s = new HierarchicalPatternSettings(N: 130, Parents: 2, ChildrenPerParent: 3, B: 0.4, Seed: 9);
        var a = HierarchicalPatterns.Generate(s);
        var b = HierarchicalPatterns.Generate(s);
        Assert.Equal(a.ChildrenAsSbytes(), b.ChildrenAsSbytes());
        sbyte[,] rows = a.ChildrenAsSbytes();
        double[,] doubles = a.ChildrenAsDoubles();
        for (int c = 0; c < 6; c++)
            for (int i = 0; i < 130; i++)
            {
                Assert.Equal(a.Children[c, i], rows[c, i]);
                Assert.Equal(rows[c, i], doubles[c, i]);
                Assert.Equal(a.Child(a.ParentOf(c), c % 3)[i], rows[c, i]);
            }
        Assert.Equal([0, 0, 0, 1, 1, 1], a.ParentLabels());
    }

    [Fact]
    public void The_mixture_is_the_majority_of_three_children()
    {
        var h = HierarchicalPatterns.Generate(new HierarchicalPatternSettings(N: 200, Parents: 1, ChildrenPerParent: 3, B: 0.2, Seed: 1));
        SpinVector eta = h.Mixture(0);
        for (int i = 0; i < 200; i++)
            Assert.Equal(Math.Sign(h.Children[0, i] + h.Children[1, i] + h.Children[2, i]), eta[i]);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void B_outside_zero_one_is_rejected(double b)
    {
        var e = Assert.Throws<ArgumentException>(() => HierarchicalPatterns.Generate(new HierarchicalPatternSettings(B: b)));
        Assert.Contains("b must be in [0, 1]", e.Message);
    }
}
