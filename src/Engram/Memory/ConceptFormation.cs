using Engram.Numerics;

namespace Engram.Memory;

/// <summary>Measured overlaps among hierarchical patterns, next to their N → ∞ values.</summary>
/// <param name="ChildParent">Mean overlap of a child with its parent (theory b).</param>
/// <param name="ChildChildSameParent">Mean overlap of two children of one parent (theory b²).</param>
/// <param name="ChildChildOtherParent">Mean overlap of children of different parents (theory 0).</param>
/// <param name="MixtureParent">Mean overlap of the mixture sgn(Σ_ν ξ^{μν}) with its parent.</param>
/// <param name="B">b.</param>
/// <param name="Tolerance">3/√N, the tolerance the tests use.</param>
public sealed record HierarchyStatistics(double ChildParent, double ChildChildSameParent, double ChildChildOtherParent, double MixtureParent, double B, double Tolerance);

/// <summary>Settings of <see cref="ConceptFormation.StabilityMap"/>.</summary>
public sealed record StabilitySettings
{
    /// <summary>Neurons N (default 2000).</summary>
    public int N { get; init; } = 2000;

    /// <summary>Parents (default 3); the network stores only their children.</summary>
    public int Parents { get; init; } = 3;

    /// <summary>Values of b to test (default 0.1 … 0.9).</summary>
    public IReadOnlyList<double> B { get; init; } = Enumerable.Range(1, 9).Select(k => k / 10.0).ToArray();

    /// <summary>Numbers of children per parent to test (default 1, 2, 3, 5, 7, 10, 15, 20).</summary>
    public IReadOnlyList<int> Children { get; init; } = [1, 2, 3, 5, 7, 10, 15, 20];

    /// <summary>Independent pattern sets per cell (default 4).</summary>
    public int Trials { get; init; } = 4;

    /// <summary>Update rule (default synchronous).</summary>
    public UpdateMode Mode { get; init; } = UpdateMode.Synchronous;

    /// <summary>Most steps (default 50).</summary>
    public int MaxSteps { get; init; } = 50;

    /// <summary>Random seed.</summary>
    public int Seed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (N <= 0) throw new ArgumentException($"N must be > 0; got {N}.", nameof(N));
        if (Parents <= 0) throw new ArgumentException($"the number of parents must be > 0; got {Parents}.", nameof(Parents));
        if (B is null || B.Count == 0) throw new ArgumentException("the b grid is empty.", nameof(B));
        foreach (double b in B) if (!(b >= 0 && b <= 1)) throw new ArgumentException($"b must be in [0, 1]; got {b}.", nameof(B));
        if (Children is null || Children.Count == 0) throw new ArgumentException("the list of children counts is empty.", nameof(Children));
        foreach (int c in Children) if (c <= 0) throw new ArgumentException($"children per parent must be > 0; got {c}.", nameof(Children));
        if (Trials <= 0) throw new ArgumentException($"trials must be > 0; got {Trials}.", nameof(Trials));
        if (MaxSteps <= 0) throw new ArgumentException($"max steps must be > 0; got {MaxSteps}.", nameof(MaxSteps));
    }
}

/// <summary>
/// Stability of the parent (concept), the mixture and the stored children, as final overlaps after
/// running the network that stores only the children from each of them. Indexed [children index, b index].
/// </summary>
/// <param name="Settings">What produced it.</param>
/// <param name="ParentStability">Mean final overlap with the parent, starting at the parent (never stored).</param>
/// <param name="MixtureStability">Mean final overlap with the mixture sgn(Σ_ν ξ^{μν}), starting at it.</param>
/// <param name="ChildStability">Mean final overlap with a child, starting at that (stored) child.</param>
/// <param name="ChildToParent">Mean final overlap with the parent, starting at a child: near 1 when the children merge into the concept.</param>
public sealed record StabilityResult(StabilitySettings Settings, double[,] ParentStability, double[,] MixtureStability, double[,] ChildStability, double[,] ChildToParent);

/// <summary>Settings of <see cref="ConceptFormation.CoarseToFine"/>.</summary>
public sealed record CoarseToFineSettings
{
    /// <summary>Neurons N (default 5000).</summary>
    public int N { get; init; } = 5000;

    /// <summary>Parents (default 3).</summary>
    public int Parents { get; init; } = 3;

    /// <summary>Children per parent (default 3).</summary>
    public int ChildrenPerParent { get; init; } = 3;

    /// <summary>Parent–child correlation b (default 0.6).</summary>
    public double B { get; init; } = 0.6;

    /// <summary>Fraction of the child's bits flipped in the cue (default 0.4: overlap 0.2 with the child).</summary>
    public double Noise { get; init; } = 0.4;

    /// <summary>Steps (synchronous updates or asynchronous sweeps) to run (default 10).</summary>
    public int Steps { get; init; } = 10;

    /// <summary>Update rule (default asynchronous, recorded <see cref="RecordsPerSweep"/> times per sweep).</summary>
    public UpdateMode Mode { get; init; } = UpdateMode.Asynchronous;

    /// <summary>Records per asynchronous sweep (default 20).</summary>
    public int RecordsPerSweep { get; init; } = 20;

    /// <summary>Cues (each a fresh pattern set and child) averaged (default 20).</summary>
    public int Trials { get; init; } = 20;

    /// <summary>Random seed.</summary>
    public int Seed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        new HierarchicalPatternSettings(N, Parents, ChildrenPerParent, B, Seed).Validate();
        if (!(Noise >= 0 && Noise <= 1)) throw new ArgumentException($"the cue noise must be in [0, 1]; got {Noise}.", nameof(Noise));
        if (Steps <= 0) throw new ArgumentException($"steps must be > 0; got {Steps}.", nameof(Steps));
        if (RecordsPerSweep <= 0) throw new ArgumentException($"records per sweep must be > 0; got {RecordsPerSweep}.", nameof(RecordsPerSweep));
        if (Trials <= 0) throw new ArgumentException($"trials must be > 0; got {Trials}.", nameof(Trials));
    }
}

/// <summary>Mean overlaps over time when retrieving from a noisy child.</summary>
/// <param name="Settings">What produced it.</param>
/// <param name="Times">Record times (steps or sweeps).</param>
/// <param name="ParentOverlap">Mean overlap with the cued child's parent.</param>
/// <param name="ChildOverlap">Mean overlap with the cued child.</param>
/// <param name="OtherChildOverlap">Mean overlap with the other children of the same parent (averaged).</param>
/// <param name="CategoryTime">
/// First time the parent overlap reaches 0.9·b, i.e. 90 % of the overlap the child itself has with its
/// parent: the coarse (category) information is in place. NaN if never.
/// </param>
/// <param name="IdentityTime">First time the child overlap reaches 0.9: the fine (identity) information is in place. NaN if never.</param>
/// <remarks>
/// A child is ξ^{μν} = b ξ^μ + (child-specific part), so at the cue m_parent/b = m_child. Linearised, the
/// dynamics amplify the parent direction by 1 − b² + C b² per step and child-specific directions by 1 − b²
/// only (eigenvalues of the children's Gram matrix), so m_parent/b runs ahead of m_child: coarse before fine.
/// </remarks>
public sealed record CoarseToFineResult(CoarseToFineSettings Settings, double[] Times, double[] ParentOverlap, double[] ChildOverlap,
    double[] OtherChildOverlap, double CategoryTime, double IdentityTime)
{
    /// <summary>Whether the category information (parent overlap ≥ 0.9 b) was in place before the identity (child overlap ≥ 0.9), or without it.</summary>
    public bool ParentRisesFirst => !double.IsNaN(CategoryTime) && (double.IsNaN(IdentityTime) || CategoryTime < IdentityTime);
}

/// <summary>
/// Concept formation in a Hopfield network storing hierarchically correlated patterns (docs/science.md §1;
/// Matsumoto, Okada, Sugase-Miyamoto, Yamane &amp; Kawano 2005): the parent, never stored, becomes an
/// attractor when children are many or b is large; retrieval from a noisy child approaches the parent
/// before the child (coarse-to-fine).
/// </summary>
public static class ConceptFormation
{
    /// <summary>Measured overlaps of <paramref name="patterns"/> against the N → ∞ values b, b², 0.</summary>
    public static HierarchyStatistics Statistics(HierarchicalPatterns patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        int parents = patterns.Settings.Parents, c = patterns.ChildrenPerParent;
        var cp = new List<double>(); var same = new List<double>(); var other = new List<double>(); var mix = new List<double>();
        for (int mu = 0; mu < parents; mu++)
        {
            SpinVector parent = patterns.Parent(mu);
            mix.Add(patterns.Mixture(mu).Overlap(parent));
            for (int nu = 0; nu < c; nu++)
            {
                SpinVector child = patterns.Child(mu, nu);
                cp.Add(child.Overlap(parent));
                for (int k = nu + 1; k < c; k++) same.Add(child.Overlap(patterns.Child(mu, k)));
                for (int m2 = mu + 1; m2 < parents; m2++)
                    for (int k = 0; k < c; k++) other.Add(child.Overlap(patterns.Child(m2, k)));
            }
        }
        static double Mean(List<double> v) => v.Count == 0 ? double.NaN : v.Average();
        return new HierarchyStatistics(Mean(cp), Mean(same), Mean(other), Mean(mix), patterns.Settings.B, 3 / Math.Sqrt(patterns.N));
    }

    /// <summary>Runs every (children, b) cell; cells run in parallel.</summary>
    public static StabilityResult StabilityMap(StabilitySettings settings, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        int rows = settings.Children.Count, cols = settings.B.Count, trials = settings.Trials;
        var parent = new double[rows, cols]; var mixture = new double[rows, cols]; var child = new double[rows, cols]; var childToParent = new double[rows, cols];
        long done = 0, total = (long)rows * cols * trials;
        var cell = new double[rows, cols, trials, 4];
        Parallel.For(0, rows * cols * trials, new ParallelOptions { CancellationToken = cancel }, job =>
        {
            int r = job / (cols * trials), c = job / trials % cols, k = job % trials;
            var h = HierarchicalPatterns.Generate(new HierarchicalPatternSettings(settings.N, settings.Parents, settings.Children[r], settings.B[c],
                Seeding.Derive(settings.Seed, job)));
            var net = new ClassicalHopfieldNetwork(h.Children) { UseParallelism = false };
            var run = new RetrievalSettings { Mode = settings.Mode, MaxSteps = settings.MaxSteps, TrackedPatterns = [0], Seed = job };
            int mu = k % settings.Parents;
            SpinVector p = h.Parent(mu), eta = h.Mixture(mu), xi = h.Child(mu, 0);
            cell[r, c, k, 0] = net.Retrieve(p, run).Final.Overlap(p);
            cell[r, c, k, 1] = net.Retrieve(eta, run).Final.Overlap(eta);
            SpinVector fromChild = net.Retrieve(xi, run).Final;
            cell[r, c, k, 2] = fromChild.Overlap(xi);
            cell[r, c, k, 3] = fromChild.Overlap(p);
            progress?.Report(new WorkProgress("stability map", Interlocked.Increment(ref done), total));
        });
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double Mean(int q) { double s = 0; for (int k = 0; k < trials; k++) s += cell[r, c, k, q]; return s / trials; }
                parent[r, c] = Mean(0); mixture[r, c] = Mean(1); child[r, c] = Mean(2); childToParent[r, c] = Mean(3);
            }
        return new StabilityResult(settings, parent, mixture, child, childToParent);
    }

    /// <summary>Retrieval from noisy children: mean overlaps with the child and its parent over time.</summary>
    public static CoarseToFineResult CoarseToFine(CoarseToFineSettings settings, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        int trials = settings.Trials;
        double[][] parentRuns = new double[trials][], childRuns = new double[trials][], otherRuns = new double[trials][];
        double[] times = [];
        long done = 0;
        Parallel.For(0, trials, new ParallelOptions { CancellationToken = cancel }, k =>
        {
            var random = Seeding.Create(Seeding.Derive(settings.Seed, k));
            var h = HierarchicalPatterns.Generate(new HierarchicalPatternSettings(settings.N, settings.Parents, settings.ChildrenPerParent, settings.B, random.Next()));
            var net = new ClassicalHopfieldNetwork(h.Children) { UseParallelism = false };
            int mu = random.Next(settings.Parents), nu = random.Next(settings.ChildrenPerParent);
            SpinVector parent = h.Parent(mu), target = h.Child(mu, nu);
            int[] others = Enumerable.Range(0, settings.ChildrenPerParent).Where(v => v != nu).Select(v => h.ChildIndex(mu, v)).ToArray();
            var parentSeries = new List<double>();
            var run = net.Retrieve(target.WithFlips(settings.Noise, random), new RetrievalSettings
            {
                Mode = settings.Mode, MaxSteps = settings.Steps, StopAtFixedPoint = false, Seed = random.Next(),
                TrackedPatterns = [h.ChildIndex(mu, nu), .. others],
                RecordEvery = settings.Mode == UpdateMode.Asynchronous ? Math.Max(1, settings.N / settings.RecordsPerSweep) : 0,
            }, (_, x) => parentSeries.Add(x.Overlap(parent)));
            parentRuns[k] = parentSeries.ToArray();
            childRuns[k] = run.OverlapSeries(0);
            otherRuns[k] = run.Overlaps.Select(row => others.Length == 0 ? double.NaN : row.Skip(1).Average()).ToArray();
            if (k == 0) times = run.Times;
            progress?.Report(new WorkProgress("coarse-to-fine", Interlocked.Increment(ref done), trials));
        });
        int length = parentRuns.Min(r => r.Length);
        double[] MeanOver(double[][] runs) => Enumerable.Range(0, length).Select(t => runs.Average(r => r[t])).ToArray();
        double[] p = MeanOver(parentRuns), c = MeanOver(childRuns), o = MeanOver(otherRuns);
        times = times.Take(length).ToArray();
        double FirstTime(double[] v, double level) { int t = Array.FindIndex(v, x => x >= level); return t < 0 ? double.NaN : times[t]; }
        return new CoarseToFineResult(settings, times, p, c, o, FirstTime(p, 0.9 * settings.B), FirstTime(c, 0.9));
    }
}
