using System.Diagnostics;
using Engram.Data;
using Engram.Numerics;

namespace Engram.Studies;

/// <summary>What one worker did.</summary>
/// <param name="Worker">Its id.</param>
/// <param name="Complete">Trials it completed.</param>
/// <param name="Pruned">Trials it pruned.</param>
/// <param name="Failed">Trials that failed under it.</param>
/// <param name="Lost">Trials taken from it because its heartbeat was late (their results were dropped).</param>
/// <param name="Study">The study as the worker left it.</param>
public sealed record WorkerResult(string Worker, int Complete, int Pruned, int Failed, int Lost, StudySnapshot Study);

/// <summary>
/// Runs trials of one study until it holds its target number (Optuna's <c>study.optimize</c> in one worker). Start any number
/// of workers, in any processes and on any machines that reach the storage. While a trial runs, a heartbeat is written every
/// <see cref="StudyDefinition.HeartbeatSeconds"/>; a worker that stops (killed, machine lost) leaves a stale heartbeat, and the
/// next claim by any worker fails that trial and queues its parameters again. When no new trial is left but others are
/// still running, the worker waits, so that it can take over a trial whose worker died. Cancelling the token abandons the
/// current trial cleanly: it is recorded as failed and its parameters are queued again.
/// </summary>
public sealed class StudyWorker(IStudyStorage storage, string study, IStudyObjective objective)
{
    /// <summary>This worker's id (default: host, process id and a random suffix).</summary>
    public string Id { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Folder for the best trial's artefacts (<c>trial-N/</c>); null: none are written.</summary>
    public string? ArtefactDirectory { get; init; }

    /// <summary>Most trials this worker runs (default: no limit).</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Runs trials until the study is done. Progress: task "study" (finished of target) and the objective's own tasks.</summary>
    public WorkerResult Run(IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        StudySnapshot snapshot = storage.LoadStudy(study) ?? throw StudyStorage.NoStudy(study);
        ITrialSampler sampler = TrialSamplers.Create(snapshot.Definition.Sampler);
        int complete = 0, pruned = 0, failed = 0, lost = 0;
        while (MaxTrials is null || complete + pruned + failed < MaxTrials)
        {
            cancellation.ThrowIfCancellationRequested();
            Trial? trial = storage.ClaimTrial(study, Id, sampler.Sample);
            if (trial is null)
            {
                snapshot = storage.LoadStudy(study) ?? throw StudyStorage.NoStudy(study);
                if (snapshot.IsDone || !snapshot.Trials.Any(t => t.State is TrialState.Running or TrialState.Waiting)) break;
                cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Min(1, snapshot.Definition.HeartbeatSeconds)));
                continue;
            }
            TrialState? state = RunTrial(snapshot.Definition, trial, progress, cancellation);
            switch (state)
            {
                case TrialState.Complete: complete++; break;
                case TrialState.Pruned: pruned++; break;
                case TrialState.Failed: failed++; break;
                default: lost++; break;
            }
            snapshot = storage.LoadStudy(study) ?? throw StudyStorage.NoStudy(study);
            int finished = snapshot.Trials.Count(t => t.Counts && t.IsFinished);
            progress?.Report(new WorkProgress("study", finished, snapshot.Definition.TargetTrials,
                snapshot.Best is { } best ? $"best {best.Value:G6} (trial {best.Number})" : null));
        }
        return new WorkerResult(Id, complete, pruned, failed, lost, storage.LoadStudy(study) ?? snapshot);
    }

    /// <summary>Runs one claimed trial; returns the state it was recorded with, or null when it was taken away.</summary>
    TrialState? RunTrial(StudyDefinition definition, Trial trial, IProgress<WorkProgress>? progress, CancellationToken cancellation)
    {
        using var trialCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var heartbeat = TimeSpan.FromSeconds(definition.HeartbeatSeconds);
        using var timer = new Timer(_ =>
        {
            try
            {
                if (!storage.Heartbeat(study, trial.Number, Id)) trialCancellation.Cancel();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.Data.Common.DbException)
            {
                // A busy or briefly unreachable database: the next beat tries again; a long outage makes the trial stale.
            }
        }, null, heartbeat, heartbeat);
        ITrialPruner? pruner = TrialPruners.Create(definition.Pruner, PrunerMinStep, PrunerMaxStep);
        var intermediate = new SortedDictionary<int, double>();
        // The study as last read during this trial: read again once per reported step (the pruner compares with the other
        // trials' latest values), and for an earlier trial only when the copy does not hold it finished.
        StudySnapshot? cached = null;
        StudySnapshot Read(bool again) => cached = again || cached is null ? storage.LoadStudy(study) ?? throw StudyStorage.NoStudy(study) : cached;
        Trial? Earlier(int n) => Read(again: false).Trials.FirstOrDefault(t => t.Number == n) is { IsFinished: true } known
            ? known : Read(again: true).Trials.FirstOrDefault(t => t.Number == n);
        bool Report(int step, double value)
        {
            intermediate[step] = value;
            if (!storage.ReportIntermediate(study, trial.Number, Id, step, value)) { trialCancellation.Cancel(); trialCancellation.Token.ThrowIfCancellationRequested(); }
            if (pruner is null) return false;
            return pruner.ShouldPrune(Read(again: true), trial with { Intermediate = intermediate }, step);
        }
        var clock = Stopwatch.StartNew();
        TrialOutcome outcome;
        Action<string>? artefacts = null;
        try
        {
            ObjectiveResult result = objective.Evaluate(new TrialRun(definition, trial, Report, progress, Earlier), trialCancellation.Token);
            var attributes = new Dictionary<string, double>(result.Attributes) { ["trial_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3) };
            if (result.Failure is not null) outcome = new TrialOutcome(TrialState.Failed, null, attributes, result.Failure);
            else if (!double.IsFinite(result.Value)) outcome = new TrialOutcome(TrialState.Failed, null, attributes, $"the objective value is {result.Value}");
            else { outcome = new TrialOutcome(TrialState.Complete, result.Value, attributes, null); artefacts = result.WriteArtefacts; }
        }
        catch (TrialPrunedException e)
        {
            outcome = new TrialOutcome(TrialState.Pruned, null, new Dictionary<string, double> { ["trial_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3) }, e.Message);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            storage.ReleaseTrial(study, trial.Number, Id, "its worker was stopped before the trial finished; its parameters run again");
            throw;
        }
        catch (OperationCanceledException) when (trialCancellation.IsCancellationRequested)
        {
            return null;   // given up by the study (stale heartbeat): another worker re-runs it
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException or InvalidDataException)
        {
            outcome = new TrialOutcome(TrialState.Failed, null, new Dictionary<string, double>(), $"the objective failed: {e.Message}");
        }
        timer.Change(Timeout.Infinite, Timeout.Infinite);
        if (artefacts is not null && ArtefactDirectory is not null) WriteIfBest(trial.Number, outcome.Value!.Value, definition.Direction, artefacts);
        bool recorded = storage.FinishTrial(study, trial.Number, Id, outcome);
        if (artefacts is not null && ArtefactDirectory is not null) RemoveArtefactsOfOthers();
        return recorded ? outcome.State : null;
    }

    /// <summary>Steps between which a pruner judges (set by the caller for the objective, e.g. 10 and max_iter for GW).</summary>
    public int PrunerMinStep { get; init; } = 1;

    /// <summary>Steps of a full trial, for Hyperband's rungs.</summary>
    public int PrunerMaxStep { get; init; } = 100;

    void WriteIfBest(int number, double value, StudyDirection direction, Action<string> write)
    {
        Trial? best = storage.LoadStudy(study)?.Best;
        bool better = best is null || (direction == StudyDirection.Minimize ? value < best.Value : value > best.Value);
        if (!better) return;
        AtomicFile.WriteDirectory(Path.Combine(ArtefactDirectory!, $"trial-{number}"), write);
    }

    /// <summary>Keeps only the best trial's artefact folder (other workers' leftovers included).</summary>
    void RemoveArtefactsOfOthers()
    {
        int? best = storage.LoadStudy(study)?.Best?.Number;
        if (best is null || !Directory.Exists(ArtefactDirectory)) return;
        foreach (string dir in Directory.GetDirectories(ArtefactDirectory!, "trial-*"))
            if (Path.GetFileName(dir) != $"trial-{best}" && !AtomicFile.IsTemporary(dir))
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The folder holding the best trial's artefacts, when it exists.</summary>
    public static string? BestArtefacts(string artefactDirectory, StudySnapshot snapshot) =>
        snapshot.Best is { } best && Directory.Exists(Path.Combine(artefactDirectory, $"trial-{best.Number}")) ? Path.Combine(artefactDirectory, $"trial-{best.Number}") : null;
}
