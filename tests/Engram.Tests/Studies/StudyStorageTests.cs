using System.Security.Cryptography;
using Engram.Studies;
using Microsoft.Data.Sqlite;

namespace Engram.Tests.Studies;

/// <summary><see cref="StudyStorage.Open"/> and <see cref="StudyStorage.OpenReadOnly"/> on SQLite files: what they refuse, and that reading never writes.</summary>
public sealed class StudyStorageTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("engram-storage-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>A database with study "s" and two finished trials, closed (so no write-ahead log is left beside it).</summary>
    string StudyFile(string name = "s.db")
    {
        string path = Path.Combine(dir, name);
        using (var s = StudyStorage.Open($"sqlite:{path}"))
        {
            s.CreateStudy(StudyStorageContract.Definition());
            for (int k = 0; k < 2; k++)
            {
                Trial t = s.ClaimTrial("s", "w", (st, n) => new RandomSampler().Sample(st, n))!;
                s.FinishTrial("s", t.Number, "w", new TrialOutcome(TrialState.Complete, k + 0.5, new Dictionary<string, double> { ["a"] = k }, null));
            }
        }
        SqliteConnection.ClearAllPools();
        Assert.False(File.Exists(path + "-wal"));
        return path;
    }

    static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void A_read_only_storage_reads_every_trial_and_leaves_the_file_byte_identical()
    {
        string path = StudyFile();
        string before = Hash(path);
        using (IStudyStorage s = StudyStorage.OpenReadOnly($"sqlite:{path}"))
        {
            Assert.Equal(["s"], s.StudyNames());
            StudySnapshot study = s.LoadStudy("s")!;
            Assert.Null(study.Definition.DifferenceFrom(StudyStorageContract.Definition()));
            Assert.Equal([0.5, 1.5], study.Trials.Select(t => t.Value!.Value));
            Assert.Equal(1, study.Trials[1].Attributes["a"]);
            Assert.Null(s.LoadStudy("other"));
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, Hash(path));
    }

    [Fact]
    public void Every_writing_member_of_a_read_only_storage_throws_and_changes_nothing()
    {
        string path = StudyFile();
        string before = Hash(path);
        using (IStudyStorage s = StudyStorage.OpenReadOnly($"sqlite:{path}"))
        {
            StudyStorageContract.AssertEveryWriteRefused(s);
            Assert.Equal(2, s.LoadStudy("s")!.Trials.Count);
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, Hash(path));
    }

    [Fact]
    public void Reading_a_missing_file_is_refused_and_creates_no_database()
    {
        string path = Path.Combine(dir, "missing.db");
        var e = Assert.Throws<FileNotFoundException>(() => StudyStorage.OpenReadOnly($"sqlite:{path}"));
        Assert.Equal($"there is no study database {path}.", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Reading_an_empty_file_is_refused_and_creates_no_schema()
    {
        string path = Path.Combine(dir, "empty.db");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<InvalidDataException>(() => StudyStorage.OpenReadOnly($"sqlite:{path}"));
        Assert.Equal($"sqlite:{path} holds no studies (it is not an Engram study database).", e.Message);
        SqliteConnection.ClearAllPools();
        Assert.Empty(File.ReadAllBytes(path));
    }

    [Fact]
    public void Reading_a_database_of_an_older_schema_is_refused_and_leaves_it_unchanged()
    {
        string path = StudyFile();
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var command = c.CreateCommand();
            command.CommandText = "DROP TABLE trial_values; UPDATE engram_schema SET version = 1";
            command.ExecuteNonQuery();
        }
        string before = Hash(path);
        var e = Assert.Throws<InvalidDataException>(() => StudyStorage.OpenReadOnly($"sqlite:{path}"));
        Assert.Contains("has the older schema version 1; open it once for writing", e.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, Hash(path));
    }

    [Fact]
    public void A_memory_storage_cannot_be_opened_read_only()
    {
        var e = Assert.Throws<ArgumentException>(() => StudyStorage.OpenReadOnly("memory"));
        Assert.Contains("nothing to read", e.Message);
    }

    [Fact]
    public void A_missing_folder_is_refused_and_not_created()
    {
        string folder = Path.Combine(dir, "no", "such");
        var e = Assert.Throws<DirectoryNotFoundException>(() => StudyStorage.Open($"sqlite:{folder}/x.db"));
        Assert.Equal($"the folder {folder} of the study database x.db does not exist; create it first.", e.Message);
        Assert.False(Directory.Exists(Path.Combine(dir, "no")));
    }

    [Theory]
    [InlineData("?busy_timeout=0")]
    [InlineData("?busy_timeout=abc")]
    [InlineData("?timeout=5")]
    public void A_bad_sqlite_option_is_refused_before_opening(string option)
    {
        string path = Path.Combine(dir, "x.db");
        var e = Assert.Throws<ArgumentException>(() => StudyStorage.Open($"sqlite:{path}{option}"));
        Assert.Contains($"unknown or invalid option '{option[1..]}'; only busy_timeout=SECONDS", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_database_another_process_keeps_locked_is_refused_after_the_busy_timeout_and_left_unchanged()
    {
        string path = StudyFile();
        using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        using var lockTx = holder.BeginTransaction(deferred: false);   // BEGIN IMMEDIATE: the write lock, as a busy worker holds it
        var e = Assert.Throws<IOException>(() =>
        {
            using IStudyStorage s = StudyStorage.Open($"sqlite:{path}?busy_timeout=1");
            s.CreateStudy(StudyStorageContract.Definition("t"));
        });
        Assert.Equal($"the study database {path} stayed locked by other processes for over 1 s; try again when they are done.", e.Message);
        lockTx.Rollback();
        using IStudyStorage after = StudyStorage.OpenReadOnly($"sqlite:{path}");
        Assert.Equal(["s"], after.StudyNames());
        Assert.Equal(2, after.LoadStudy("s")!.Trials.Count);
    }
}
