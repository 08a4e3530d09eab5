using System.Diagnostics;
using Engram.Studies;

namespace Engram.Tests.Studies;

/// <summary>
/// Many worker processes on one study (SQLite file; a real PostgreSQL server): exactly the requested trials, none lost,
/// none twice; a worker killed with SIGKILL mid-trial loses no completed trial and its trial runs again. The objective is
/// the cheap Hopfield capacity trial, so each test takes seconds.
/// </summary>
public sealed class WorkerProcessTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("engram-workers-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    static void Create(string storage, string study, int trials, string networks, double heartbeat = 5, double stale = 60, string n = "int[100,300]")
    {
        var (exit, _, err) = CliHarness(["study", "create", "--storage", storage, "--study", study, "--objective", "hopfield-capacity",
            "--space", $"n={n};alpha=float[0.05,0.25]", "--sampler", "tpe", "--trials", trials.ToString(), "--seed", "11",
            "--set", $"networks={networks}", "--heartbeat", heartbeat.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--stale-after", stale.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(exit == 0, err);
    }

    static (int, string, string) CliHarness(string[] args) => Engram.Tests.Cli.CliHarness.Run(args);

    static void AssertExactlyOnce(StudySnapshot study, int target)
    {
        Trial[] counted = study.Trials.Where(t => t.Counts).ToArray();
        Assert.Equal(target, counted.Length);
        Assert.All(counted, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(Enumerable.Range(0, study.Trials.Count), study.Trials.Select(t => t.Number));
        // Every parameter set that was given up ran again exactly once, under a new number.
        foreach (Trial given in study.Trials.Where(t => t.Requeued))
            Assert.Single(study.Trials, t => t.RetryOf == given.Number);
    }

    void EightWorkers(string storage)
    {
        Create(storage, "eight", 40, "2");
        var workers = Enumerable.Range(0, 8).Select(_ => WorkerProcesses.Start("study", "worker", "--storage", storage, "--study", "eight", "--json")).ToArray();
        var results = workers.Select(w => WorkerProcesses.Finish(w)).ToArray();
        Assert.All(results, r => Assert.True(r.Exit == 0, r.Err));
        using var store = StudyStorage.Open(storage);
        StudySnapshot study = store.LoadStudy("eight")!;
        AssertExactlyOnce(study, 40);
        Assert.True(study.Trials.Select(t => t.Worker).Distinct().Count() >= 2, "the trials were shared among the workers");
        int reported = results.Sum(r => System.Text.Json.JsonDocument.Parse(r.Out).RootElement.GetProperty("complete").GetInt32());
        Assert.Equal(study.Trials.Count(t => t.State == TrialState.Complete), reported);
    }

    [Fact]
    public void Eight_worker_processes_on_one_sqlite_study_complete_exactly_the_requested_trials() => EightWorkers($"sqlite:{dir}/eight.db");

    [Fact]
    public void Eight_worker_processes_on_one_postgresql_study_complete_exactly_the_requested_trials() => EightWorkers(server.NewDatabase());

    void KilledWorker(string storage, bool rescuerAlreadyRunning = false)
    {
        // Trials of about a second each; heartbeats every 0.2 s, given up after 3 s of silence.
        int target = rescuerAlreadyRunning ? 12 : 6;
        Create(storage, "kill", target, "6", heartbeat: 0.2, stale: 3, n: "int[1500,2000]");
        Process victim = WorkerProcesses.Start("study", "worker", "--storage", storage, "--study", "kill");
        // The rescuer starts beside the victim and is busy with trials of its own when the victim dies: it must notice the
        // silent trial by itself.
        Process? early = rescuerAlreadyRunning ? WorkerProcesses.Start("study", "worker", "--storage", storage, "--study", "kill") : null;
        using var store = StudyStorage.Open(storage);
        var clock = Stopwatch.StartNew();
        Trial? running = null;
        bool RunsOne(Process p) => store.LoadStudy("kill")!.Trials.Any(t => t.State == TrialState.Running && t.Worker!.Contains($":{p.Id}:"));
        while (clock.Elapsed.TotalSeconds < 120 && early is not null && !RunsOne(early)) Thread.Sleep(50);
        while (clock.Elapsed.TotalSeconds < 120 && running is null)
        {
            Thread.Sleep(50);
            running = store.LoadStudy("kill")!.Trials.FirstOrDefault(t => t.State == TrialState.Running && t.Worker!.Contains($":{victim.Id}:"));
        }
        Assert.NotNull(running);
        int[] completeBefore = store.LoadStudy("kill")!.Trials.Where(t => t.State == TrialState.Complete).Select(t => t.Number).ToArray();
        victim.Kill();                                   // SIGKILL: no chance to clean up
        victim.WaitForExit();
        Process rescuing = early ?? WorkerProcesses.Start("study", "worker", "--storage", storage, "--study", "kill");
        var rescuer = WorkerProcesses.Finish(rescuing);
        Assert.True(rescuer.Exit == 0, rescuer.Err);
        StudySnapshot study = store.LoadStudy("kill")!;
        AssertExactlyOnce(study, target);
        Trial killed = study.Trials.Single(t => t.Number == running!.Number);
        Assert.Equal(TrialState.Failed, killed.State);
        Assert.Contains("no heartbeat", killed.Reason);
        Trial rerun = study.Trials.Single(t => t.RetryOf == killed.Number);
        Assert.Equal(TrialState.Complete, rerun.State);
        Assert.Equal(killed.Parameters.ToDictionary(), rerun.Parameters.ToDictionary());
        Assert.Contains($":{rescuing.Id}:", rerun.Worker);
        Assert.All(completeBefore, n => Assert.Equal(TrialState.Complete, study.Trials[n].State));
    }

    [Fact]
    public void A_worker_killed_mid_trial_on_sqlite_loses_no_completed_trial_and_its_trial_runs_again() => KilledWorker($"sqlite:{dir}/kill.db");

    [Fact]
    public void A_worker_already_running_rescues_the_trial_of_a_worker_killed_beside_it() => KilledWorker($"sqlite:{dir}/rescue.db", rescuerAlreadyRunning: true);

    [Fact]
    public void A_worker_killed_mid_trial_on_postgresql_loses_no_completed_trial_and_its_trial_runs_again() => KilledWorker(server.NewDatabase());
}
