using System.Diagnostics;
using Engram.Studies;

namespace Engram.Tests.Studies;

/// <summary>The contract on <see cref="PostgresStudyStorage"/> against a real server (skipped with the reason when none can start).</summary>
public sealed class PostgresStudyStorageTests(PostgresServer server) : StudyStorageContract, IClassFixture<PostgresServer>
{
    protected override IStudyStorage NewStorage() => StudyStorage.Open(server.NewDatabase());

    [Fact]
    public void An_unreachable_server_gives_a_clear_error_within_a_few_seconds()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<IOException>(() => StudyStorage.Open($"postgresql://engram@127.0.0.1:{port}/studies"));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 8);
        Assert.Contains($"cannot reach the PostgreSQL server at 127.0.0.1:{port}/studies", e.Message);
    }

    [Theory]
    [InlineData("postgresql://")]
    [InlineData("postgresql://host:5432")]
    [InlineData("postgresql://host:notaport/db")]
    public void A_malformed_url_is_refused_before_connecting(string url)
    {
        var e = Assert.Throws<ArgumentException>(() => StudyStorage.Open(url));
        Assert.Contains("postgresql://user:password@host:port/database", e.Message);
    }

    [Fact]
    public void A_database_of_a_newer_schema_is_refused()
    {
        string url = server.NewDatabase();
        using (var s = StudyStorage.Open(url)) s.CreateStudy(Definition());
        using (var c = new Npgsql.NpgsqlConnection(PostgresStudyStorage.Parse(url).ConnectionString + ";Pooling=false"))
        {
            c.Open();
            using var command = c.CreateCommand();
            command.CommandText = $"UPDATE engram_schema SET version = {StudySchema.Current + 5}";
            command.ExecuteNonQuery();
        }
        var e = Assert.Throws<InvalidDataException>(() => StudyStorage.Open(url));
        Assert.Contains("newer than", e.Message);
    }

    [Fact]
    public void A_read_only_session_reads_a_study_refuses_every_write_and_creates_no_schema()
    {
        string url = server.NewDatabase();
        var e = Assert.Throws<InvalidDataException>(() => StudyStorage.OpenReadOnly(url));
        Assert.Contains("holds no studies", e.Message);
        using (var c = new Npgsql.NpgsqlConnection(PostgresStudyStorage.Parse(url).ConnectionString + ";Pooling=false"))
        {
            c.Open();
            using var command = c.CreateCommand();
            command.CommandText = "SELECT CAST(to_regclass('engram_schema') AS TEXT)";
            Assert.IsType<DBNull>(command.ExecuteScalar());
        }
        using (var s = StudyStorage.Open(url))
        {
            s.CreateStudy(Definition());
            s.ClaimTrial("s", "w", (st, n) => new RandomSampler().Sample(st, n));
        }
        using IStudyStorage reader = StudyStorage.OpenReadOnly(url);
        Assert.Equal(["s"], reader.StudyNames());
        AssertEveryWriteRefused(reader);
        Assert.Single(reader.LoadStudy("s")!.Trials);
        Assert.Equal(TrialState.Running, reader.LoadStudy("s")!.Trials[0].State);
    }
}
