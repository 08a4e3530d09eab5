using Engram.Data;
using Engram.Memory;
using Engram.Numerics;

namespace Engram.Generative;

/// <summary>Settings of <see cref="HierarchicalImages.Generate"/>.</summary>
public sealed record HierarchicalImageSettings
{
    /// <summary>Parent patterns (the abstract concepts, the planted superclasses).</summary>
    public int Parents { get; init; } = 3;

    /// <summary>Children per parent (the concepts, the classes).</summary>
    public int ChildrenPerParent { get; init; } = 3;

    /// <summary>Parent–child correlation b of <see cref="HierarchicalPatterns"/>: a child pixel equals its parent's with probability (1 + b)/2.</summary>
    public double B { get; init; } = 0.5;

    /// <summary>Fraction of a child's pixels flipped in each instance (exactly round(f·N) of them, see <see cref="SpinVector.WithFlips"/>).</summary>
    public double Flip { get; init; } = 0.05;

    /// <summary>Image side: the images are Side × Side.</summary>
    public int Side { get; init; } = 16;

    /// <summary>Training instances (memories) per child.</summary>
    public int TrainPerChild { get; init; } = 100;

    /// <summary>Test instances per child.</summary>
    public int TestPerChild { get; init; } = 20;

    /// <summary>Seed of the patterns and the instances.</summary>
    public int Seed { get; init; }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (Side < 2 || Side > 256) throw new ArgumentException($"the image side must be in 2 … 256; got {Side}.", nameof(Side));
        if (!(Flip >= 0 && Flip <= 0.5)) throw new ArgumentException($"the flip fraction must be in [0, 0.5]; got {Flip}.", nameof(Flip));
        if (TrainPerChild < 1) throw new ArgumentException($"training instances per child must be ≥ 1; got {TrainPerChild}.", nameof(TrainPerChild));
        if (TestPerChild < 1) throw new ArgumentException($"test instances per child must be ≥ 1; got {TestPerChild}.", nameof(TestPerChild));
        if ((long)Parents * ChildrenPerParent * (TrainPerChild + TestPerChild) * Side * Side > 200_000_000)
            throw new ArgumentException("the synthetic set would exceed 200 million pixels; use fewer instances or a smaller side.", nameof(TrainPerChild));
        Patterns.Validate();
    }

    /// <summary>The pattern settings: N = Side² neurons.</summary>
    public HierarchicalPatternSettings Patterns => new(Side * Side, Parents, ChildrenPerParent, B, Seed);
}

/// <summary>A synthetic hierarchy rendered as binary images, with its planted structure.</summary>
/// <param name="Settings">What produced it.</param>
/// <param name="Train">Training instances; label = child (parent-major: child ν of parent μ is μ·C + ν).</param>
/// <param name="Test">Test instances, labelled likewise.</param>
/// <param name="ParentOfClass">The planted parent (superclass) of each child class.</param>
public sealed record HierarchicalImages(HierarchicalImageSettings Settings, ImageSet Train, ImageSet Test, int[] ParentOfClass)
{
    /// <summary>
    /// Ground truth for the three findings: the hierarchical patterns of <see cref="HierarchicalPatterns.Generate"/>
    /// (parents ξ^μ uniform ±1; children with Prob[ξ_i^{μν} = ξ_i^μ] = (1 + b)/2) on N = Side² pixels, and
    /// instances (memories) of each child with a fraction f of its pixels flipped; spin +1 → pixel 1, −1 → 0. The
    /// parents are the abstract concepts, the children the concepts, the instances the memories. Pixel overlaps:
    /// instance–child 1 − 2f, child–child b² under one parent and 0 across parents, so the children of a parent are
    /// closer to each other than to any other child. Training and test instances are drawn in that order from the
    /// stream <see cref="Seeding.Derive"/>(seed, 1); the same seed gives the same images.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    public static HierarchicalImages Generate(HierarchicalImageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        HierarchicalPatterns patterns = HierarchicalPatterns.Generate(settings.Patterns);
        var random = Seeding.Create(Seeding.Derive(settings.Seed, 1));
        ImageSet Render(int perChild)
        {
            int classes = patterns.Children.Count, n = patterns.N;
            var pixels = new float[(long)classes * perChild * n];
            var labels = new int[classes * perChild];
            for (int c = 0; c < classes; c++)
                for (int k = 0; k < perChild; k++)
                {
                    int image = c * perChild + k;
                    SpinVector instance = patterns.Children.Pattern(c).WithFlips(settings.Flip, random);
                    for (int i = 0; i < n; i++) pixels[(long)image * n + i] = instance[i] > 0 ? 1f : 0f;
                    labels[image] = c;
                }
            return new ImageSet(pixels, labels, settings.Side, settings.Side);
        }
        ImageSet train = Render(settings.TrainPerChild);
        ImageSet test = Render(settings.TestPerChild);
        return new HierarchicalImages(settings, train, test, patterns.ParentLabels());
    }
}
