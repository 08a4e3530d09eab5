using System.Text.Json;
using Engram.Data;
using Engram.Numerics;
using Engram.Studies;
using Engram.Tests.Cli;

namespace Engram.Tests.Studies;

/// <summary><c>engram study …</c> and <c>engram align --trials</c> as a user runs them: resumable, reproducible, one-line errors.</summary>
public sealed class StudyVerbTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("engram-study-verbs-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>Two small embeddings of the same 20 items (the second rotated and slightly noisy).</summary>
    (string X, string Y) Embeddings()
    {
        var random = Seeding.Create(5);
        int n = 20;
        var x = new double[n, 3];
        var y = new double[n, 3];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < 3; k++) x[i, k] = random.NextGaussian() * (k + 1);
            y[i, 0] = x[i, 1]; y[i, 1] = -x[i, 0]; y[i, 2] = x[i, 2] + 0.05 * random.NextGaussian();
        }
        string xp = Path.Combine(dir, "x.npy"), yp = Path.Combine(dir, "y.npy");
        Npy.Write(xp, NpyArray.FromMatrix(x));
        Npy.Write(yp, NpyArray.FromMatrix(y));
        return (xp, yp);
    }

    [Fact]
    public void Align_with_trials_reports_the_study_and_a_second_run_adds_no_trial_and_reports_the_same_best()
    {
        var (x, y) = Embeddings();
        string[] args = ["align", x, y, "--trials", "4", "--eps-range", "0.5:5", "--max-iter", "40", "--storage", $"sqlite:{dir}/s.db", "--json"];
        var first = CliHarness.Run(args);
        Assert.True(first.Exit == 0, first.Err);
        using var a = JsonDocument.Parse(first.Out);
        Assert.Equal(4, a.RootElement.GetProperty("trials_complete").GetInt32() + a.RootElement.GetProperty("trials_pruned").GetInt32() + a.RootElement.GetProperty("trials_failed").GetInt32());
        Assert.InRange(a.RootElement.GetProperty("best_eps").GetDouble(), 0.5, 5);
        Assert.Equal("random", a.RootElement.GetProperty("best_init").GetString());
        var second = CliHarness.Run(args);
        Assert.True(second.Exit == 0, second.Err);
        using var b = JsonDocument.Parse(second.Out);
        Assert.Equal(a.RootElement.GetProperty("best_trial").GetInt32(), b.RootElement.GetProperty("best_trial").GetInt32());
        Assert.Equal(a.RootElement.GetProperty("gw_loss").GetDouble(), b.RootElement.GetProperty("gw_loss").GetDouble());
        var export = CliHarness.Run("study", "export", "--storage", $"sqlite:{dir}/s.db", "--study", "x_vs_y", "--out", Path.Combine(dir, "export"));
        Assert.True(export.Exit == 0, export.Err);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(dir, "export", "trials.csv")).Length);   // header + 4 trials
    }

    static string[] Create(string storage, string study, int seed) =>
        ["study", "create", "--storage", storage, "--study", study, "--objective", "hopfield-capacity", "--space", "n=int[50,200];alpha=float[0.05,0.3]",
         "--trials", "14", "--seed", seed.ToString(), "--set", "networks=2"];

    [Fact]
    public void The_same_seed_gives_the_same_study_through_the_cli()
    {
        string[] Trials(string storage)
        {
            Assert.Equal(0, CliHarness.Run(Create(storage, "same", 3)).Exit);
            Assert.Equal(0, CliHarness.Run("study", "worker", "--storage", storage, "--study", "same", "--json").Exit);
            var export = CliHarness.Run("study", "export", "--storage", storage, "--study", "same", "--json");
            using var doc = JsonDocument.Parse(export.Out);
            return doc.RootElement.GetProperty("trials").EnumerateArray()
                .Select(t => $"{t.GetProperty("params").GetRawText()} {t.GetProperty("value").GetRawText()}").ToArray();
        }
        string[] a = Trials($"sqlite:{dir}/a.db"), b = Trials($"sqlite:{dir}/b.db");
        Assert.Equal(14, a.Length);
        Assert.Equal(a, b);
        var status = CliHarness.Run("study", "status", "--storage", $"sqlite:{dir}/a.db", "--study", "same");
        Assert.Contains("count           14       0       0        0        0       0", status.Out);
        var best = CliHarness.Run("study", "best", "--storage", $"sqlite:{dir}/a.db", "--study", "same", "--json");
        Assert.Equal(0, best.Exit);
        Assert.Equal(0, CliHarness.Run("study", "delete", "--storage", $"sqlite:{dir}/a.db", "--study", "same").Exit);
        Assert.Contains("no studies", CliHarness.Run("study", "status", "--storage", $"sqlite:{dir}/a.db").Out);
    }

    [Theory]
    [InlineData("--sampler", "bayes", "--sampler: 'bayes' is not one of tpe, random, grid")]
    [InlineData("--pruner", "asha", "--pruner: 'asha' is not one of none, median, hyperband")]
    [InlineData("--eps-range", "10:1", "must have 0 < LOW < HIGH")]
    [InlineData("--eps-range", "3:3", "must have 0 < LOW < HIGH")]
    [InlineData("--eps-range", "1-10", "is not LOW:HIGH")]
    [InlineData("--storage", "mysql://db/x", "unknown storage 'mysql://db/x'")]
    [InlineData("--storage", "postgresql://host:5432", "names no database")]
    public void Bad_study_options_of_align_give_one_line_and_exit_1(string option, string value, string message)
    {
        var (x, y) = Embeddings();
        var r = CliHarness.Run("align", x, y, "--trials", "3", option, value);
        Assert.Equal(1, r.Exit);
        Assert.Contains(message, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    [Fact]
    public void An_eps_search_stops_its_trials_at_a_stationary_loss_by_default_and_a_given_loss_tol_is_kept()
    {
        var (x, y) = Embeddings();
        double Stored(string name, params string[] extra)
        {
            var r = CliHarness.Run(["align", x, y, "--trials", "1", "--max-iter", "20", "--storage", $"sqlite:{dir}/t.db", "--study", name, .. extra]);
            Assert.True(r.Exit == 0, r.Err);
            using IStudyStorage storage = StudyStorage.OpenReadOnly($"sqlite:{dir}/t.db");
            return StudyObjectives.GwAlignmentSettingsOf(storage.LoadStudy(name)!.Definition)!.Alignment.Gw.LossTolerance;
        }
        Assert.Equal(EpsilonSearch.DefaultLossTolerance, Stored("default"));
        Assert.Equal(0, Stored("off", "--loss-tol", "0"));
        Assert.Equal(1e-4, Stored("given", "--loss-tol", "1e-4"));
    }

    [Fact]
    public void An_existing_study_with_another_eps_range_is_refused_and_left_as_it_was()
    {
        var (x, y) = Embeddings();
        string storage = $"sqlite:{dir}/r.db";
        Assert.Equal(0, CliHarness.Run("align", x, y, "--trials", "2", "--eps-range", "0.5:5", "--max-iter", "20", "--storage", storage, "--json").Exit);
        var r = CliHarness.Run("align", x, y, "--trials", "2", "--eps-range", "1:10", "--max-iter", "20", "--storage", storage);
        Assert.Equal(1, r.Exit);
        Assert.Equal("engram: error: a study named 'x_vs_y' already exists with search space eps=float[0.5,5] log, but eps=float[1,10] log was asked for; " +
                     "choose another study name or delete the old study first.\n", r.Err);
        var status = CliHarness.Run("study", "status", "--storage", storage, "--study", "x_vs_y", "--json");
        using var doc = JsonDocument.Parse(status.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("trials_complete").GetInt32());
    }

    [Fact]
    public void A_corrupt_database_a_missing_study_and_an_unreachable_server_give_one_line_and_exit_1()
    {
        string corrupt = Path.Combine(dir, "corrupt.db");
        File.WriteAllBytes(corrupt, Enumerable.Repeat((byte)0x5A, 2048).ToArray());
        var r = CliHarness.Run("study", "status", "--storage", $"sqlite:{corrupt}");
        Assert.Equal(1, r.Exit);
        Assert.Contains("is not an SQLite study database", r.Err);
        r = CliHarness.Run("study", "worker", "--storage", $"sqlite:{dir}/empty.db", "--study", "nope");
        Assert.Equal(1, r.Exit);
        Assert.Equal($"engram: error: there is no study database {dir}/empty.db.\n", r.Err);
        Assert.False(File.Exists($"{dir}/empty.db"));   // a worker makes no database to find no study in
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        r = CliHarness.Run("study", "status", "--storage", $"postgresql://u:secret@127.0.0.1:{port}/db");
        Assert.Equal(1, r.Exit);
        Assert.Contains("cannot reach the PostgreSQL server", r.Err);
        Assert.DoesNotContain("secret", r.Err);
        r = CliHarness.Run("study", "create", "--storage", $"sqlite:{dir}/c.db", "--study", "s", "--objective", "hopfield-capacity", "--space", "alpha=float[0.1,0.2]");
        Assert.Equal(1, r.Exit);
        Assert.Contains("needs a parameter 'n'", r.Err);
    }

    [Fact]
    public void Study_worker_runs_a_study_that_analysis_run_created()
    {
        var (x, y) = Embeddings();
        string config = Path.Combine(dir, "analysis.yaml");
        File.WriteAllText(config, "name: made\nseed: 3\nstorage: sqlite:made.db\nout: report\noutputs: [plans]\n" +
                                  $"representations:\n  - {{name: first, path: {x}, kind: embedding}}\n  - {{name: second, path: {y}, kind: embedding}}\n" +
                                  "search:\n  eps: [0.5, 5]\n  trials: 2\n  sampler: random\n  max_iter: 40\n");
        var run = CliHarness.Run("analysis", "run", config);
        Assert.True(run.Exit == 0, run.Err);
        string storage = $"sqlite:{dir}/made.db", name = "made: first vs second";
        using (IStudyStorage store = StudyStorage.Open(storage))   // two more trials wanted; nothing else changes
        {
            StudySnapshot stored = store.LoadStudy(name)!;
            Assert.Equal(StudyObjectives.GwAlignment, stored.Definition.Objective);
            store.CreateStudy(stored.Definition with { TargetTrials = 4 });
        }
        var worker = CliHarness.Run("study", "worker", "--storage", storage, "--study", name, "--json");
        Assert.True(worker.Exit == 0, worker.Err);
        using var doc = JsonDocument.Parse(worker.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("complete").GetInt32());
        string workerId = doc.RootElement.GetProperty("worker").GetString()!;
        using (IStudyStorage store = StudyStorage.OpenReadOnly(storage))
        {
            StudySnapshot after = store.LoadStudy(name)!;
            Assert.Equal(4, after.Trials.Count(t => t.State == TrialState.Complete));
            Assert.Equal([workerId, workerId], after.Trials.Where(t => t.Number >= 2).Select(t => t.Worker));
            Assert.All(after.Trials, t => Assert.InRange(t.Parameters["eps"], 0.5, 5));
        }
        var report = CliHarness.Run("analysis", "report", config, "--json");
        Assert.True(report.Exit == 0, report.Err);
    }
}
