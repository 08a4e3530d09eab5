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

    /// <summary>The pairs to align, as indices into the representations (first, second); null: every pair i &lt; j.</summary>
    public IReadOnlyList<(int First, int Second)>? Pairs { get; init; }

    /// <summary>Alignment settings every trial starts from; ε, initial plan and seed are set per trial.</summary>
    public required AlignmentSettings Alignment { get; init; }

    /// <summary>ε range searched on a log scale.</summary>
    public double EpsilonLow { get; init; } = 1;

    /// <summary>Upper end of the ε range.</summary>
    public double EpsilonHigh { get; init; } = 10;

    /// <summary>Initial plans the search chooses from (one: fixed).</summary>
    public IReadOnlyList<InitialPlanKind> Inits { get; init; } = [InitialPlanKind.Random];

    /// <summary>Trials per pair.</summary>
    public int Trials { get; init; } = 20;

    /// <summary>Sampler of every pair's study.</summary>
    public SamplerKind Sampler { get; init; } = SamplerKind.Tpe;

    /// <summary>Pruner of every pair's study.</summary>
    public PrunerKind Pruner { get; init; } = PrunerKind.None;

    /// <summary>Seed of every pair's study.</summary>
    public int Seed { get; init; }

    /// <summary>How the second representation of a pair is histogram-matched to the first before the search.</summary>
    public HistogramMatchingKind HistogramMatching { get; init; } = HistogramMatchingKind.None;

    /// <summary>Index of the pivot for barycenter alignment; null: no barycenter.</summary>
    public int? BarycenterPivot { get; init; }

    /// <summary>Barycenter iterations and tolerance.</summary>
    public BarycenterSettings Barycenter { get; init; } = new();

    /// <summary>Checks the settings against <paramref name="count"/> representations; throws an <see cref="ArgumentException"/> naming the first problem.</summary>
    public void Validate(int count)
    {
        if (count < 2) throw new ArgumentException($"an analysis needs at least 2 representations; got {count}.", "representations");
        if (!(EpsilonLow > 0) || !(EpsilonHigh > EpsilonLow) || !double.IsFinite(EpsilonHigh))
            throw new ArgumentException($"the ε range [{EpsilonLow}, {EpsilonHigh}] must have 0 < low < high (it is searched on a log scale).", nameof(EpsilonLow));
        if (Trials < 1) throw new ArgumentException($"every pair needs at least one trial; got {Trials}.", nameof(Trials));
        if (Inits.Count == 0 || Inits.Contains(InitialPlanKind.User))
            throw new ArgumentException("the initial plans must be some of uniform, random, diagonal, permutation.", nameof(Inits));
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

    /// <summary>The pairs to align: <see cref="Pairs"/>, or every (i, j) with i &lt; j.</summary>
    public IReadOnlyList<(int First, int Second)> PairsOf(int count) =>
        Pairs ?? [.. from i in Enumerable.Range(0, count) from j in Enumerable.Range(i + 1, count - i - 1) select (i, j)];
}

/// <summary>The result of one pair: its study, the best trial re-run for its plan, and the category views.</summary>
/// <param name="First">Index of the first representation (rows of the plan).</param>
/// <param name="Second">Index of the second (columns).</param>
/// <param name="Study">The pair's study as stored.</param>
/// <param name="Best">The lowest-loss trial re-run (same ε, init and seed: the same plan), with its scores.</param>
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
/// an ε-search study (<see cref="GwAlignmentObjective"/>) in one shared storage, the lowest-loss trial of each re-run for its
/// plan, RSA and matching-rate matrices over the pairs, category RSA and confusion, and optionally the barycenter alignment
/// of all embeddings through a pivot (<see cref="BarycenterAlignment"/>). A pair's study that already holds its trials is
/// not run again: rerunning resumes, and a report can be rebuilt from the storage alone.
/// It lives in Studies because every pair is a study; the science it combines lives in Alignment.
/// </summary>
public static class RepresentationAnalysis
{
    /// <summary>The objective name of the pairs' studies (a stand-alone <c>study worker</c> does not run them; run the analysis again to resume).</summary>
    public const string Objective = "analysis-pair";

    /// <summary>
    /// Runs (or resumes) the analysis. <paramref name="runTrials"/> false builds the result from the studies already stored
    /// (a missing or empty study is an error). <paramref name="steps"/> hears of each pair as it starts; <paramref name="progress"/>
    /// receives the studies' and solvers' own tasks.
    /// </summary>
    public static RepresentationAnalysisResult Run(IReadOnlyList<Representation> representations, CategoryTable? categories,
        RepresentationAnalysisSettings settings, IStudyStorage storage, bool runTrials = true,
        IProgress<AnalysisStep>? steps = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(representations);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(representations.Count);
        if (categories is not null)
            foreach (Representation r in representations)
                if (r.Size != categories.ItemCount)
                    throw new ArgumentException($"{categories.Source} has {categories.ItemCount} rows but {r.Name} has {r.Size} items; it needs one row per item.", nameof(categories));
        var clock = Stopwatch.StartNew();
        var pairs = new List<PairAnalysis>();
        var list = settings.PairsOf(representations.Count);
        for (int p = 0; p < list.Count; p++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (a, b) = list[p];
            steps?.Report(new AnalysisStep(p + 1, list.Count, $"{representations[a].Name} vs {representations[b].Name}"));
            pairs.Add(RunPair(representations[a], representations[b], a, b, categories, settings, storage, runTrials, progress, cancellation));
        }
        var (barycenter, skipped) = settings.BarycenterPivot is int pivot ? Barycenter(representations, pairs, pivot, settings.Barycenter, cancellation) : (null, null);
        return new RepresentationAnalysisResult
        {
            Settings = settings, Representations = representations, Categories = categories, Pairs = pairs,
            Barycenter = barycenter, BarycenterSkipped = skipped, Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The name of the study of a pair.</summary>
    public static string StudyName(string analysis, string first, string second) => $"{analysis}: {first} vs {second}";

    static PairAnalysis RunPair(Representation x, Representation y, int a, int b, CategoryTable? categories, RepresentationAnalysisSettings settings,
        IStudyStorage storage, bool runTrials, IProgress<WorkProgress>? progress, CancellationToken cancellation)
    {
        string? matching = null;
        if (settings.HistogramMatching != HistogramMatchingKind.None)
        {
            double[,] matched;
            if (settings.HistogramMatching == HistogramMatchingKind.Power)
            {
                PowerTransform t = HistogramMatching.FitPower(y.Dissimilarity, x.Dissimilarity);
                matched = HistogramMatching.ApplyPower(y.Dissimilarity, t);
                matching = string.Create(CultureInfo.InvariantCulture,
                    $"power transform of {y.Name}: α = {t.Alpha:G5}, λ = {t.Lambda:G5}; 2-Wasserstein to {x.Name} {t.WassersteinBefore:G4} → {t.Wasserstein:G4}");
            }
            else
            {
                matched = HistogramMatching.MatchRanks(y.Dissimilarity, x.Dissimilarity);
                matching = $"rank mapping of {y.Name}'s dissimilarities onto {x.Name}'s";
            }
            // The matched matrix is no longer the metric of the embedding: drop the metric so no low-rank factors are used.
            y = y with { Dissimilarity = matched, Metric = null, Warnings = [.. y.Warnings, matching] };
        }
        var inputs = new AlignmentInputs(x, y, categories, 0);
        var objective = new GwAlignmentObjective(inputs, settings.Alignment);
        string name = StudyName(settings.Name, x.Name, y.Name);
        var space = new List<(string, ParameterDistribution)> { ("eps", new FloatDistribution(settings.EpsilonLow, settings.EpsilonHigh, Log: true)) };
        if (settings.Inits.Count > 1) space.Add(("init", new CategoricalDistribution(settings.Inits.Select(k => k.ToString().ToLowerInvariant()).ToArray())));
        var definition = new StudyDefinition
        {
            Name = name, Space = new SearchSpace(space), Objective = Objective, TargetTrials = settings.Trials,
            Sampler = settings.Sampler, Pruner = settings.Pruner, Seed = settings.Seed,
            ObjectiveSettings = Describe(x, y, settings),
        };
        StudySnapshot snapshot;
        if (runTrials)
        {
            snapshot = storage.CreateStudy(definition);
            if (!snapshot.IsDone)
                snapshot = new StudyWorker(storage, name, objective)
                {
                    PrunerMinStep = settings.Alignment.Gw.ObserveEvery, PrunerMaxStep = settings.Alignment.Gw.MaxIterations,
                }.Run(progress, cancellation).Study;
        }
        else
        {
            snapshot = storage.LoadStudy(name) ?? throw new ArgumentException($"the storage {storage.Description} holds no study '{name}'; run the analysis first.");
            if (definition.DifferenceFrom(snapshot.Definition) is { } difference)
                throw new ArgumentException($"the stored study '{name}' was run with {difference} than now; run the analysis again under another name.");
        }
        Trial best = snapshot.Best ?? throw new InvalidOperationException(
            $"no trial of '{name}' completed ({StudyStatus.Of(snapshot).Failed} failed, {StudyStatus.Of(snapshot).Pruned} pruned); widen the ε range or add trials.");
        var run = TrialRun.Replay(snapshot, best);
        AlignmentResult result = AlignmentPipeline.Run(inputs, objective.SettingsOf(run, cancellation), progress, cancellation);
        IReadOnlyList<BlockRsa>? blockRsa = null;
        double[,]? confusion = null;
        if (categories is not null)
        {
            int[] labels = categories.PrimaryCategory();
            blockRsa = CategoryAnalysis.Rsa(x.Dissimilarity, y.Dissimilarity, labels, categories.Categories);
            confusion = CategoryAnalysis.Confusion(result.Plan, labels, labels, categories.CategoryCount);
        }
        return new PairAnalysis(a, b, snapshot, result, matching, blockRsa, confusion);
    }

    static (BarycenterResult?, string?) Barycenter(IReadOnlyList<Representation> representations, IReadOnlyList<PairAnalysis> pairs, int pivot,
        BarycenterSettings settings, CancellationToken cancellation)
    {
        if (representations.FirstOrDefault(r => r.Embedding is null) is { } without)
            return (null, $"{without.Name} is a dissimilarity matrix without an embedding; the barycenter needs embeddings of every representation.");
        var plans = new double[,]?[representations.Count];
        foreach (PairAnalysis pair in pairs)
        {
            if (pair.First == pivot) plans[pair.Second] = BarycenterAlignment.Transpose(pair.Best.Plan);
            else if (pair.Second == pivot) plans[pair.First] = pair.Best.Plan;
        }
        return (BarycenterAlignment.Run(representations.Select(r => r.Embedding!).ToArray(), pivot, plans, settings, cancellation), null);
    }

    /// <summary>A stable description of what a pair's study aligns, so that resuming with different inputs or settings is refused.</summary>
    static string Describe(Representation x, Representation y, RepresentationAnalysisSettings s)
    {
        GwSettings gw = s.Alignment.Gw;
        var d = new SortedDictionary<string, string>
        {
            ["first"] = $"{x.Name} ({x.Size} items, {Fingerprint(x.Dissimilarity)})",
            ["second"] = $"{y.Name} ({y.Size} items, {Fingerprint(y.Dissimilarity)})",
            ["histogram_matching"] = s.HistogramMatching.ToString().ToLowerInvariant(),
            ["max_iter"] = gw.MaxIterations.ToString(CultureInfo.InvariantCulture),
            ["tol"] = gw.Tolerance.ToString("R", CultureInfo.InvariantCulture),
            ["precision"] = gw.Precision.ToString().ToLowerInvariant(),
            ["init"] = s.Inits[0].ToString().ToLowerInvariant(),
            ["refine"] = s.Alignment.Refine ? "true" : "false",
        };
        return JsonSerializer.Serialize(d);
    }

    /// <summary>A short checksum of a matrix's bits (FNV-1a over the doubles), to tell inputs apart.</summary>
    static string Fingerprint(double[,] matrix)
    {
        ulong hash = 14695981039346656037;
        foreach (double v in matrix)
        {
            hash ^= (ulong)BitConverter.DoubleToInt64Bits(v);
            hash *= 1099511628211;
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>A folder name for a study name: letters, digits, '-', '_' and '.' kept, the rest '_'.</summary>
    public static string SafeName(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
