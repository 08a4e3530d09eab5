namespace Engram.Studies;

/// <summary>Proposes trial <c>number</c> of a study from everything stored so far (a sampler's job).</summary>
public delegate Proposal TrialProposal(StudySnapshot study, int number);

/// <summary>
/// What a sampler proposes for a new trial: the values of the search space's parameters, and the sampler's own notes about
/// the trial (Optuna's system attributes, for example which earlier trial's result an annealed search starts it from).
/// System attributes are stored with the trial and travel with its parameters when it is queued again, but they are not
/// parameters: they are not part of the search space, samplers never model them, and tables of parameters leave them out.
/// </summary>
/// <param name="Parameters">Values by parameter name (categoricals as choice indices).</param>
public sealed record Proposal(IReadOnlyDictionary<string, double> Parameters)
{
    /// <summary>The sampler's notes about the trial by name; empty for samplers that keep none.</summary>
    public IReadOnlyDictionary<string, double> SystemAttributes { get; init; } = Trial.NoAttributes;
}

/// <summary>How a trial ended, as its worker reports it.</summary>
/// <param name="State">Complete, pruned or failed.</param>
/// <param name="Value">The objective value (complete trials).</param>
/// <param name="Attributes">User attributes to store (metrics, iterations, seconds).</param>
/// <param name="Reason">Why it failed or was pruned.</param>
public sealed record TrialOutcome(TrialState State, double? Value, IReadOnlyDictionary<string, double> Attributes, string? Reason);

/// <summary>
/// Where studies live (Optuna's storage seam). Implementations: <see cref="InMemoryStudyStorage"/>, <see cref="SqliteStudyStorage"/>,
/// <see cref="PostgresStudyStorage"/>; <see cref="StudyStorage.Open"/> picks one from a connection string.
/// <para>Contract: every member is safe to call from many threads, and for the database storages from many processes
/// (SQLite: one machine; PostgreSQL: any number of machines) at once. <see cref="ClaimTrial"/> is atomic: no two workers
/// ever receive the same trial, trial numbers are dense, and the study never holds more counted trials than its target.
/// The updates of a running trial (<see cref="Heartbeat"/>, <see cref="ReportIntermediate"/>, <see cref="FinishTrial"/>,
/// <see cref="ReleaseTrial"/>) take effect only while the trial is still running under the same worker; once it was given
/// up (its heartbeat went stale) they return false and change nothing, so a trial is never counted twice.</para>
/// </summary>
public interface IStudyStorage : IDisposable
{
    /// <summary>What the storage is, for messages (the connection string without a password).</summary>
    string Description { get; }

    /// <summary>
    /// Creates the study, or loads it when one of that name exists with the same definition (a resume). Throws an
    /// <see cref="ArgumentException"/> when the existing study differs (search space, direction, objective, …); then
    /// nothing is changed. A different target number of trials is taken over: a study can be extended.
    /// </summary>
    StudySnapshot CreateStudy(StudyDefinition definition);

    /// <summary>The study and its trials, or null when there is none of that name.</summary>
    StudySnapshot? LoadStudy(string name);

    /// <summary>Names of all studies, sorted.</summary>
    IReadOnlyList<string> StudyNames();

    /// <summary>Deletes the study and its trials; false when there was none.</summary>
    bool DeleteStudy(string name);

    /// <summary>
    /// In one atomic step: gives up running trials whose heartbeat is older than the study's stale timeout (failed, and
    /// their parameters queued again as a new waiting trial); then hands <paramref name="worker"/> the oldest waiting trial,
    /// or, while the study holds fewer counted trials than its target, a new trial with the parameters
    /// <paramref name="propose"/> returns. Null when the study needs no more trials.
    /// </summary>
    Trial? ClaimTrial(string study, string worker, TrialProposal propose);

    /// <summary>Records that the worker is alive; false when the trial was given up.</summary>
    bool Heartbeat(string study, int number, string worker);

    /// <summary>Stores an intermediate value at <paramref name="step"/> (and counts as a heartbeat); false when the trial was given up.</summary>
    bool ReportIntermediate(string study, int number, string worker, int step, double value);

    /// <summary>Ends the trial with <paramref name="outcome"/>; false when it was given up meanwhile (the outcome is then dropped).</summary>
    bool FinishTrial(string study, int number, string worker, TrialOutcome outcome);

    /// <summary>Abandons a running trial (for example on Ctrl-C): failed with <paramref name="reason"/>, parameters queued again.</summary>
    bool ReleaseTrial(string study, int number, string worker, string reason);
}
