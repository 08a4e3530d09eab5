namespace Engram.Studies;

/// <summary>What a study optimises: one trial in, one value (and attributes) out. Implementations must be thread-safe.</summary>
public interface IStudyObjective
{
    /// <summary>
    /// Runs one trial. Read the parameters from <paramref name="trial"/>; call <see cref="TrialRun.Report"/> with intermediate
    /// values and, when it returns true (the pruner stops the trial), stop and throw <see cref="TrialPrunedException"/>;
    /// stop promptly when <paramref name="cancellation"/> fires.
    /// </summary>
    ObjectiveResult Evaluate(TrialRun trial, CancellationToken cancellation);
}

/// <summary>A trial's result.</summary>
/// <param name="Value">The objective value.</param>
/// <param name="Attributes">User attributes to store with the trial (metrics, iterations, seconds).</param>
public sealed record ObjectiveResult(double Value, IReadOnlyDictionary<string, double> Attributes)
{
    /// <summary>When set, the trial is recorded as failed with this reason (for example a degenerate result), value kept in the attributes.</summary>
    public string? Failure { get; init; }

    /// <summary>Writes the trial's artefacts (for example its plan as .npy) into the given folder; called only for a trial that is the best so far.</summary>
    public Action<string>? WriteArtefacts { get; init; }
}

/// <summary>Thrown by an objective whose trial the pruner stopped (<see cref="TrialRun.Report"/> returned true).</summary>
public sealed class TrialPrunedException(string message) : Exception(message);

/// <summary>The trial an objective runs: its parameters, its seed, and the channel for intermediate values.</summary>
public sealed class TrialRun
{
    readonly Func<int, double, bool> report;
    readonly Func<int, Trial?>? earlier;

    /// <summary>
    /// A trial to run: workers make these for claimed trials; callers may make one to re-run a stored trial (same
    /// parameters and seed, so the same result) with <paramref name="report"/> receiving its intermediate values.
    /// </summary>
    public TrialRun(StudyDefinition study, Trial trial, Func<int, double, bool> report, IProgress<Numerics.WorkProgress>? progress,
        Func<int, Trial?>? earlier = null)
    {
        Study = study;
        Trial = trial;
        this.report = report;
        Progress = progress;
        this.earlier = earlier;
        Seed = Numerics.Seeding.Derive(Numerics.Seeding.Derive(study.Seed, trial.RetryOf ?? trial.Number), 1);
    }

    /// <summary>A re-run of <paramref name="trial"/>, a stored trial of <paramref name="snapshot"/>: same parameters and seed, hence the same result; earlier trials are looked up in the snapshot.</summary>
    public static TrialRun Replay(StudySnapshot snapshot, Trial trial, IProgress<Numerics.WorkProgress>? progress = null) =>
        new(snapshot.Definition, trial with { State = TrialState.Running }, (_, _) => false, progress, n => snapshot.Trials.FirstOrDefault(t => t.Number == n));

    /// <summary>The study's definition.</summary>
    public StudyDefinition Study { get; }

    /// <summary>The trial as claimed.</summary>
    public Trial Trial { get; }

    /// <summary>The trial's number.</summary>
    public int Number => Trial.Number;

    /// <summary>Seed for the objective's randomness: derived from the study seed and the trial number (a re-run keeps its original's).</summary>
    public int Seed { get; }

    /// <summary>Progress of the trial's own work, for a display.</summary>
    public IProgress<Numerics.WorkProgress>? Progress { get; }

    /// <summary>A float (or integer) parameter.</summary>
    public double Float(string name) => Study.Space[name] is CategoricalDistribution
        ? throw new ArgumentException($"parameter '{name}' is categorical.", nameof(name))
        : Trial.Parameters[name];

    /// <summary>An integer parameter.</summary>
    public int Int(string name) => (int)Float(name);

    /// <summary>The choice a categorical parameter took.</summary>
    public string Choice(string name) => Study.Space[name] is CategoricalDistribution c
        ? c.Choices[(int)Trial.Parameters[name]]
        : throw new ArgumentException($"parameter '{name}' is not categorical.", nameof(name));

    /// <summary>
    /// Another trial of the same study, as stored now (null when unknown): what an objective needs to build on an earlier
    /// trial's result, for example the warm start of an annealed search.
    /// </summary>
    public Trial? Earlier(int number) => earlier?.Invoke(number);

    /// <summary>Stores the intermediate value at <paramref name="step"/>; true when the pruner says the trial should stop.</summary>
    public bool Report(int step, double value) => report(step, value);
}
