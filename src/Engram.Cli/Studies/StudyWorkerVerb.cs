using System.CommandLine;
using Engram.Reports;
using Engram.Studies;

namespace Engram.Cli.Studies;

/// <summary><c>engram study worker</c>: runs trials of a stored study until it holds its number of trials.</summary>
public static class StudyWorkerVerb
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var storage = StudyCommand.Storage();
        var study = StudyCommand.Study();
        var maxTrials = new Option<int?>("--max-trials") { Description = "stop after this many trials of this worker (default: until the study is done)" };
        var artefacts = new Option<string?>("--artefacts") { Description = "folder for the best trial's artefacts (default: beside the SQLite file, or ./engram-artefacts)" };
        var json = CommonOptions.Json();
        var command = new Command("worker",
            "Run trials of a study until it holds its number of trials. Start any number of workers, on any machines that reach the storage; " +
            "a worker that dies leaves a trial whose heartbeat stops, and another worker re-runs it. Ctrl-C abandons the current trial cleanly.\n" +
            "Example: engram study worker --storage postgresql://engram:secret@db.lab:5432/studies --study things")
        {
            storage, study, maxTrials, artefacts, json,
        };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            using IStudyStorage store = StudyCommand.OpenExisting(parse.GetValue(storage)!);
            StudySnapshot snapshot = StudyCommand.Load(store, parse.GetValue(study)!);
            var (stop, signals) = StudyCommand.StopSignals();
            using (stop)
            using (signals)
            {
                WorkerResult result = StudyCommand.RunWorker(context, store, snapshot, parse.GetValue(artefacts), parse.GetValue(maxTrials), stop.Token);
                StudySummary summary = StudySummary.Of(result.Study, store.Description, withTrials: false);
                if (context.Json) context.Output.WriteLine(JsonResult.ToJson(new { worker = result.Worker, complete = result.Complete, pruned = result.Pruned, failed = result.Failed, lost = result.Lost, study = summary }));
                else
                {
                    // The worker's id (host:pid:suffix) is in --json and on every trial it ran (study export); this line stays reproducible.
                    context.Output.WriteLine($"this worker: {result.Complete} complete, {result.Pruned} pruned, {result.Failed} failed, {result.Lost} given up");
                    StudyStatusVerb.Print(context.Output, summary);
                }
            }
            return 0;
        });
        return command;
    }
}
