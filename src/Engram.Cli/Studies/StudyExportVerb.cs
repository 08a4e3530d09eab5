using System.CommandLine;
using Engram.Reports;
using Engram.Studies;

namespace Engram.Cli.Studies;

/// <summary><c>engram study export</c>: every trial as CSV and JSON.</summary>
public static class StudyExportVerb
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var storage = StudyCommand.Storage();
        var study = StudyCommand.Study();
        var outDir = CommonOptions.Out();
        var json = CommonOptions.Json();
        var command = new Command("export", "Write every trial of a study to DIR/trials.csv and DIR/trials.json (with --json: the JSON on stdout).\n" +
                                            "Example: engram study export --storage sqlite:runs/studies.db --study things --out runs/things-study")
        { storage, study, outDir, json };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            using IStudyStorage store = StudyStorage.OpenReadOnly(parse.GetValue(storage)!);
            StudySnapshot snapshot = StudyCommand.Load(store, parse.GetValue(study)!);
            StudySummary summary = StudySummary.Of(snapshot, store.Description, withTrials: true);
            DirectoryInfo? dir = parse.GetValue(outDir);
            if (dir is null && !context.Json) throw new ArgumentException("give --out DIR for trials.csv and trials.json, or --json for JSON on stdout.");
            if (dir is not null)
            {
                Directory.CreateDirectory(dir.FullName);
                StudyReport.WriteCsv(Path.Combine(dir.FullName, "trials.csv"), snapshot);
                JsonResult.Write(Path.Combine(dir.FullName, "trials.json"), summary);
            }
            if (context.Json) context.Output.WriteLine(JsonResult.ToJson(summary));
            else context.Output.WriteLine($"wrote {snapshot.Trials.Count} trials to {dir!.FullName}/trials.csv and trials.json");
            return 0;
        });
        return command;
    }
}
