using System.CommandLine;
using System.Globalization;
using Engram.Reports;
using Engram.Studies;

namespace Engram.Cli.Studies;

/// <summary><c>engram study status</c> (trials by state, best so far, ETA) and <c>engram study best</c>.</summary>
public static class StudyStatusVerb
{
    /// <summary>The status verb; without --study, one line per study in the storage.</summary>
    public static Command Create()
    {
        var storage = StudyCommand.Storage();
        var study = StudyCommand.Study(required: false);
        var json = CommonOptions.Json();
        var command = new Command("status",
            "Show a study: trials by state, the best trial so far and the estimated time left (without --study: every study in the storage).\n" +
            "Example: engram study status --storage sqlite:runs/studies.db --study things")
        { storage, study, json };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            using IStudyStorage store = StudyStorage.OpenReadOnly(parse.GetValue(storage)!);
            string[] names = parse.GetValue(study) is string name ? [name] : [.. store.StudyNames()];
            var summaries = names.Select(n => StudySummary.Of(StudyCommand.Load(store, n), store.Description, withTrials: false)).ToArray();
            if (context.Json) context.Output.WriteLine(summaries.Length == 1 && parse.GetValue(study) is not null ? JsonResult.ToJson(summaries[0]) : JsonResult.ToJson(summaries));
            else if (summaries.Length == 0) context.Output.WriteLine($"no studies in {store.Description}");
            else foreach (StudySummary s in summaries) Print(context.Output, s);
            return 0;
        });
        return command;
    }

    /// <summary>The best verb.</summary>
    public static Command CreateBest()
    {
        var storage = StudyCommand.Storage();
        var study = StudyCommand.Study();
        var json = CommonOptions.Json();
        var command = new Command("best", "Show the best complete trial of a study: parameters, value and every attribute.\n" +
                                          "Example: engram study best --storage sqlite:runs/studies.db --study things --json")
        { storage, study, json };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            using IStudyStorage store = StudyStorage.OpenReadOnly(parse.GetValue(storage)!);
            StudySnapshot snapshot = StudyCommand.Load(store, parse.GetValue(study)!);
            Trial best = snapshot.Best ?? throw new ArgumentException($"the study '{snapshot.Definition.Name}' has no complete trial yet; run a worker first.");
            TrialRecord record = TrialRecord.Of(snapshot.Definition.Space, best);
            if (context.Json) { context.Output.WriteLine(JsonResult.ToJson(record)); return 0; }
            context.Output.WriteLine($"best trial {best.Number} of {snapshot.Definition.Name}: value {best.Value:G8}");
            foreach (var (name, _) in snapshot.Definition.Space.Parameters) context.Output.WriteLine($"  {name,-18} {best.Display(snapshot.Definition.Space, name)}");
            foreach (var (name, value) in best.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal)) context.Output.WriteLine($"  {name,-18} {value.ToString("G6", CultureInfo.InvariantCulture)}");
            return 0;
        });
        return command;
    }

    /// <summary>The human table of a study.</summary>
    public static void Print(TextWriter o, StudySummary s)
    {
        o.WriteLine($"study {s.Study} ({s.Objective}, {s.Direction}, {s.Sampler}, pruner {s.Pruner}, seed {s.Seed}) in {s.Storage}");
        o.WriteLine($"  space     {s.Space}");
        o.WriteLine($"  trials    {s.TrialsComplete + s.TrialsPruned + s.TrialsFailed} of {s.TrialsTarget} finished");
        o.WriteLine("  state     complete  pruned  failed  running  waiting  re-run");
        o.WriteLine($"  count     {s.TrialsComplete,8}  {s.TrialsPruned,6}  {s.TrialsFailed,6}  {s.TrialsRunning,7}  {s.TrialsWaiting,7}  {s.TrialsRequeued,6}");
        if (s.Best is { } b)
            o.WriteLine($"  best      trial {b.Number}: value {b.Value:G8} at {string.Join(", ", b.Params.Select(p => $"{p.Key} = {(p.Value is double d ? d.ToString("G6", CultureInfo.InvariantCulture) : p.Value)}"))}");
        if (s.MeanTrialSeconds is double m) o.WriteLine($"  time      {m:F1} s per trial{(s.EtaSeconds is double e && e > 0 ? $", about {e:F0} s left at {Math.Max(1, s.TrialsRunning)} running" : "")}");
    }
}
