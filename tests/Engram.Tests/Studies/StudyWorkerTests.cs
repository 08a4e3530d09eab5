using Engram.Studies;

namespace Engram.Tests.Studies;

/// <summary>A worker in this process: failures with reasons, artefacts of the best trial only, clean abandonment.</summary>
public sealed class StudyWorkerTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("engram-worker-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    static InMemoryStudyStorage Storage(int trials, SamplerKind sampler = SamplerKind.Grid)
    {
        var storage = new InMemoryStudyStorage();
        storage.CreateStudy(new StudyDefinition { Name = "w", Space = SearchSpace.Parse("x=int[0,9]"), Objective = "w", TargetTrials = trials, Sampler = sampler });
        return storage;
    }

    sealed class Objective(Func<TrialRun, ObjectiveResult> f) : IStudyObjective
    {
        public ObjectiveResult Evaluate(TrialRun trial, CancellationToken cancellation) => f(trial);
    }

    [Fact]
    public void Failed_and_non_finite_trials_are_recorded_with_their_reason_and_never_become_the_best()
    {
        var storage = Storage(10);
        var result = new StudyWorker(storage, "w", new Objective(t => t.Int("x") switch
        {
            0 => new ObjectiveResult(-100, new Dictionary<string, double>()) { Failure = "degenerate: plan collapsed" },
            1 => new ObjectiveResult(double.NaN, new Dictionary<string, double>()),
            _ => new ObjectiveResult(t.Int("x"), new Dictionary<string, double> { ["double"] = 2 * t.Int("x") }),
        })).Run();
        Trial[] trials = [.. result.Study.Trials];
        Assert.Equal(10, trials.Length);
        Assert.Equal((8, 2), (result.Complete, result.Failed));
        Assert.Equal("degenerate: plan collapsed", trials.Single(t => t.Parameters["x"] == 0).Reason);
        Assert.Equal("the objective value is NaN", trials.Single(t => t.Parameters["x"] == 1).Reason);
        Assert.Equal(2, result.Study.Best!.Value);
        Assert.Equal(4, result.Study.Best.Attributes["double"]);
        Assert.True(result.Study.IsDone);
    }

    [Fact]
    public void Only_the_best_trials_artefacts_are_kept()
    {
        var storage = Storage(6);
        new StudyWorker(storage, "w", new Objective(t => new ObjectiveResult(Math.Abs(t.Int("x") - 4), new Dictionary<string, double>())
        {
            WriteArtefacts = d => File.WriteAllText(Path.Combine(d, "x.txt"), t.Int("x").ToString()),
        })) { ArtefactDirectory = dir }.Run();
        StudySnapshot study = storage.LoadStudy("w")!;
        string[] kept = Directory.GetDirectories(dir);
        Assert.Equal([Path.Combine(dir, $"trial-{study.Best!.Number}")], kept);
        Assert.Equal(study.Best.Parameters["x"].ToString(), File.ReadAllText(Path.Combine(kept[0], "x.txt")));
        Assert.Equal(StudyWorker.BestArtefacts(dir, study), kept[0]);
    }

    [Fact]
    public void A_stopped_worker_abandons_its_trial_cleanly_and_the_next_worker_runs_those_parameters()
    {
        var storage = Storage(3);
        using var stop = new CancellationTokenSource();
        var first = new StudyWorker(storage, "w", new Objective(t =>
        {
            if (t.Number == 1) { stop.Cancel(); stop.Token.ThrowIfCancellationRequested(); }
            return new ObjectiveResult(t.Int("x"), new Dictionary<string, double>());
        }));
        Assert.ThrowsAny<OperationCanceledException>(() => first.Run(cancellation: stop.Token));
        StudySnapshot s = storage.LoadStudy("w")!;
        Assert.Equal(TrialState.Failed, s.Trials[1].State);
        Assert.True(s.Trials[1].Requeued);
        Assert.Equal(TrialState.Waiting, s.Trials[2].State);
        var second = new StudyWorker(storage, "w", new Objective(t => new ObjectiveResult(t.Int("x"), new Dictionary<string, double>()))).Run();
        Assert.Equal(2, second.Complete);
        Assert.Equal(s.Trials[1].Parameters["x"], second.Study.Trials[2].Parameters["x"]);
        Assert.Equal(3, second.Study.Trials.Count(t => t.State == TrialState.Complete));
    }

    /// <summary>A storage that counts how often the whole study is read.</summary>
    sealed class CountingStorage(IStudyStorage inner) : IStudyStorage
    {
        public int Loads;
        public string Description => inner.Description;
        public StudySnapshot CreateStudy(StudyDefinition definition) => inner.CreateStudy(definition);
        public StudySnapshot? LoadStudy(string name) { Interlocked.Increment(ref Loads); return inner.LoadStudy(name); }
        public IReadOnlyList<string> StudyNames() => inner.StudyNames();
        public bool DeleteStudy(string name) => inner.DeleteStudy(name);
        public Trial? ClaimTrial(string study, string worker, TrialProposal propose) => inner.ClaimTrial(study, worker, propose);
        public bool Heartbeat(string study, int number, string worker) => inner.Heartbeat(study, number, worker);
        public bool ReportIntermediate(string study, int number, string worker, int step, double value) => inner.ReportIntermediate(study, number, worker, step, value);
        public bool FinishTrial(string study, int number, string worker, TrialOutcome outcome) => inner.FinishTrial(study, number, worker, outcome);
        public bool ReleaseTrial(string study, int number, string worker, string reason) => inner.ReleaseTrial(study, number, worker, reason);
        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public void A_trial_reads_the_study_once_per_reported_step_however_often_it_looks_up_earlier_trials()
    {
        var storage = new CountingStorage(new InMemoryStudyStorage());
        storage.CreateStudy(new StudyDefinition { Name = "w", Space = SearchSpace.Parse("x=int[0,9]"), Objective = "w", TargetTrials = 3, Sampler = SamplerKind.Grid, Pruner = PrunerKind.Median });
        var loadsPerTrial = new List<int>();
        new StudyWorker(storage, "w", new Objective(t =>
        {
            int before = storage.Loads;
            if (t.Number > 0)
                for (int k = 0; k < 50; k++) Assert.Equal(TrialState.Complete, t.Earlier(0)!.State);
            for (int step = 1; step <= 4; step++) t.Report(step, t.Int("x") + step);
            loadsPerTrial.Add(storage.Loads - before);
            return new ObjectiveResult(t.Int("x"), new Dictionary<string, double>());
        })) { PrunerMinStep = 1, PrunerMaxStep = 4 }.Run();
        // One read per reported step (the median pruner judges each), and one for the 50 look-ups of the finished trial 0.
        Assert.Equal([4, 1 + 4, 1 + 4], loadsPerTrial);
    }
}
