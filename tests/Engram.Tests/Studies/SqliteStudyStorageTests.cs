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
        Sql(path, "DROP TABLE trial_values; ALTER TABLE trials DROP COLUMN system_attributes; UPDATE engram_schema SET version = 1");
        using var migrated = StudyStorage.Open($"sqlite:{path}");
        Trial t = migrated.ClaimTrial("s", "w", (st, n) => new RandomSampler().Sample(st, n))!;
        Assert.True(migrated.ReportIntermediate("s", t.Number, "w", 10, 1.5));
        Assert.Equal(1.5, migrated.LoadStudy("s")!.Trials[0].Intermediate[10]);
    }

    [Fact]
    public void A_database_of_schema_2_is_migrated_and_the_annealed_searchs_notes_stored_as_parameters_are_read_as_system_attributes()
    {
        string path = $"{dir}/v2.db";
        using (var s = new SqliteStudyStorage(path)) s.CreateStudy(Definition());
        SqliteConnection.ClearAllPools();
        // Schema 2 stored the annealed search's notes among the parameters.
        Sql(path, """
            ALTER TABLE trials DROP COLUMN system_attributes; UPDATE engram_schema SET version = 2;
            INSERT INTO trials (study, number, state, params, value, attributes, worker, requeued)
            VALUES ('s', 0, 'Complete', '{"x":2.5,"k":1,"anneal_stage":3,"warm_from":2}', 1.0, '{}', 'w', 0)
            """);
        using var migrated = StudyStorage.Open($"sqlite:{path}");
        Trial t = migrated.LoadStudy("s")!.Trials.Single();
        Assert.Equal(new Dictionary<string, double> { ["x"] = 2.5, ["k"] = 1 }, t.Parameters.ToDictionary());
        Assert.Equal(3, AnnealSampler.Stage(t));
        Assert.Equal(2, AnnealSampler.WarmFrom(t));
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
