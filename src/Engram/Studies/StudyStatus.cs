namespace Engram.Studies;

/// <summary>A study at a glance: trials by state, the best so far and an estimate of the time left.</summary>
/// <param name="Name">Study name.</param>
/// <param name="Target">Target number of trials.</param>
/// <param name="Waiting">Trials queued for a re-run.</param>
/// <param name="Running">Trials running now.</param>
/// <param name="Complete">Complete trials.</param>
/// <param name="Pruned">Pruned trials.</param>
/// <param name="Failed">Failed trials that count (the objective failed).</param>
/// <param name="Requeued">Failed trials whose parameters were queued again (their worker stopped).</param>
/// <param name="Best">The best complete trial, or null.</param>
/// <param name="MeanTrialSeconds">Mean wall time of a finished trial, or null.</param>
/// <param name="EtaSeconds">Trials still to run × mean trial time ÷ workers running now (at least one), or null.</param>
public sealed record StudyStatus(
    string Name, int Target, int Waiting, int Running, int Complete, int Pruned, int Failed, int Requeued,
    Trial? Best, double? MeanTrialSeconds, double? EtaSeconds)
{
    /// <summary>The status of <paramref name="study"/>.</summary>
    public static StudyStatus Of(StudySnapshot study)
    {
        var trials = study.Trials;
        int Count(TrialState s) => trials.Count(t => t.State == s && t.Counts);
        double[] seconds = trials.Where(t => t.IsFinished && t.Counts && t.Started is not null && t.Finished is not null)
            .Select(t => (t.Finished!.Value - t.Started!.Value).TotalSeconds).ToArray();
        int finished = trials.Count(t => t.Counts && t.IsFinished);
        double? mean = seconds.Length > 0 ? seconds.Average() : null;
        int running = Count(TrialState.Running);
        int remaining = Math.Max(0, study.Definition.TargetTrials - finished);
        return new StudyStatus(study.Definition.Name, study.Definition.TargetTrials, Count(TrialState.Waiting), running,
            Count(TrialState.Complete), Count(TrialState.Pruned), Count(TrialState.Failed), trials.Count(t => t.Requeued),
            study.Best, mean, mean is double m ? remaining * m / Math.Max(1, running) : null);
    }
}
