using Engram.Numerics;

namespace Engram.Memory;

/// <summary>Settings of <see cref="HierarchicalPatterns.Generate"/>.</summary>
/// <param name="N">Number of neurons (&gt; 0).</param>
/// <param name="Parents">Number of parent patterns ("concepts", &gt; 0).</param>
/// <param name="ChildrenPerParent">Children drawn around each parent (&gt; 0).</param>
/// <param name="B">Parent–child correlation b ∈ [0, 1]: Prob[ξ_i^{μν} = ±1] = (1 ± b ξ_i^μ)/2.</param>
/// <param name="Seed">Random seed; the same seed gives the same patterns.</param>
public sealed record HierarchicalPatternSettings(int N = 1000, int Parents = 3, int ChildrenPerParent = 3, double B = 0.5, int Seed = 0)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (N <= 0) throw new ArgumentException($"N must be > 0; got {N}.", nameof(N));
        if (Parents <= 0) throw new ArgumentException($"the number of parents must be > 0; got {Parents}.", nameof(Parents));
        if (ChildrenPerParent <= 0) throw new ArgumentException($"the number of children per parent must be > 0; got {ChildrenPerParent}.", nameof(ChildrenPerParent));
        if (!(B >= 0 && B <= 1)) throw new ArgumentException($"b must be in [0, 1]; got {B}.", nameof(B));
        if ((long)Parents * ChildrenPerParent > int.MaxValue / 2) throw new ArgumentException("too many children.", nameof(ChildrenPerParent));
    }
}

/// <summary>
/// Hierarchically correlated patterns (docs/science.md §1; Okada; Matsumoto et al. 2005): parents ξ^μ with
/// Prob[ξ_i^μ = ±1] = 1/2, and children ξ^{μν} of each parent with Prob[ξ_i^{μν} = ±1] = (1 ± b ξ_i^μ)/2,
/// independently per neuron and child. As N → ∞: child–parent overlap b, child–child overlap b² (same
/// parent) and 0 (different parents).
/// <para>Children are ordered parent-major: child ν of parent μ has index μ·C + ν (C children per parent).</para>
/// </summary>
/// <param name="Settings">What produced the patterns.</param>
/// <param name="ParentPatterns">The parents (Parents × N).</param>
/// <param name="Children">The children (Parents·C × N), parent-major.</param>
public sealed record HierarchicalPatterns(HierarchicalPatternSettings Settings, PatternSet ParentPatterns, PatternSet Children)
{
    /// <summary>Draws parents, then children, from <see cref="HierarchicalPatternSettings.Seed"/>.</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    public static HierarchicalPatterns Generate(HierarchicalPatternSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var random = Seeding.Create(settings.Seed);
        PatternSet parents = PatternSet.Random(settings.Parents, settings.N, random);
        int c = settings.ChildrenPerParent;
        double flip = (1 - settings.B) / 2; // Prob[child differs from parent at i]
        var children = new List<SpinVector>(settings.Parents * c);
        for (int mu = 0; mu < settings.Parents; mu++)
        {
            SpinVector parent = parents.Pattern(mu);
            for (int nu = 0; nu < c; nu++)
            {
                var child = parent.Clone();
                for (int i = 0; i < settings.N; i++)
                    if (random.NextDouble() < flip) child.Flip(i);
                children.Add(child);
            }
        }
        return new HierarchicalPatterns(settings, parents, PatternSet.FromVectors(children));
    }

    /// <summary>Number of neurons N.</summary>
    public int N => Settings.N;

    /// <summary>Children per parent C.</summary>
    public int ChildrenPerParent => Settings.ChildrenPerParent;

    /// <summary>Index of child <paramref name="child"/> of parent <paramref name="parent"/> in <see cref="Children"/>.</summary>
    public int ChildIndex(int parent, int child) => parent * ChildrenPerParent + child;

    /// <summary>The parent of child number <paramref name="childIndex"/> in <see cref="Children"/>.</summary>
    public int ParentOf(int childIndex) => childIndex / ChildrenPerParent;

    /// <summary>Parent label of every child (length Parents·C): the global category.</summary>
    public int[] ParentLabels() => Enumerable.Range(0, Children.Count).Select(ParentOf).ToArray();

    /// <summary>Parent μ as a spin vector.</summary>
    public SpinVector Parent(int mu) => ParentPatterns.Pattern(mu);

    /// <summary>Child ν of parent μ as a spin vector.</summary>
    public SpinVector Child(int mu, int nu) => Children.Pattern(ChildIndex(mu, nu));

    /// <summary>
    /// The mixture ("concept") state of parent μ's children, η_i = sgn(Σ_ν ξ_i^{μν}), sgn(0) = +1 (ties
    /// occur only for an even number of children). With three children this is sgn(ξ¹ + ξ² + ξ³).
    /// </summary>
    public SpinVector Mixture(int mu)
    {
        var eta = new SpinVector(N);
        for (int i = 0; i < N; i++)
        {
            int s = 0;
            for (int nu = 0; nu < ChildrenPerParent; nu++) s += Children[ChildIndex(mu, nu), i];
            if (s < 0) eta[i] = -1;
        }
        return eta;
    }

    /// <summary>Parents as a Parents × N matrix of ±1 bytes.</summary>
    public sbyte[,] ParentsAsSbytes() => ParentPatterns.ToSbytes();

    /// <summary>Children as a (Parents·C) × N matrix of ±1 bytes, parent-major.</summary>
    public sbyte[,] ChildrenAsSbytes() => Children.ToSbytes();

    /// <summary>Parents as a Parents × N matrix of ±1.0.</summary>
    public double[,] ParentsAsDoubles() => ParentPatterns.ToDoubles();

    /// <summary>Children as a (Parents·C) × N matrix of ±1.0, parent-major.</summary>
    public double[,] ChildrenAsDoubles() => Children.ToDoubles();
}
