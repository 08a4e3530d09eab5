using System.CommandLine;
using System.Globalization;
using Engram.Alignment;
using Engram.Alignment.Evaluation;
using Engram.Cli.Studies;
using Engram.Data;
using Engram.Reports;
using Engram.Studies;

namespace Engram.Cli.Alignment;

/// <summary>
/// <c>engram align X Y --trials N --eps-range LOW:HIGH …</c>: the ε search of GWTune as a persistent study (created or
/// resumed), run by a worker in this process; reports the lowest-loss trial as a single <c>align</c> does.
/// </summary>
public sealed class AlignStudy
{
    readonly Option<int?> trials = new("--trials") { Description = "run (or resume) an ε search of this many trials and keep the lowest GW loss (GWTune's protocol)" };
    readonly Option<(double Low, double High)?> epsRange = new("--eps-range")
    {
        Description = "ε range of the search, LOW:HIGH, searched on a log scale (default 1:10)",
        CustomParser = r => ParseRange(r.Tokens.Single().Value, r),
    };
    readonly Option<SamplerKind> sampler = CommonOptions.Choice("--sampler", "study sampler: tpe (multivariate, constant liar), random, grid, anneal (warm-started descent of ε from the top of the range to its bottom, then random restarts at the best ε)", SamplerKind.Tpe);
    readonly Option<PrunerKind> pruner = CommonOptions.Choice("--pruner", "study pruner on the GW loss every 10 iterations: none, median, hyperband", PrunerKind.None);
    readonly Option<string> storage = StudyCommand.Storage();
    readonly Option<string?> study = new("--study") { Description = "study name (default: X_vs_Y from the input file names); the same name resumes it" };

    /// <summary>Adds the study options to the align command.</summary>
    public static AlignStudy AddOptions(Command command)
    {
        var s = new AlignStudy();
        foreach (Option o in new Option[] { s.trials, s.epsRange, s.sampler, s.pruner, s.storage, s.study }) command.Options.Add(o);
        return s;
    }

    /// <summary><c>--init</c>: one initial plan, or for a study a comma list the search chooses from.</summary>
    public static Option<InitialPlanKind[]> InitOption() => new("--init")
    {
        Description = "initial plan: uniform, random, diagonal, permutation, user (with --init-plan); with --trials a comma list to search over (default there: random)",
        DefaultValueFactory = _ => [InitialPlanKind.Uniform],
        CustomParser = r =>
        {
            var kinds = new List<InitialPlanKind>();
            foreach (string part in r.Tokens.Single().Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse(part, true, out InitialPlanKind kind) || int.TryParse(part, out _))
                { r.AddError($"--init: '{part}' is not one of uniform, random, diagonal, permutation, user"); return []; }
                if (!kinds.Contains(kind)) kinds.Add(kind);
            }
            if (kinds.Count == 0) r.AddError("--init: give at least one initial plan");
            return kinds.ToArray();
        },
    };

    /// <summary>The one initial plan of a single alignment.</summary>
    public static InitialPlanKind SingleInit(InitialPlanKind[] kinds) => kinds.Length == 1
        ? kinds[0]
        : throw new ArgumentException($"--init lists {kinds.Length} initial plans; a list is for an ε search (add --trials N), a single alignment takes one.");

    static (double, double)? ParseRange(string text, System.CommandLine.Parsing.ArgumentResult r)
    {
        string[] parts = text.Split(':');
        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double low)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double high) || !double.IsFinite(low) || !double.IsFinite(high))
        { r.AddError($"--eps-range: '{text}' is not LOW:HIGH, e.g. 1:10"); return null; }
        if (!(low > 0) || !(high > low)) { r.AddError($"--eps-range: '{text}' must have 0 < LOW < HIGH (the range is searched on a log scale)"); return null; }
        return (low, high);
    }

    /// <summary>Whether the command asks for a study (--trials or any study option).</summary>
    public bool Requested(ParseResult parse)
    {
        bool any = new Option[] { epsRange, sampler, pruner, storage, study }.Any(o => parse.GetResult(o) is { Implicit: false });
        if (parse.GetValue(trials) is null)
        {
            if (any) throw new ArgumentException("--eps-range, --sampler, --pruner, --storage and --study belong to an ε search; add --trials N (e.g. --trials 20).");
            return false;
        }
        if (parse.GetValue(trials) < 1) throw new ArgumentException($"--trials must be ≥ 1; got {parse.GetValue(trials)}.");
        return true;
    }

    /// <summary>
    /// Creates or resumes the ε search (<see cref="EpsilonSearch.Run"/>: everything is checked and the inputs are read before
    /// the study is written), runs it to its target in this process and reports the lowest-loss trial; with --out the report
    /// is built from the best trial's stored plan.
    /// </summary>
    public int Run(ParseResult parse, VerbContext context, string x, string y, InputSettings input, FileInfo? categories,
        InitialPlanKind[] inits, bool initGiven, GwSettings gw, int seed, DirectoryInfo? outDir,
        FigureFormats formats)
    {
        var (low, high) = parse.GetValue(epsRange) ?? (1.0, 10.0);
        if (!initGiven) inits = [InitialPlanKind.Random];
        if (inits.Contains(InitialPlanKind.User)) throw new ArgumentException("--init user cannot be searched over; use uniform, random, permutation or diagonal.");
        RepresentationFile File(string argument)
        {
            var (path, key) = MatrixFile.SplitKey(argument);
            return RepresentationFile.At(path, input, key: key);
        }
        RepresentationFile first = File(x), second = File(y);
        string name = parse.GetValue(study) ?? $"{Path.GetFileNameWithoutExtension(first.Path)}_vs_{Path.GetFileNameWithoutExtension(second.Path)}";
        var search = new EpsilonSearchSettings
        {
            Name = name,
            Alignment = new GwAlignmentStudySettings
            {
                X = first, Y = second, Categories = categories?.FullName, Alignment = new AlignmentSettings { Gw = gw with { Epsilon = low, Seed = 0 } },
            },
            Plan = new EpsilonSearchPlan
            {
                EpsilonLow = low, EpsilonHigh = high, Inits = inits, Trials = parse.GetValue(trials)!.Value, Sampler = parse.GetValue(sampler),
                Pruner = parse.GetValue(pruner), Seed = seed,
            },
        };
        search.Validate();
        PreparedPair prepared = search.Alignment.Prepare();   // a bad input file is refused before the storage is opened
        using IStudyStorage store = StudyStorage.Open(parse.GetValue(storage)!);
        var (stop, signals) = StudyCommand.StopSignals();
        EpsilonSearchResult found;
        using (stop)
        using (signals)
            found = context.WithProgress($"ε search {name}", progress =>
                EpsilonSearch.Run(search, store, runTrials: true, StudyStorage.ArtefactDirectory(store, name), prepared, progress, stop.Token));
        var summary = AlignmentStudySummary.Of(found.Study, store.Description, found.Best);
        if (outDir is not null) WriteReport(outDir.FullName, found, formats);
        if (context.Json) context.Output.WriteLine(JsonResult.ToJson(summary));
        else Print(context.Output, summary, found.Study, outDir?.FullName);
        return 0;
    }

    /// <summary>The alignment report of the best trial (from its stored plan, or re-run when that is missing), with the study's figures and trials.</summary>
    static void WriteReport(string dir, EpsilonSearchResult found, FigureFormats formats)
    {
        AlignmentReport.Write(dir, AlignmentSummary.Create(found.Result), found.Result, formats);
        StudyReport.WriteEpsilonFigures(dir, found.Study, formats);
        StudyReport.WriteCsv(Path.Combine(dir, "trials.csv"), found.Study);
    }

    static void Print(TextWriter o, AlignmentStudySummary s, StudySnapshot snapshot, string? dir)
    {
        string Pct(string key) => s.BestAttributes.TryGetValue(key, out double v) ? $"{v,6:0.00} %" : "     —";
        o.WriteLine($"ε search {s.Study} in {s.Storage}: {s.TrialsComplete} complete, {s.TrialsPruned} pruned, {s.TrialsFailed} failed of {s.TrialsTarget} " +
                    $"({s.Sampler}, pruner {s.Pruner}, ε ∈ [{snapshot.Definition.Space["eps"] switch { FloatDistribution f => $"{f.Low:G4}, {f.High:G4}", _ => "?" }}] log)");
        o.WriteLine($"  lowest GW loss: trial {s.BestTrial}, ε = {s.BestEps:G6}, init {s.BestInit}, {s.BestAttributes.GetValueOrDefault("iterations"):F0} iterations");
        o.WriteLine($"  GW loss            {s.GwLoss:F4}");
        o.WriteLine($"  top-1 / 5 / 10     {Pct("top1")}  {Pct("top5")}  {Pct("top10")}");
        if (s.BestAttributes.ContainsKey("category_top1")) o.WriteLine($"  category 1 / 5 / 10 {Pct("category_top1")}  {Pct("category_top5")}  {Pct("category_top10")}");
        if (s.BestAttributes.ContainsKey("knn_top1")) o.WriteLine($"  k-NN (Procrustes)  {Pct("knn_top1")}  {Pct("knn_top5")}  {Pct("knn_top10")}");
        if (s.BestAttributes.TryGetValue("rsa_pearson", out double r)) o.WriteLine($"  RSA Pearson {r:F4}, Spearman {s.BestAttributes.GetValueOrDefault("rsa_spearman"):F4}");
        o.WriteLine($"  {s.StudySeconds:F1} s of trials in all ({s.MeanTrialSeconds:F1} s a trial)");
        foreach (var t in snapshot.Trials.Where(t => t.State == TrialState.Failed && t.Counts)) o.WriteLine($"  note: trial {t.Number} failed: {t.Reason}");
        if (dir is not null) o.WriteLine($"wrote {dir}/index.html, result.json, plan.npy, trials.csv and figures");
    }
}
