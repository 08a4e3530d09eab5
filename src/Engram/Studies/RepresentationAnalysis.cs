using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Engram.Alignment;
using Engram.Alignment.Evaluation;
using Engram.Data;
using Engram.Numerics;

namespace Engram.Studies;

/// <summary>
/// Settings of an analysis of K representations (<see cref="RepresentationAnalysis.Run"/>): which pairs, the ε search every
/// pair's study runs, histogram matching and the barycenter.
/// </summary>
public sealed record RepresentationAnalysisSettings
{
    /// <summary>Name of the analysis; every pair's study is named "NAME: A vs B" in the shared storage.</summary>
    public required string Name { get; init; }

    /// <summary>The representations, as files every pair's study names (so <c>engram study worker</c> can run any pair anywhere).</summary>
    public required IReadOnlyList<RepresentationFile> Representations { get; init; }

    /// <summary>Absolute path of the category CSV shared by all representations, or null.</summary>
    public string? Categories { get; init; }

    /// <summary>The pairs to align, as indices into the representations (first, second); null: every pair i &lt; j.</summary>
    public IReadOnlyList<(int First, int Second)>? Pairs { get; init; }

    /// <summary>Alignment settings every trial starts from; ε, initial plan and seed are set per trial.</summary>
    public required AlignmentSettings Alignment { get; init; }

    /// <summary>The ε search every pair's study runs (range, initial plans, trials per pair, sampler, pruner, seed).</summary>
    public EpsilonSearchPlan Search { get; init; } = new();

    /// <summary>How the second representation of a pair is histogram-matched to the first before the search.</summary>
    public HistogramMatchingKind HistogramMatching { get; init; } = HistogramMatchingKind.None;

    /// <summary>Index of the pivot for barycenter alignment; null: no barycenter.</summary>
    public int? BarycenterPivot { get; init; }

    /// <summary>Barycenter iterations and tolerance.</summary>
    public BarycenterSettings Barycenter { get; init; } = new();

    /// <summary>Checks the settings; throws an <see cref="ArgumentException"/> naming the first problem (the files are checked when read).</summary>
    public void Validate()
    {
        int count = Representations?.Count ?? 0;
        if (Representations is not null && Representations.Select(r => r.Name).Distinct().Count() != count)
            throw new ArgumentException("every representation needs its own name.", nameof(Representations));
        if (count < 2) throw new ArgumentException($"an analysis needs at least 2 representations; got {count}.", "representations");
        ArgumentNullException.ThrowIfNull(Search);
        Search.Validate();
        var seen = new HashSet<(int, int)>();
        foreach (var (a, b) in PairsOf(count))
        {
            if (a < 0 || b < 0 || a >= count || b >= count || a == b)
                throw new ArgumentException($"the pair ({a}, {b}) must name two different representations of the {count}.", nameof(Pairs));
            if (!seen.Add((Math.Min(a, b), Math.Max(a, b))))
                throw new ArgumentException($"the pair ({a}, {b}) is listed twice.", nameof(Pairs));
        }
        if (BarycenterPivot is int pivot)
        {
            if (pivot < 0 || pivot >= count) throw new ArgumentException($"the barycenter pivot must be one of the {count} representations.", nameof(BarycenterPivot));
            for (int k = 0; k < count; k++)
                if (k != pivot && !seen.Contains((Math.Min(k, pivot), Math.Max(k, pivot))))
                    throw new ArgumentException($"the barycenter needs every representation aligned with the pivot; representation {k} is not paired with it.", nameof(BarycenterPivot));
        }
        Alignment.Validate();
    }

    /// <summary>The ε search of the pair (<paramref name="first"/>, <paramref name="second"/>): an ordinary <c>gw-alignment</c> study named "NAME: A vs B".</summary>
    public EpsilonSearchSettings PairSearch(int first, int second) => new()
    {
        Name = RepresentationAnalysis.StudyName(Name, Representations[first].Name, Representations[second].Name),
        Alignment = new GwAlignmentStudySettings
        {
            X = Representations[first], Y = Representations[second], Categories = Categories, HistogramMatching = HistogramMatching, Alignment = Alignment,
        },
        Plan = Search,
    };

    /// <summary>The pairs to align: <see cref="Pairs"/>, or every (i, j) with i &lt; j.</summary>
    public IReadOnlyList<(int First, int Second)> PairsOf(int count) =>
        Pairs ?? [.. from i in Enumerable.Range(0, count) from j in Enumerable.Range(i + 1, count - i - 1) select (i, j)];
}

/// <summary>The representations of an analysis read from their files, and the categories (<see cref="RepresentationAnalysis.Load"/>).</summary>
/// <param name="Representations">In the settings' order.</param>
/// <param name="Categories">The category table, or null.</param>
public sealed record AnalysisInputs(IReadOnlyList<Representation> Representations, CategoryTable? Categories);

/// <summary>The result of one pair: its study, the best trial's alignment, and the category views.</summary>
/// <param name="First">Index of the first representation (rows of the plan).</param>
/// <param name="Second">Index of the second (columns).</param>
/// <param name="Study">The pair's study as stored.</param>
/// <param name="Best">The lowest-loss trial's alignment (its stored plan, or re-run with the same ε, init and seed: the same plan), with its scores.</param>
/// <param name="HistogramMatching">What histogram matching did to the second representation, or null without it.</param>
/// <param name="CategoryRsa">RSA within each category and between categories, with categories.</param>
/// <param name="CategoryConfusion">The plan's category confusion (rows: categories of the first), with categories.</param>
public sealed record PairAnalysis(int First, int Second, StudySnapshot Study, AlignmentResult Best, string? HistogramMatching,
    IReadOnlyList<BlockRsa>? CategoryRsa, double[,]? CategoryConfusion);

/// <summary>Everything an analysis of K representations produced.</summary>
public sealed record RepresentationAnalysisResult
{
    /// <summary>The settings that produced it.</summary>
    public required RepresentationAnalysisSettings Settings { get; init; }

    /// <summary>The representations, in the order the pairs index them.</summary>
    public required IReadOnlyList<Representation> Representations { get; init; }

    /// <summary>Categories of the items (shared by all representations), or null.</summary>
    public CategoryTable? Categories { get; init; }

    /// <summary>One result per pair, in the order of <see cref="RepresentationAnalysisSettings.PairsOf"/>.</summary>
    public required IReadOnlyList<PairAnalysis> Pairs { get; init; }

    /// <summary>The barycenter alignment, when asked for and every representation has an embedding.</summary>
    public BarycenterResult? Barycenter { get; init; }

    /// <summary>Why there is no barycenter although one was asked for, or null.</summary>
    public string? BarycenterSkipped { get; init; }

    /// <summary>Wall-clock seconds of the whole call.</summary>
    public required double Seconds { get; init; }

    /// <summary>
    /// A K × K matrix of one measure over the pairs (symmetric: a pair's value is shown at [i, j] and [j, i]; the plan's
    /// rows are the first representation's items), null where a pair was not aligned or the measure does not apply.
    /// </summary>
    public double?[,] Matrix(Func<PairAnalysis, double?> measure)
    {
        int k = Representations.Count;
        var matrix = new double?[k, k];
        foreach (PairAnalysis pair in Pairs)
            matrix[pair.First, pair.Second] = matrix[pair.Second, pair.First] = measure(pair);
        return matrix;
    }
}

/// <summary>Progress of an analysis: the pair being worked on, then the study's and the solver's own tasks.</summary>
/// <param name="Pair">1-based number of the pair.</param>
/// <param name="Pairs">Number of pairs.</param>
/// <param name="Name">"A vs B".</param>
public sealed record AnalysisStep(int Pair, int Pairs, string Name);

/// <summary>
/// GWTune's <c>AlignRepresentations</c> as one library call: K representations, every pair (or the listed ones) aligned by
/// an ε search (<see cref="EpsilonSearch"/>, an ordinary <c>gw-alignment</c> study that <c>engram study worker</c> can run) in
/// one shared storage, RSA and matching-rate matrices over the pairs, category RSA and confusion, and optionally the
/// barycenter alignment of all embeddings through a pivot (<see cref="BarycenterAlignment"/>). A pair's study that already
/// holds its trials is not run again: rerunning resumes, and a report can be rebuilt from the storage alone.
/// It lives in Studies, above Alignment in the layers, because every pair is a study; the science it combines (GW,
/// evaluation, histogram matching, barycenters) lives in Alignment.
/// </summary>
public static class RepresentationAnalysis
{
    /// <summary>Reads every representation and the categories the settings name, checking item counts; nothing is written.</summary>
    public static AnalysisInputs Load(RepresentationAnalysisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var representations = settings.Representations.Select(r => r.Load()).ToArray();
        CategoryTable? categories = settings.Categories is null ? null : CategoryTable.Read(settings.Categories);
        Check(representations, categories);
        return new AnalysisInputs(representations, categories);
    }

    static void Check(IReadOnlyList<Representation> representations, CategoryTable? categories)
    {
        if (categories is not null)
            foreach (Representation r in representations)
                if (r.Size != categories.ItemCount)
                    throw new ArgumentException($"{categories.Source} has {categories.ItemCount} rows but {r.Name} has {r.Size} items; it needs one row per item.", nameof(categories));
    }

    /// <summary>
    /// Runs (or resumes) the analysis. <paramref name="runTrials"/> false builds the result from the studies already stored
    /// (a missing or empty study is an error). <paramref name="inputs"/> are the representations already read (else
    /// <see cref="Load"/> reads them); every input is read and checked before any study is written. <paramref name="artefacts"/>
    /// gives each pair's study its artefact folder (its best plan, reused for the report). <paramref name="steps"/> hears of
    /// each pair as it starts; <paramref name="progress"/> receives the studies' and solvers' own tasks.
    /// </summary>
    public static RepresentationAnalysisResult Run(RepresentationAnalysisSettings settings, IStudyStorage storage, bool runTrials = true,
        AnalysisInputs? inputs = null, Func<string, string?>? artefacts = null,
        IProgress<AnalysisStep>? steps = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        inputs ??= Load(settings);
        if (inputs.Representations.Count != settings.Representations.Count)
            throw new ArgumentException($"the settings name {settings.Representations.Count} representations but {inputs.Representations.Count} were read.", nameof(inputs));
        Check(inputs.Representations, inputs.Categories);
        var clock = Stopwatch.StartNew();
        var list = settings.PairsOf(inputs.Representations.Count);
        var searches = list.Select(p => settings.PairSearch(p.First, p.Second)).ToArray();
        var prepared = list.Select((p, k) => searches[k].Alignment.Prepare(inputs.Representations[p.First], inputs.Representations[p.Second], inputs.Categories)).ToArray();
        foreach (EpsilonSearchSettings search in searches) search.Validate();   // every pair checked before the first study is written
        var pairs = new List<PairAnalysis>();
        for (int p = 0; p < list.Count; p++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (a, b) = list[p];
            steps?.Report(new AnalysisStep(p + 1, list.Count, $"{inputs.Representations[a].Name} vs {inputs.Representations[b].Name}"));
            EpsilonSearchResult found = EpsilonSearch.Run(searches[p], storage, runTrials, artefacts?.Invoke(searches[p].Name), prepared[p], progress, cancellation);
            pairs.Add(Pair(a, b, found, inputs.Categories));
        }
        var (barycenter, skipped) = settings.BarycenterPivot is int pivot ? Barycenter(inputs.Representations, pairs, pivot, settings.Barycenter, cancellation) : (null, null);
        return new RepresentationAnalysisResult
        {
            Settings = settings, Representations = inputs.Representations, Categories = inputs.Categories, Pairs = pairs,
            Barycenter = barycenter, BarycenterSkipped = skipped, Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The name of the study of a pair.</summary>
    public static string StudyName(string analysis, string first, string second) => $"{analysis}: {first} vs {second}";

    static PairAnalysis Pair(int a, int b, EpsilonSearchResult found, CategoryTable? categories)
    {
        IReadOnlyList<BlockRsa>? blockRsa = null;
        double[,]? confusion = null;
        if (categories is not null)
        {
            Representation x = found.Result.Inputs.First, y = found.Result.Inputs.Second;
            int[] labels = categories.PrimaryCategory();
            blockRsa = CategoryAnalysis.Rsa(x.Dissimilarity, y.Dissimilarity, labels, categories.Categories);
            confusion = CategoryAnalysis.Confusion(found.Result.Plan, labels, labels, categories.CategoryCount);
        }
        return new PairAnalysis(a, b, found.Study, found.Result, found.HistogramMatching, blockRsa, confusion);
    }

    static (BarycenterResult?, string?) Barycenter(IReadOnlyList<Representation> representations, IReadOnlyList<PairAnalysis> pairs, int pivot,
        BarycenterSettings settings, CancellationToken cancellation)
    {
        if (representations.FirstOrDefault(r => r.Embedding is null) is { } without)
            return (null, $"{without.Name} is a dissimilarity matrix without an embedding; the barycenter needs embeddings of every representation.");
        var plans = new double[,]?[representations.Count];
        foreach (PairAnalysis pair in pairs)
        {
            if (pair.First == pivot) plans[pair.Second] = DenseMatrix.Transpose(pair.Best.Plan);
            else if (pair.Second == pivot) plans[pair.First] = pair.Best.Plan;
        }
        return (BarycenterAlignment.Run(representations.Select(r => r.Embedding!).ToArray(), pivot, plans, settings, cancellation), null);
    }

    /// <summary>A folder name for a study name: letters, digits, '-', '_' and '.' kept, the rest '_'.</summary>
    public static string SafeName(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
