using System.Data.Common;
using Npgsql;

namespace Engram.Studies;

/// <summary>
/// Studies in a PostgreSQL database (<c>postgresql://user:password@host:port/database</c>), shared by workers on any number
/// of machines. A claim locks the study's row (<c>SELECT … FOR UPDATE</c>) and takes waiting trials with
/// <c>FOR UPDATE SKIP LOCKED</c>; the clock is the server's. Connecting gives up after 10 s (or <c>?connect_timeout=SECONDS</c>)
/// with a clear message; a server that refuses connections is reported at once.
/// </summary>
public sealed class PostgresStudyStorage : SqlStudyStorage
{
    readonly NpgsqlDataSource dataSource;
    readonly string endpoint;

    /// <summary>Connects to the database a <c>postgresql://</c> URL names and creates or migrates the schema.</summary>
    public PostgresStudyStorage(string url) : this(url, readOnly: false) { }

    /// <summary>A read-only session (<c>default_transaction_read_only</c>): the server refuses every write, and the schema is
    /// only checked, never created.</summary>
    PostgresStudyStorage(string url, bool readOnly) : base(readOnly)
    {
        var builder = Parse(url);
        if (readOnly) builder.Options = "-c default_transaction_read_only=on";
        endpoint = $"{builder.Host}:{builder.Port}/{builder.Database}";
        dataSource = NpgsqlDataSource.Create(builder);
        if (readOnly) CheckSchema();
        else EnsureSchema();
    }

    /// <summary>The read-only storage <see cref="StudyStorage.OpenReadOnly"/> returns for a <c>postgresql://</c> URL.</summary>
    internal static PostgresStudyStorage OpenReadOnly(string url) => new(url, readOnly: true);

    /// <summary>Npgsql settings from a URL; an <see cref="ArgumentException"/> when it is malformed.</summary>
    internal static NpgsqlConnectionStringBuilder Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException($"the storage '{Redact(url)}' is not a valid URL; write postgresql://user:password@host:port/database.", nameof(url));
        string database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/'))
            throw new ArgumentException($"the storage '{Redact(url)}' names no database; write postgresql://user:password@host:port/database.", nameof(url));
        string[] user = uri.UserInfo.Split(':', 2);
        int timeout = 10;   // seconds to connect; libpq's connect_timeout in the query string changes it
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=', 2);
            if (kv[0] != "connect_timeout" || kv.Length != 2 || !int.TryParse(kv[1], out timeout) || timeout < 1)
                throw new ArgumentException($"the storage '{Redact(url)}' has an unknown or invalid option '{pair}'; only connect_timeout=SECONDS is understood.", nameof(url));
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port, Database = database,
            Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : Environment.UserName,
            Timeout = timeout, CommandTimeout = 120, Pooling = true,
        };
        if (user.Length > 1) builder.Password = Uri.UnescapeDataString(user[1]);
        return builder;
    }

    static string Redact(string url) => System.Text.RegularExpressions.Regex.Replace(url, "//([^:/@]*):[^@]*@", "//$1:***@");

    /// <inheritdoc/>
    public override string Description => $"postgresql://{endpoint}";

    /// <inheritdoc/>
    protected override DbConnection Connect() => dataSource.OpenConnection();

    /// <inheritdoc/>
    protected override DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction();

    /// <inheritdoc/>
    protected override string NowMilliseconds => "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    /// <inheritdoc/>
    protected override string ForUpdate => " FOR UPDATE";

    /// <inheritdoc/>
    protected override string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

    /// <inheritdoc/>
    protected override bool SchemaTableExists(DbConnection connection, DbTransaction transaction) =>
        Scalar(connection, transaction, "SELECT CAST(to_regclass('engram_schema') AS TEXT)") is not null;

    /// <inheritdoc/>
    protected override void LockSchema(DbConnection connection, DbTransaction transaction) =>
        Scalar(connection, transaction, "SELECT pg_advisory_xact_lock(7411230977)");

    /// <inheritdoc/>
    protected override Exception Translate(DbException exception) => exception switch
    {
        PostgresException pg => new IOException($"the PostgreSQL server at {endpoint} refused: {pg.MessageText} ({pg.SqlState})"),
        NpgsqlException npg when npg.InnerException is System.Net.Sockets.SocketException or TimeoutException or IOException || npg.Message.Contains("connect", StringComparison.OrdinalIgnoreCase) =>
            new IOException($"cannot reach the PostgreSQL server at {endpoint} ({npg.InnerException?.Message ?? npg.Message}); check that it runs and accepts connections from this machine."),
        _ => exception,
    };

    /// <inheritdoc/>
    public override void Dispose()
    {
        dataSource.Dispose();
        base.Dispose();
    }
}
