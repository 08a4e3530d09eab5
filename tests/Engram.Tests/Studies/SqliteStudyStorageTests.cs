using Engram.Studies;
using Microsoft.Data.Sqlite;

namespace Engram.Tests.Studies;

/// <summary>The contract on <see cref="SqliteStudyStorage"/>, and its schema versions and damaged files.</summary>
public sealed class SqliteStudyStorageTests : StudyStorageContract, IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("engram-sqlite-").FullName;

    protected override IStudyStorage NewStorage() => StudyStorage.Open($"sqlite:{dir}/{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    static void Sql(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void A_database_of_a_newer_schema_is_refused_and_left_unchanged()
    {
        string path = $"{dir}/newer.db";
        using (var s = new SqliteStudyStorage(path)) s.CreateStudy(Definition());
        SqliteConnection.ClearAllPools();
        Sql(path, $"UPDATE engram_schema SET version = {StudySchema.Current + 1}");
        byte[] before = File.ReadAllBytes(path);
        var e = Assert.Throws<InvalidDataException>(() => StudyStorage.Open($"sqlite:{path}"));
        Assert.Contains($"schema version {StudySchema.Current + 1}, newer than", e.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_database_of_schema_1_is_migrated_and_keeps_its_studies()
    {
        string path = $"{dir}/old.db";
        using (var s = new SqliteStudyStorage(path)) s.CreateStudy(Definition());
        SqliteConnection.ClearAllPools();
        Sql(path, "DROP TABLE trial_values; UPDATE engram_schema SET version = 1");
        using var migrated = StudyStorage.Open($"sqlite:{path}");
        Trial t = migrated.ClaimTrial("s", "w", (st, n) => new RandomSampler().Sample(st, n))!;
        Assert.True(migrated.ReportIntermediate("s", t.Number, "w", 10, 1.5));
        Assert.Equal(1.5, migrated.LoadStudy("s")!.Trials[0].Intermediate[10]);
    }

    [Fact]
    public void A_file_that_is_not_a_database_gives_one_clear_error_and_is_left_unchanged()
    {
        string path = $"{dir}/corrupt.db";
        byte[] junk = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 3)).ToArray();
        File.WriteAllBytes(path, junk);
        var e = Assert.Throws<InvalidDataException>(() => StudyStorage.Open($"sqlite:{path}"));
        Assert.Contains("is not an SQLite study database", e.Message);
        Assert.Equal(junk, File.ReadAllBytes(path));
    }
}
