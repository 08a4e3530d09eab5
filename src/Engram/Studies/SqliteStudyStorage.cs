using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Engram.Studies;

/// <summary>
/// Studies in an SQLite file (<c>sqlite:PATH</c>), the default: no server, several worker processes on one machine.
/// The file is in WAL mode (readers never wait for the writer); every claim is a <c>BEGIN IMMEDIATE</c> transaction, so
/// claims of all processes are serialised by SQLite's file lock. Not for network file systems (SQLite's locks do not hold
/// there): workers on several machines share a PostgreSQL database.
/// </summary>
public sealed class SqliteStudyStorage : SqlStudyStorage
{
    readonly string connectionString;

    /// <summary>Opens (creating when missing) the study database at <paramref name="path"/>.</summary>
    public SqliteStudyStorage(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(Path)) throw new ArgumentException($"the storage path {Path} is a folder; name a file, e.g. sqlite:{path.TrimEnd('/')}/studies.db.", nameof(path));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path, DefaultTimeout = 60, Pooling = true }.ToString();
        Run(c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL";
            return command.ExecuteScalar();
        });
        EnsureSchema();
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override string Description => $"sqlite:{Path}";

    /// <inheritdoc/>
    protected override DbConnection Connect()
    {
        var c = new SqliteConnection(connectionString);
        c.Open();
        return c;
    }

    /// <inheritdoc/>
    protected override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    /// <inheritdoc/>
    protected override string NowMilliseconds => "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

    /// <inheritdoc/>
    protected override string ForUpdate => "";

    /// <inheritdoc/>
    protected override string ForUpdateSkipLocked => "";

    /// <inheritdoc/>
    protected override bool SchemaTableExists(DbConnection connection, DbTransaction transaction) =>
        Convert.ToInt64(Scalar(connection, transaction, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'engram_schema'"),
            System.Globalization.CultureInfo.InvariantCulture) > 0;

    /// <inheritdoc/>
    protected override void LockSchema(DbConnection connection, DbTransaction transaction) { }   // BEGIN IMMEDIATE holds the file's write lock

    /// <inheritdoc/>
    protected override Exception Translate(DbException exception) => exception is SqliteException { SqliteErrorCode: 26 or 11 }
        ? new InvalidDataException($"{Path} is not an SQLite study database or is damaged (SQLite: {exception.Message.Replace("SQLite Error ", "", StringComparison.Ordinal)}); point the storage at another file.")
        : exception is SqliteException { SqliteErrorCode: 5 or 6 }
            ? new IOException($"the study database {Path} stayed locked by other processes for over a minute: {exception.Message}")
            : exception;

    /// <inheritdoc/>
    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        base.Dispose();
    }
}
