namespace Engram.Studies;

/// <summary>
/// Studies held in this process only (Optuna's <c>InMemoryStorage</c>): for tests, and for a study nobody needs to resume.
/// Thread-safe through one lock; the same rules as the database storages, on the machine's clock.
/// </summary>
public sealed class InMemoryStudyStorage : IStudyStorage
{
    readonly Lock gate = new();
    readonly Dictionary<string, (StudyDefinition Definition, List<Trial> Trials)> studies = new();
    readonly Func<DateTimeOffset> clock;

    /// <summary>A storage on <paramref name="clock"/> (default: the UTC clock; tests pass a controllable one).</summary>
    public InMemoryStudyStorage(Func<DateTimeOffset>? clock = null) => this.clock = clock ?? (() => DateTimeOffset.UtcNow);

    /// <inheritdoc/>
    public string Description => "memory";

    /// <inheritdoc/>
    public StudySnapshot CreateStudy(StudyDefinition definition)
    {
        definition.Validate();
        lock (gate)
        {
            if (studies.TryGetValue(definition.Name, out var existing))
            {
                string? difference = existing.Definition.DifferenceFrom(definition);
                if (difference is not null) throw StudyStorage.DifferentStudy(definition.Name, difference);
                studies[definition.Name] = (existing.Definition with { TargetTrials = definition.TargetTrials }, existing.Trials);
            }
            else studies[definition.Name] = (definition, new List<Trial>());
            return Snapshot(definition.Name)!;
        }
    }

    /// <inheritdoc/>
    public StudySnapshot? LoadStudy(string name)
    {
        lock (gate) return Snapshot(name);
    }

    StudySnapshot? Snapshot(string name) =>
        studies.TryGetValue(name, out var s) ? new StudySnapshot(s.Definition, s.Trials.ToArray()) : null;

    /// <inheritdoc/>
    public IReadOnlyList<string> StudyNames()
    {
        lock (gate) return studies.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <inheritdoc/>
    public bool DeleteStudy(string name)
    {
        lock (gate) return studies.Remove(name);
    }

    /// <inheritdoc/>
    public Trial? ClaimTrial(string study, string worker, TrialProposal propose)
    {
        lock (gate)
        {
            var (definition, trials) = studies.TryGetValue(study, out var s) ? s : throw StudyStorage.NoStudy(study);
            DateTimeOffset now = clock();
            for (int i = 0; i < trials.Count; i++)
            {
                Trial t = trials[i];
                if (t.State != TrialState.Running || t.Heartbeat > now.AddSeconds(-definition.StaleAfterSeconds)) continue;
                trials[i] = t with { State = TrialState.Failed, Finished = now, Requeued = true, Reason = StudyStorage.StaleReason(t.Worker, definition.StaleAfterSeconds) };
                trials.Add(Rerun(trials.Count, t, now));
            }
            int waiting = trials.FindIndex(t => t.State == TrialState.Waiting);
            if (waiting >= 0) return trials[waiting] = trials[waiting] with { State = TrialState.Running, Worker = worker, Started = now, Heartbeat = now };
            if (trials.Count(t => t.Counts) >= definition.TargetTrials) return null;
            Proposal proposal = propose(new StudySnapshot(definition, trials.ToArray()), trials.Count);
            Trial claimed = NewTrial(trials.Count, TrialState.Running, proposal, worker, now);
            trials.Add(claimed);
            return claimed;
        }
    }

    static Trial NewTrial(int number, TrialState state, Proposal proposal, string? worker, DateTimeOffset now) =>
        new(number, state, proposal.Parameters.ToDictionary(), null, new SortedDictionary<int, double>(), new Dictionary<string, double>(), worker,
            worker is null ? null : now, null, worker is null ? null : now, null, null, false)
        { SystemAttributes = proposal.SystemAttributes.ToDictionary() };

    /// <summary>Trial <paramref name="number"/>, waiting to run <paramref name="failed"/>'s parameters and system attributes again.</summary>
    static Trial Rerun(int number, Trial failed, DateTimeOffset now) =>
        NewTrial(number, TrialState.Waiting, new Proposal(failed.Parameters) { SystemAttributes = failed.SystemAttributes }, null, now) with { RetryOf = failed.Number };

    bool Update(string study, int number, string worker, Func<Trial, DateTimeOffset, Trial> change)
    {
        lock (gate)
        {
            if (!studies.TryGetValue(study, out var s) || number < 0 || number >= s.Trials.Count) return false;
            Trial t = s.Trials[number];
            if (t.State != TrialState.Running || t.Worker != worker) return false;
            s.Trials[number] = change(t, clock());
            return true;
        }
    }

    /// <inheritdoc/>
    public bool Heartbeat(string study, int number, string worker) => Update(study, number, worker, (t, now) => t with { Heartbeat = now });

    /// <inheritdoc/>
    public bool ReportIntermediate(string study, int number, string worker, int step, double value) =>
        Update(study, number, worker, (t, now) => t with { Heartbeat = now, Intermediate = new SortedDictionary<int, double>(t.Intermediate.ToDictionary()) { [step] = value } });

    /// <inheritdoc/>
    public bool FinishTrial(string study, int number, string worker, TrialOutcome outcome) =>
        Update(study, number, worker, (t, now) => t with
        {
            State = outcome.State, Value = outcome.Value, Attributes = outcome.Attributes.ToDictionary(), Reason = outcome.Reason, Finished = now, Heartbeat = now,
        });

    /// <inheritdoc/>
    public bool ReleaseTrial(string study, int number, string worker, string reason)
    {
        lock (gate)
        {
            bool released = Update(study, number, worker, (t, now) => t with { State = TrialState.Failed, Reason = reason, Finished = now, Requeued = true });
            if (released)
            {
                var trials = studies[study].Trials;
                trials.Add(Rerun(trials.Count, trials[number], clock()));
            }
            return released;
        }
    }

    /// <inheritdoc/>
    public void Dispose() { }
}
