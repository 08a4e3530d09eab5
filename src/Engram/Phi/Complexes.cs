using Engram.Numerics;

namespace Engram.Phi;

/// <summary>How complexes are searched for.</summary>
public enum ComplexSearchKind
{
    /// <summary>Φ^MIP of every subset of ≥ 2 channels (2^N − N − 1 MIP searches; PhiToolbox's <c>Complex_Exhaustive</c>).</summary>
    Exhaustive,
    /// <summary>
    /// Hierarchical partitioning (Kitazono, Kanai &amp; Oizumi 2020, Neural Netw. 125:167 / PLoS Comput Biol 16:e1007946;
    /// PhiToolbox's <c>Complex_Recursive</c>): split the system at its MIP, then each part at its own, down to single
    /// channels; N − 1 MIP searches. Exact for measures whose MIP search is exact and that are monotone under it (MI1, MI).
    /// </summary>
    Hierarchical,
}

/// <summary>Settings of a complex search.</summary>
public sealed record ComplexSettings
{
    /// <summary>Exhaustive or hierarchical; hierarchical by default (scales to hundreds of channels).</summary>
    public ComplexSearchKind Search { get; init; } = ComplexSearchKind.Hierarchical;

    /// <summary>The MIP search inside the hierarchical search (the exhaustive complex search tabulates every subset's exact MIP).</summary>
    public MipSettings Mip { get; init; } = new() { Search = MipSearchKind.Queyranne };
}

/// <summary>A complex: a subset whose Φ^MIP exceeds that of every subset containing it.</summary>
/// <param name="Channels">Its channels, ascending.</param>
/// <param name="Phi">Φ^MIP of the subset (not normalised).</param>
/// <param name="MipPart">The part of its MIP that holds its smallest channel.</param>
/// <param name="IsMain">A main complex: its Φ^MIP is at least that of every complex inside it.</param>
/// <param name="Parent">Index (in the result's list) of the smallest complex that contains it; null for none.</param>
public sealed record Complex(int[] Channels, double Phi, int[] MipPart, bool IsMain, int? Parent);

/// <summary>The complexes of a system, ordered by Φ^MIP (largest first).</summary>
/// <param name="Complexes">Every complex, largest Φ^MIP first.</param>
/// <param name="MipSearches">Subsets whose MIP was searched.</param>
/// <param name="Evaluations">Φ evaluations in all.</param>
/// <param name="Search">The search used.</param>
public sealed record ComplexResult(IReadOnlyList<Complex> Complexes, long MipSearches, long Evaluations, ComplexSearchKind Search)
{
    /// <summary>The main complexes, largest Φ^MIP first.</summary>
    public IEnumerable<Complex> MainComplexes => Complexes.Where(c => c.IsMain);
}

/// <summary>Complexes and main complexes of a Gaussian system (Kitazono et al. 2020; PhiToolbox's <c>Complex_search</c>).</summary>
public static class ComplexSearch
{
    /// <summary>Finds the complexes of the system evaluated by <paramref name="phi"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 channels, or an exhaustive search beyond the evaluation limit.</exception>
    public static ComplexResult Search(GaussianPhi phi, ComplexSettings? settings = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(phi);
        settings ??= new ComplexSettings();
        if (phi.Channels < 2) throw new ArgumentException($"complexes need at least 2 channels; the system has {phi.Channels}.", nameof(phi));
        return settings.Search == ComplexSearchKind.Exhaustive
            ? ExhaustiveComplexes.Search(phi, settings, progress, cancellation)
            : Hierarchical(phi, settings, progress, cancellation);
    }

    /// <summary>Σ_k C(N, k)(2^(k−1) − 1) = (3^N + 1)/2 − 2^N: Φ evaluations of the exhaustive search.</summary>
    public static double ExhaustiveEvaluations(int channels) => (Math.Pow(3, channels) + 1) / 2 - Math.Pow(2, channels);

    static ComplexResult Hierarchical(GaussianPhi phi, ComplexSettings settings, IProgress<WorkProgress>? progress, CancellationToken cancellation)
    {
        int n = phi.Channels;
        var nodes = new List<(int[] Channels, double Phi, int[] MipPart, int Parent)>();
        long evaluations = 0;
        var pending = new Stack<(int[] Channels, int Parent)>();
        pending.Push((phi.Everything, -1));
        while (pending.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var (channels, parent) = pending.Pop();
            var sub = channels.Length == n ? phi : new GaussianPhi(phi.Statistics.Restrict(channels), phi.Settings);
            MipResult mip = MinimumInformationPartition.Search(sub, settings.Mip, null, cancellation);
            evaluations += mip.Evaluations;
            int[][] parts = [.. mip.Partition.Parts.Select(p => p.Select(i => channels[i]).ToArray())];
            nodes.Add((channels, mip.Phi, parts[0], parent));
            int self = nodes.Count - 1;
            foreach (int[] part in parts.Reverse())
                if (part.Length >= 2) pending.Push((part, self));
            progress?.Report(new WorkProgress("hierarchical complexes", nodes.Count, n - 1));
        }
        // A node is a complex when its Φ exceeds every ancestor's (the only supersets the hierarchy can compare).
        var isComplex = new bool[nodes.Count];
        var ancestorMax = new double[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            int p = nodes[i].Parent;
            double above = p < 0 ? double.NegativeInfinity : Math.Max(ancestorMax[p], nodes[p].Phi);
            ancestorMax[i] = above;
            isComplex[i] = nodes[i].Phi > above;
        }
        var complexes = Enumerable.Range(0, nodes.Count).Where(i => isComplex[i])
            .Select(i => (nodes[i].Channels, nodes[i].Phi, nodes[i].MipPart)).ToList();
        return new ComplexResult(Finish(complexes), nodes.Count, evaluations, ComplexSearchKind.Hierarchical);
    }

    /// <summary>Orders complexes by Φ (largest first, then by channels), marks main complexes and links each to its smallest enclosing complex.</summary>
    internal static IReadOnlyList<Complex> Finish(List<(int[] Channels, double Phi, int[] MipPart)> complexes)
    {
        var sorted = complexes.OrderByDescending(c => c.Phi).ThenBy(c => c.Channels.Length).ThenBy(c => string.Join(",", c.Channels)).ToList();
        var sets = sorted.Select(c => new HashSet<int>(c.Channels)).ToList();
        var result = new List<Complex>();
        for (int i = 0; i < sorted.Count; i++)
        {
            bool main = true;
            int? parent = null;
            for (int j = 0; j < sorted.Count; j++)
            {
                if (j == i) continue;
                if (sets[i].IsSupersetOf(sets[j]) && sorted[j].Phi > sorted[i].Phi) main = false;
                if (sets[j].IsProperSupersetOf(sets[i]) && (parent is null || sets[j].Count < sets[parent.Value].Count)) parent = j;
            }
            result.Add(new Complex(sorted[i].Channels, sorted[i].Phi, sorted[i].MipPart, main, parent));
        }
        return result;
    }
}
