namespace Engram.Studies;

/// <summary>Where a trial stands.</summary>
public enum TrialState
{
    /// <summary>Its parameters are fixed and it waits for a worker (a re-run of a trial whose worker stopped).</summary>
    Waiting,
    /// <summary>A worker runs it and sends heartbeats.</summary>
    Running,
    /// <summary>Finished with a finite value.</summary>
    Complete,
    /// <summary>Stopped early by the pruner; keeps its intermediate values.</summary>
    Pruned,
    /// <summary>The objective failed (with a reason), or the worker stopped (then the parameters are queued again).</summary>
    Failed,
}

/// <summary>One trial of a study, as stored.</summary>
/// <param name="Number">0-based number in the study, in order of creation.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Parameters">Parameter values (categoricals as choice indices), in the search space's order.</param>
/// <param name="Value">Objective value when complete.</param>
/// <param name="Intermediate">Intermediate values by step (for the GW objective: the loss every 10 iterations).</param>
/// <param name="Attributes">User attributes: evaluation metrics, iterations, seconds.</param>
/// <param name="Worker">Id of the worker that ran it last.</param>
/// <param name="Started">When a worker took it.</param>
/// <param name="Finished">When it ended.</param>
/// <param name="Heartbeat">Last sign of life of its worker.</param>
/// <param name="Reason">Why it failed or was pruned.</param>
/// <param name="RetryOf">The failed trial whose parameters it re-runs.</param>
/// <param name="Requeued">Whether this failed trial's parameters were queued again (it then no longer counts towards the target).</param>
public sealed record Trial(
    int Number, TrialState State, IReadOnlyDictionary<string, double> Parameters, double? Value,
    IReadOnlyDictionary<int, double> Intermediate, IReadOnlyDictionary<string, double> Attributes,
    string? Worker, DateTimeOffset? Started, DateTimeOffset? Finished, DateTimeOffset? Heartbeat,
    string? Reason, int? RetryOf, bool Requeued)
{
    /// <summary>An empty set of attributes.</summary>
    public static readonly IReadOnlyDictionary<string, double> NoAttributes = new Dictionary<string, double>();

    /// <summary>
    /// The sampler's notes about this trial (<see cref="Proposal.SystemAttributes"/>), for example the descent step of an
    /// annealed search and the trial whose result starts this one; empty for most samplers.
    /// </summary>
    public IReadOnlyDictionary<string, double> SystemAttributes { get; init; } = NoAttributes;

    /// <summary>Whether the trial counts towards the study's target: every trial except failed ones whose parameters run again.</summary>
    public bool Counts => !Requeued;

    /// <summary>Whether it has ended (complete, pruned or failed).</summary>
    public bool IsFinished => State is TrialState.Complete or TrialState.Pruned or TrialState.Failed;

    /// <summary>The value of a parameter in user terms: a number, or the name of a categorical choice.</summary>
    public string Display(SearchSpace space, string name) => space[name] switch
    {
        CategoricalDistribution c => c.Choices[(int)Parameters[name]],
        _ => Parameters[name].ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A study as stored: its definition and all its trials, in number order.</summary>
/// <param name="Definition">What the study is.</param>
/// <param name="Trials">Every trial so far.</param>
public sealed record StudySnapshot(StudyDefinition Definition, IReadOnlyList<Trial> Trials)
{
    /// <summary>The best complete trial (lowest value when minimising; ties to the lower number), or null.</summary>
    public Trial? Best => Trials.Where(t => t.State == TrialState.Complete && t.Value is double v && double.IsFinite(v))
        .OrderBy(t => Definition.Direction == StudyDirection.Minimize ? t.Value : -t.Value).ThenBy(t => t.Number).FirstOrDefault();

    /// <summary>Trials that count towards the target.</summary>
    public int Counted => Trials.Count(t => t.Counts);

    /// <summary>Whether the study holds its target number of finished trials.</summary>
    public bool IsDone => Trials.Count(t => t.Counts && t.IsFinished) >= Definition.TargetTrials;
}
