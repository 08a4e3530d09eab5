using System.Security.Cryptography;
using Engram.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace Engram.Tests.Studies;

/// <summary>
/// What the study verbs refuse, as a user meets it: the command, exit code 1, one line on stderr, and the stored state
/// unchanged (the database file byte for byte, or the same <c>study export</c>). File permissions are tested as a user they
/// apply to ("nobody" when the tests run as root).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]   // file modes and other users are POSIX
public sealed class StudyRefusalTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("engram-study-refusals-").FullName;

    public StudyRefusalTests() => File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);   // other users may enter (the unprivileged runs)

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (string d in Directory.GetDirectories(dir, "*", SearchOption.AllDirectories)) File.SetUnixFileMode(d, (UnixFileMode)0b111_111_111);
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>A database in <paramref name="folder"/> (made) with the capacity study "cap" and its two trials run.</summary>
    string CapacityStudy(string folder, string file = "s.db")
    {
        Directory.CreateDirectory(folder);
        string storage = $"sqlite:{Path.Combine(folder, file)}";
        var created = CliHarness.Run("study", "create", "--storage", storage, "--study", "cap", "--objective", "hopfield-capacity",
            "--space", "n=int[40,60];alpha=float[0.05,0.1]", "--trials", "2", "--set", "networks=1");
        Assert.True(created.Exit == 0, created.Err);
        var worker = CliHarness.Run("study", "worker", "--storage", storage, "--study", "cap");
        Assert.True(worker.Exit == 0, worker.Err);
        SqliteConnection.ClearAllPools();
        return Path.Combine(folder, file);
    }

    static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    static void Mode(string path, int mode) => File.SetUnixFileMode(path, (UnixFileMode)mode);

    /// <summary>Exit 1 and exactly one line on stderr, equal to <paramref name="line"/>.</summary>
    static void OneLine((int Exit, string Out, string Err) r, string line)
    {
        Assert.True(r.Exit == 1, $"exit {r.Exit}: {r.Err}");
        Assert.Equal(line, r.Err.TrimEnd('\n'));
    }

    [Fact]
    public void Status_best_and_export_read_a_read_only_database_in_a_read_only_folder()
    {
        string folder = Path.Combine(dir, "ro");
        string db = CapacityStudy(folder);
        string before = Hash(db);
        Mode(db, 0b100_100_100);
        Mode(folder, 0b101_101_101);
        string storage = $"sqlite:{db}";
        var status = WorkerProcesses.RunUnprivileged(dir, "study", "status", "--storage", storage, "--study", "cap");
        Assert.True(status.Exit == 0, status.Err);
        Assert.Contains("trials    2 of 2 finished", status.Out);
        var best = WorkerProcesses.RunUnprivileged(dir, "study", "best", "--storage", storage, "--study", "cap", "--json");
        Assert.True(best.Exit == 0, best.Err);
        var export = WorkerProcesses.RunUnprivileged(dir, "study", "export", "--storage", storage, "--study", "cap", "--json");
        Assert.True(export.Exit == 0, export.Err);
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(export.Out).RootElement.GetProperty("trials").GetArrayLength());
        Assert.Equal(before, Hash(db));
        Assert.Equal(["s.db"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Writing_to_a_read_only_database_file_is_refused_with_one_line_and_changes_nothing()
    {
        string folder = Path.Combine(dir, "rofile");
        string db = CapacityStudy(folder);
        string before = Hash(db);
        Mode(db, 0b100_100_100);
        Mode(folder, 0b111_111_111);   // the folder is writable: only the file is not
        string line = $"engram: error: the study database {db} cannot be written by this user (the file or its folder {folder} is read-only); nothing was changed.";
        OneLine(WorkerProcesses.RunUnprivileged(dir, "study", "worker", "--storage", $"sqlite:{db}", "--study", "cap"), line);
        OneLine(WorkerProcesses.RunUnprivileged(dir, "study", "delete", "--storage", $"sqlite:{db}", "--study", "cap"), line);
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public void Creating_a_database_in_a_folder_that_cannot_be_written_is_refused_with_one_line()
    {
        string folder = Path.Combine(dir, "rofolder");
        Directory.CreateDirectory(folder);
        Mode(folder, 0b101_101_101);
        string db = Path.Combine(folder, "new.db");
        var r = WorkerProcesses.RunUnprivileged(dir, "study", "create", "--storage", $"sqlite:{db}", "--study", "cap", "--objective", "hopfield-capacity",
            "--space", "n=int[40,60];alpha=float[0.05,0.1]", "--trials", "2");
        OneLine(r, $"engram: error: cannot create the study database {db}: the folder {folder} is not writable by this user.");
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void A_storage_in_a_missing_folder_is_refused_and_no_folder_is_made()
    {
        string folder = Path.Combine(dir, "runs", "deep");
        var r = CliHarness.Run("study", "create", "--storage", $"sqlite:{folder}/s.db", "--study", "cap", "--objective", "hopfield-capacity",
            "--space", "n=int[40,60];alpha=float[0.05,0.1]", "--trials", "2");
        OneLine(r, $"engram: error: the folder {folder} of the study database s.db does not exist; create it first.");
        Assert.False(Directory.Exists(Path.Combine(dir, "runs")));
        r = CliHarness.Run("study", "status", "--storage", $"sqlite:{folder}/s.db");
        OneLine(r, $"engram: error: there is no study database {folder}/s.db.");
        Assert.False(Directory.Exists(Path.Combine(dir, "runs")));
    }

    [Fact]
    public void Worker_and_delete_on_a_missing_database_are_refused_and_make_none()
    {
        string db = Path.Combine(dir, "none.db");
        OneLine(CliHarness.Run("study", "worker", "--storage", $"sqlite:{db}", "--study", "s"), $"engram: error: there is no study database {db}.");
        OneLine(CliHarness.Run("study", "delete", "--storage", $"sqlite:{db}", "--study", "s"), $"engram: error: there is no study database {db}.");
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void A_database_kept_locked_by_another_process_is_refused_after_its_busy_timeout_and_left_unchanged()
    {
        string db = CapacityStudy(Path.Combine(dir, "locked"));
        string export = CliHarness.Run("study", "export", "--storage", $"sqlite:{db}", "--study", "cap", "--json").Out;
        using (var holder = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            holder.Open();
            using var write = holder.BeginTransaction(deferred: false);
            var r = CliHarness.Run("study", "create", "--storage", $"sqlite:{db}?busy_timeout=1", "--study", "cap", "--objective", "hopfield-capacity",
                "--space", "n=int[40,60];alpha=float[0.05,0.1]", "--trials", "3", "--set", "networks=1");
            OneLine(r, $"engram: error: the study database {db} stayed locked by other processes for over 1 s; try again when they are done.");
            write.Rollback();
        }
        Assert.Equal(export, CliHarness.Run("study", "export", "--storage", $"sqlite:{db}", "--study", "cap", "--json").Out);
    }

    /// <summary>Two small embeddings of the same 12 items, x.npy and y.npy in the test folder.</summary>
    (string X, string Y) Pair()
    {
        var random = new Random(3);
        var x = new double[12, 2];
        var y = new double[12, 2];
        for (int i = 0; i < 12; i++)
        {
            x[i, 0] = random.NextDouble(); x[i, 1] = 2 * random.NextDouble();
            y[i, 0] = -x[i, 1]; y[i, 1] = x[i, 0];
        }
        string xp = Path.Combine(dir, "x.npy"), yp = Path.Combine(dir, "y.npy");
        Engram.Data.Npy.Write(xp, Engram.Data.NpyArray.FromMatrix(x));
        Engram.Data.Npy.Write(yp, Engram.Data.NpyArray.FromMatrix(y));
        return (xp, yp);
    }

    static string Export(string storage, string study)
    {
        var r = CliHarness.Run("study", "export", "--storage", storage, "--study", study, "--json");
        Assert.True(r.Exit == 0, r.Err);
        return r.Out;
    }

    static string[] CreateCapacity(string storage, params string[] more) =>
        ["study", "create", "--storage", storage, "--study", "cap", "--objective", "hopfield-capacity", "--space", "n=int[40,60];alpha=float[0.05,0.1]",
         "--trials", "2", .. more];

    [Fact]
    public void Another_sampler_seed_or_space_is_refused_naming_what_is_stored_and_what_was_asked()
    {
        string db = CapacityStudy(Path.Combine(dir, "again")), storage = $"sqlite:{db}";
        string before = Export(storage, "cap");
        const string Tail = "; choose another study name or delete the old study first.";
        OneLine(CliHarness.Run(CreateCapacity(storage, "--set", "networks=1", "--sampler", "random")),
            "engram: error: a study named 'cap' already exists with sampler tpe, but random was asked for" + Tail);
        OneLine(CliHarness.Run(CreateCapacity(storage, "--set", "networks=1", "--seed", "5")),
            "engram: error: a study named 'cap' already exists with seed 0, but 5 was asked for" + Tail);
        OneLine(CliHarness.Run(CreateCapacity(storage, "--set", "networks=3")),
            "engram: error: a study named 'cap' already exists with objective setting networks = 1, but 3 was asked for" + Tail);
        OneLine(CliHarness.Run(CreateCapacity(storage, "--set", "networks=1", "--direction", "minimize")),
            "engram: error: a study named 'cap' already exists with direction maximize, but minimize was asked for" + Tail);
        Assert.Equal(before, Export(storage, "cap"));
    }

    [Fact]
    public void Align_with_trials_names_the_alignment_setting_that_differs_from_the_stored_study()
    {
        var (x, y) = Pair();
        string storage = $"sqlite:{dir}/align.db";
        string[] Align(params string[] more) => ["align", x, y, "--trials", "2", "--eps-range", "0.5:5", "--storage", storage, .. more];
        Assert.Equal(0, CliHarness.Run(Align("--max-iter", "20")).Exit);
        string before = Export(storage, "x_vs_y");
        OneLine(CliHarness.Run(Align("--max-iter", "30")), "engram: error: a study named 'x_vs_y' already exists with objective setting " +
            "alignment.gw.max_iterations = 20, but 30 was asked for; choose another study name or delete the old study first.");
        OneLine(CliHarness.Run(Align("--max-iter", "20", "--exact-sinkhorn")), "engram: error: a study named 'x_vs_y' already exists with objective setting " +
            "alignment.gw.inexact_sinkhorn = 0.01, but 0 was asked for; choose another study name or delete the old study first.");
        OneLine(CliHarness.Run(Align("--max-iter", "20", "--sampler", "random")), "engram: error: a study named 'x_vs_y' already exists with sampler tpe, " +
            "but random was asked for; choose another study name or delete the old study first.");
        Assert.Equal(before, Export(storage, "x_vs_y"));
    }

    [Theory]
    [InlineData("--eps", "2", "engram: error: --eps is what an ε search (--trials) searches; give its range with --eps-range LOW:HIGH instead.")]
    [InlineData("--refine", null, "engram: error: --refine refines one alignment; an ε search (--trials) ranks trials by the entropic loss. Refine its best ε afterwards: engram align X Y --eps E --init I --seed S --refine.")]
    public void Alignment_flags_a_search_would_ignore_are_refused_before_anything_is_written(string flag, string? value, string line)
    {
        var (x, y) = Pair();
        string[] args = ["align", x, y, "--trials", "2", "--storage", $"sqlite:{dir}/flags.db", flag];
        OneLine(CliHarness.Run(value is null ? args : [.. args, value]), line);
        Assert.False(File.Exists(Path.Combine(dir, "flags.db")));
    }

    [Fact]
    public void Bad_input_files_are_refused_before_a_study_is_stored_so_the_corrected_rerun_with_another_range_works()
    {
        var (x, y) = Pair();
        string storage = $"sqlite:{dir}/inputs.db";
        string truncated = Path.Combine(dir, "truncated.npy");
        File.WriteAllBytes(truncated, File.ReadAllBytes(x)[..100]);
        string nan = Path.Combine(dir, "nan.npy");
        var values = new double[12, 2];
        values[3, 1] = double.NaN;
        Engram.Data.Npy.Write(nan, Engram.Data.NpyArray.FromMatrix(values));
        foreach (string bad in new[] { truncated, nan })
        {
            var r = CliHarness.Run("align", bad, y, "--trials", "2", "--eps-range", "0.5:5", "--storage", storage, "--study", "s");
            Assert.True(r.Exit == 1, r.Err);
            Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
            Assert.False(File.Exists(Path.Combine(dir, "inputs.db")), $"{Path.GetFileName(bad)} left a database behind");
        }
        var fixedRun = CliHarness.Run("align", x, y, "--trials", "2", "--eps-range", "1:10", "--max-iter", "20", "--storage", storage, "--study", "s", "--json");
        Assert.True(fixedRun.Exit == 0, fixedRun.Err);
    }

    [Theory]
    [InlineData("networks=abc", "engram: error: --set: the setting networks must be a whole number; got 'abc'.")]
    [InlineData("networks=0", "engram: error: --set: the setting networks must be ≥ 1; got 0.")]
    [InlineData("cue_noise=2", "engram: error: --set: the setting cue_noise must be in [0, 1]; got 2.")]
    [InlineData("networks", "engram: error: --set: 'networks' is not key=value.")]
    [InlineData("max_itr=5", "engram: error: --set: unknown setting 'max_itr' for the objective hopfield-capacity; known settings: networks, max_steps, cue_noise.")]
    public void Bad_settings_are_refused_at_create_naming_the_key_and_nothing_is_stored(string set, string line)
    {
        OneLine(CliHarness.Run(CreateCapacity($"sqlite:{dir}/set.db", "--set", set)), line);
        Assert.False(File.Exists(Path.Combine(dir, "set.db")));
    }

    [Fact]
    public void An_unknown_gw_setting_is_refused_with_the_known_ones_and_a_value_with_its_key()
    {
        var (x, y) = Pair();
        string[] Create(string set) => ["study", "create", "--storage", $"sqlite:{dir}/gw.db", "--study", "g", "--objective", "gw-alignment",
            "--space", "eps=float[0.5,5] log", "--set", $"x={x}", "--set", $"y={y}", "--set", set];
        var unknown = CliHarness.Run(Create("max_itr=5"));
        Assert.Equal(1, unknown.Exit);
        Assert.StartsWith("engram: error: --set: unknown setting 'max_itr' for the objective gw-alignment; known settings: x, y, categories, input, metric, strict, max_iter, tol,", unknown.Err);
        Assert.Contains("alignment.gw.sinkhorn_max_iterations", unknown.Err);
        OneLine(CliHarness.Run(Create("precision=quad")), "engram: error: --set: the setting precision must be one of single, double, auto; got 'quad'.");
        OneLine(CliHarness.Run(Create("max_iter=0")), "engram: error: --set: max_iter must be ≥ 1; got 0.");
        OneLine(CliHarness.Run(Create($"y={dir}/missing.npy")), $"engram: error: The matrix file '{dir}/missing.npy' does not exist (full path: {dir}/missing.npy).");
        Assert.False(File.Exists(Path.Combine(dir, "gw.db")));
    }
}
