using Engram.Studies;

namespace Engram.Tests.Studies;

/// <summary>The contract of <see cref="IStudyStorage"/>, run against every storage (one derived class each).</summary>
public abstract class StudyStorageContract
{
    /// <summary>A fresh, empty storage.</summary>
    protected abstract IStudyStorage NewStorage();

    internal static StudyDefinition Definition(string name = "s", int target = 5, double heartbeat = 5, double stale = 60) => new()
    {
        Name = name, Space = SearchSpace.Parse("x=float[0.1,10] log;k=categorical[a,b]"), Objective = "test", TargetTrials = target,
        Sampler = SamplerKind.Random, Seed = 7, HeartbeatSeconds = heartbeat, StaleAfterSeconds = stale,
    };

    static Proposal Propose(StudySnapshot s, int n) => new RandomSampler().Sample(s, n);

    /// <summary>A random proposal that also notes the trial's number and a constant as system attributes.</summary>
    static Proposal ProposeNoted(StudySnapshot s, int n) =>
        new RandomSampler().Sample(s, n) with { SystemAttributes = new Dictionary<string, double> { ["proposed_as"] = n, ["note"] = 0.25 } };

    /// <summary>Every writing member of a read-only <paramref name="storage"/> holding study "s" throws an <see cref="InvalidOperationException"/>.</summary>
    internal static void AssertEveryWriteRefused(IStudyStorage storage)
    {
        var writes = new (string Name, Action Call)[]
        {
            ("CreateStudy", () => storage.CreateStudy(Definition())),
            ("CreateStudy of a new study", () => storage.CreateStudy(Definition("new"))),
            ("DeleteStudy", () => storage.DeleteStudy("s")),
            ("ClaimTrial", () => storage.ClaimTrial("s", "w", Propose)),
            ("Heartbeat", () => storage.Heartbeat("s", 0, "w")),
            ("ReportIntermediate", () => storage.ReportIntermediate("s", 0, "w", 1, 1.0)),
            ("FinishTrial", () => storage.FinishTrial("s", 0, "w", new TrialOutcome(TrialState.Complete, 1, new Dictionary<string, double>(), null))),
            ("ReleaseTrial", () => storage.ReleaseTrial("s", 0, "w", "stop")),
        };
        foreach (var (name, call) in writes)
        {
            var e = Record.Exception(call);
            Assert.True(e is InvalidOperationException, $"{name} on a read-only storage gave {e?.GetType().Name ?? "no exception"}");
            Assert.Contains("opened read-only", e!.Message);
        }
    }

    [Fact]
    public void A_created_study_loads_with_the_same_definition_and_no_trials()
    {
        using var storage = NewStorage();
        storage.CreateStudy(Definition());
        StudySnapshot loaded = storage.LoadStudy("s")!;
        Assert.Equal(Definition().Space.Describe(), loaded.Definition.Space.Describe());
        Assert.Null(loaded.Definition.DifferenceFrom(Definition()));
        Assert.Empty(loaded.Trials);
        Assert.Equal(["s"], storage.StudyNames());
        Assert.Null(storage.LoadStudy("other"));
    }

    [Fact]
    public void Creating_an_existing_study_with_another_space_is_refused_and_changes_nothing()
    {
        using var storage = NewStorage();
        storage.CreateStudy(Definition());
        storage.ClaimTrial("s", "w", Propose);
        var other = Definition() with { Space = SearchSpace.Parse("x=float[0.1,20] log;k=categorical[a,b]") };
        var e = Assert.Throws<ArgumentException>(() => storage.CreateStudy(other));
        Assert.Contains("already exists with search space", e.Message);
        StudySnapshot after = storage.LoadStudy("s")!;
        Assert.Equal("x=float[0.1,10] log;k=categorical[a,b]", after.Definition.Space.Describe());
        Assert.Single(after.Trials);
    }

    [Fact]
    public void Claims_number_trials_densely_and_stop_at_the_target()
    {
        using var storage = NewStorage();
        storage.CreateStudy(Definition(target: 4));
        var numbers = new List<int>();
        while (storage.ClaimTrial("s", "w", Propose) is { } t)
        {
            numbers.Add(t.Number);
            Assert.Equal(TrialState.Running, t.State);
            Assert.Equal("w", t.Worker);
            Assert.InRange(t.Parameters["x"], 0.1, 10);
        }
        Assert.Equal([0, 1, 2, 3], numbers);
        Assert.Equal(4, storage.LoadStudy("s")!.Trials.Count);
    }

    [Fact]
    public void Eight_threads_claiming_at_once_get_distinct_trials_and_never_more_than_the_target()
    {
        using var storage = NewStorage();
        storage.CreateStudy(Definition(target: 24));
        var claimed = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, w =>
        {
            while (storage.ClaimTrial("s", $"w{w}", Propose) is { } t) claimed.Add(t.Number);
        });
        Assert.Equal(Enumerable.Range(0, 24), claimed.Order());
    }

    [Fact]
    public void Outcome_intermediate_values_and_attributes_are_stored()
    {
        using var storage = NewStorage();
        storage.CreateStudy(Definition());
        Trial t = storage.ClaimTrial("s", "w", Propose)!;
        Assert.True(storage.ReportIntermediate("s", t.Number, "w", 10, 3.5));
        Assert.True(storage.ReportIntermediate("s", t.Number, "w", 20, 2.25));
        Assert.False(storage.ReportIntermediate("s", t.Number, "someone else", 30, 1));
        Assert.True(storage.FinishTrial("s", t.Number, "w", new TrialOutcome(TrialState.Complete, 2.0, new Dictionary<string, double> { ["top1"] = 64.5, ["nan"] = double.NaN }, null)));
        Trial stored = storage.LoadStudy("s")!.Trials.Single();
        Assert.Equal(TrialState.Complete, stored.State);
        Assert.Equal(2.0, stored.Value);
        Assert.Equal(new Dictionary<int, double> { [10] = 3.5, [20] = 2.25 }, stored.Intermediate.ToDictionary());
        Assert.Equal(64.5, stored.Attributes["top1"]);
        Assert.True(double.IsNaN(stored.Attributes["nan"]));
        Assert.Equal(t.Parameters["x"], stored.Parameters["x"]);
        Assert.NotNull(stored.Finished);
        Assert.False(storage.FinishTrial("s", t.Number, "w", new TrialOutcome(TrialState.Complete, 1.0, new Dictionary<string, double>(), null)));
        Assert.Equal(2.0, storage.LoadStudy("s")!.Trials.Single().Value);
    }

    [Fact]
    public void A_trial_whose_heartbeat_stops_is_failed_and_its_parameters_run_again_and_its_late_result_is_dropped()
    {
        using var storage = NewStorage();
        storage.CreateStudy(Definition(target: 2, heartbeat: 0.1, stale: 1));
        Trial dead = storage.ClaimTrial("s", "dead", Propose)!;
        Trial alive = storage.ClaimTrial("s", "alive", Propose)!;
        for (int i = 0; i < 15; i++) { Thread.Sleep(100); Assert.True(storage.Heartbeat("s", alive.Number, "alive")); }
        Trial rerun = storage.ClaimTrial("s", "rescuer", Propose)!;
        Assert.Equal(2, rerun.Number);
        Assert.Equal(dead.Number, rerun.RetryOf);
        Assert.Equal(dead.Parameters.ToDictionary(), rerun.Parameters.ToDictionary());
        StudySnapshot s = storage.LoadStudy("s")!;
        Assert.Equal(TrialState.Failed, s.Trials[dead.Number].State);
        Assert.True(s.Trials[dead.Number].Requeued);
        Assert.Contains("no heartbeat", s.Trials[dead.Number].Reason);
        Assert.Equal(TrialState.Running, s.Trials[alive.Number].State);
        Assert.False(storage.FinishTrial("s", dead.Number, "dead", new TrialOutcome(TrialState.Complete, 1, new Dictionary<string, double>(), null)));
        Assert.False(storage.Heartbeat("s", dead.Number, "dead"));
        Assert.True(storage.Heartbeat("s", alive.Number, "alive"));
        Assert.Null(storage.ClaimTrial("s", "late", Propose));   // 2 counted trials: alive and the re-run
    }

    [Fact]
    public void A_released_trial_is_queued_again_with_its_parameters()
    {
        using var storage = NewStorage();
        storage.CreateStudy(Definition(target: 1));
        Trial t = storage.ClaimTrial("s", "w", Propose)!;
        Assert.True(storage.ReleaseTrial("s", t.Number, "w", "stopped"));
        Trial again = storage.ClaimTrial("s", "v", Propose)!;
        Assert.Equal(t.Number, again.RetryOf);
        Assert.Equal(t.Parameters.ToDictionary(), again.Parameters.ToDictionary());
        Assert.Null(storage.ClaimTrial("s", "x", Propose));
    }

    [Fact]
    public void A_samplers_system_attributes_are_stored_apart_from_the_parameters_and_travel_with_a_trial_queued_again()
    {
        using var storage = NewStorage();
        storage.CreateStudy(Definition(target: 2, heartbeat: 0.1, stale: 0.5));
        Trial released = storage.ClaimTrial("s", "w", ProposeNoted)!;
        Trial stale = storage.ClaimTrial("s", "dead", ProposeNoted)!;
        var noted = new Dictionary<string, double> { ["proposed_as"] = 0, ["note"] = 0.25 };
        Assert.Equal(noted, released.SystemAttributes.ToDictionary());
        Assert.Equal(["k", "x"], released.Parameters.Keys.Order());
        Assert.True(storage.ReleaseTrial("s", released.Number, "w", "stopped"));
        Thread.Sleep(700);
        Trial again = storage.ClaimTrial("s", "v", Propose)!;    // the re-runs of the released and of the stale trial
        Trial again2 = storage.ClaimTrial("s", "v", Propose)!;
        var reruns = new[] { again, again2 }.ToDictionary(t => t.RetryOf!.Value);
        Assert.Equal(noted, reruns[released.Number].SystemAttributes.ToDictionary());
        Assert.Equal(1, reruns[stale.Number].SystemAttributes["proposed_as"]);
        Assert.Equal(stale.Parameters.ToDictionary(), reruns[stale.Number].Parameters.ToDictionary());
        Assert.Equal(noted, storage.LoadStudy("s")!.Trials[released.Number].SystemAttributes.ToDictionary());
    }

    [Fact]
    public void A_study_extended_to_more_trials_keeps_its_trials_and_a_deleted_one_is_gone()
    {
        using var storage = NewStorage();
        storage.CreateStudy(Definition(target: 1));
        storage.ClaimTrial("s", "w", Propose);
        Assert.Null(storage.ClaimTrial("s", "w", Propose));
        storage.CreateStudy(Definition(target: 2));
        Assert.Equal(1, storage.ClaimTrial("s", "w", Propose)!.Number);
        Assert.True(storage.DeleteStudy("s"));
        Assert.False(storage.DeleteStudy("s"));
        Assert.Null(storage.LoadStudy("s"));
        Assert.Throws<ArgumentException>(() => storage.ClaimTrial("s", "w", Propose));
    }
}

/// <summary>The contract on <see cref="InMemoryStudyStorage"/>.</summary>
public sealed class InMemoryStudyStorageTests : StudyStorageContract
{
    protected override IStudyStorage NewStorage() => new InMemoryStudyStorage();
}
