using System.CommandLine;
using System.Globalization;
using Engram.Reports;
using Engram.Studies;

namespace Engram.Cli.Analysis;

/// <summary>
/// <c>engram analysis run CONFIG</c> and <c>engram analysis report CONFIG</c>: K representations aligned pair by pair (each
/// pair an ε-search study in one storage), barycenter, matrices and one HTML report, all described by a YAML config.
/// </summary>
public static class AnalysisCommand
{
    /// <summary>The <c>analysis</c> command with its two verbs.</summary>
    public static Command Create()
    {
        var command = new Command("analysis", "Align many representations at once from a YAML config: every pair an ε search, matrices, barycenter, one report.");
        command.Subcommands.Add(Verb("run", runTrials: true,
            "Run (or resume) the analysis a config describes and write its report.\n" +
            "Example: engram analysis run examples/colour-analysis.yaml --out runs/colour"));
        command.Subcommands.Add(Verb("report", runTrials: false,
            "Write the report of an analysis from its stored studies, running no new trial.\n" +
            "Example: engram analysis report examples/colour-analysis.yaml --out runs/colour"));
        return command;
    }

    static Command Verb(string name, bool runTrials, string description)
    {
        var config = new Argument<FileInfo>("CONFIG") { Description = "the analysis config (YAML); see examples/" };
        var seed = CommonOptions.Seed();
        seed.Description = "seed of every pair's study, when given: overrides the config's seed";
        var report = new ReportOptions();
        var command = new Command(name, description) { config, seed };
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            AnalysisConfig c = AnalysisConfig.Load(parse.GetValue(config)!.FullName);
            RepresentationAnalysisSettings settings = parse.GetResult(seed) is { Implicit: false } ? c.Settings with { Search = c.Settings.Search with { Seed = parse.GetValue(seed) } } : c.Settings;
            string outDir = report.Folder(parse) ?? c.Out;
            // The config asks for its storage as it asks for its out folder, so a run makes the folder of an sqlite: file (a plain
            // storage option never does: there a missing folder is refused).
            if (runTrials && c.Storage.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(c.Storage["sqlite:".Length..]))!);
            using IStudyStorage store = runTrials ? StudyStorage.Open(c.Storage) : StudyStorage.OpenReadOnly(c.Storage);   // a report only reads
            var (stop, signals) = Studies.StudyCommand.StopSignals();
            RepresentationAnalysisResult result;
            using (stop)
            using (signals)
                result = context.WithProgress($"analysis {settings.Name}", progress =>
                {
                    var pairs = new SynchronousSteps(s => progress.Report(new Numerics.WorkProgress("pairs", s.Pair - 1, s.Pairs, s.Name)));
                    return RepresentationAnalysis.Run(settings, store, runTrials, c.Inputs, study => StudyStorage.ArtefactDirectory(store, study),
                        pairs, progress, stop.Token);
                });
            AnalysisReport.Write(outDir, result, c.Figures, c.Plans, report.Formats(parse));
            var summary = AnalysisSummary.Of(result);
            if (context.Json) context.Output.WriteLine(JsonResult.ToJson(summary));
            else Print(context.Output, summary, store.Description, outDir, c.Figures);
            return 0;
        });
        return command;
    }

    sealed class SynchronousSteps(Action<AnalysisStep> report) : IProgress<AnalysisStep>
    {
        public void Report(AnalysisStep value) => report(value);
    }

    static void Print(TextWriter o, AnalysisSummary s, string storage, string outDir, bool figures)
    {
        o.WriteLine($"analysis {s.Name}: {s.Representations.Count} representations, {s.Pairs.Count} pairs, studies in {Shown(storage)}");
        foreach (AnalysisPairSummary p in s.Pairs)
        {
            string top1 = p.Scores?.Top1 is double t ? $"top-1 {t:F2} %" : "";
            string category = p.Scores?.CategoryTop1 is double c ? $", category top-1 {c:F2} %" : "";
            string rsa = p.Scores?.RsaPearson is double r ? $", RSA {r:F4}" : "";
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {p.First} vs {p.Second}: GW loss {p.GwLoss:F4} at ε = {p.BestEps:G4} (trial {p.BestTrial}; {p.TrialsCompletePrunedFailed[0]} complete, {p.TrialsCompletePrunedFailed[2]} failed), {top1}{category}{rsa}"));
            if (p.HistogramMatching is { } h) o.WriteLine($"    {h}");
        }
        if (s.BarycenterRateToBarycenter is { } rates)
            o.WriteLine("  barycenter: matching rate to it " + string.Join(", ", s.Representations.Select((n, i) => $"{n} {rates[i]:F1} %")));
        if (s.BarycenterSkipped is { } why) o.WriteLine($"  barycenter skipped: {why}");
        o.WriteLine($"  {s.Seconds:F1} s in all");
        string folder = Shown(outDir);
        o.WriteLine(figures ? $"wrote {folder}/index.html, result.json, plans and figures" : $"wrote {folder}/result.json and plans");
    }

    /// <summary>A path (or an <c>sqlite:</c> storage) as the user would type it: relative when under the working folder.</summary>
    static string Shown(string pathOrStorage)
    {
        const string sqlite = "sqlite:";
        if (pathOrStorage.StartsWith(sqlite, StringComparison.Ordinal)) return sqlite + Shown(pathOrStorage[sqlite.Length..]);
        if (!Path.IsPathFullyQualified(pathOrStorage)) return pathOrStorage;
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, pathOrStorage);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathFullyQualified(relative) ? pathOrStorage : relative;
    }
}
