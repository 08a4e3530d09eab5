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
    string connectionString;

    /// <summary>
    /// Opens the study database at <paramref name="path"/>, creating the file (never its folder) when missing. Refusals a user
    /// can act on: an <see cref="ArgumentException"/> when the path is a folder, a <see cref="DirectoryNotFoundException"/>
    /// when its folder does not exist, an <see cref="IOException"/> when the file or folder cannot be written or other
    /// processes hold the database locked for longer than <paramref name="busySeconds"/>.
    /// </summary>
    public SqliteStudyStorage(string path, int busySeconds = DefaultBusySeconds) : base(readOnly: false)
    {
        Path = CheckedPath(path);
        string folder = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"the folder {folder} of the study database {System.IO.Path.GetFileName(Path)} does not exist; create it first.");
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path, DefaultTimeout = busySeconds, Pooling = true }.ToString();
        Run(c =>
        {
            // SQLite opens a file it may not write read-only without a word, and a transaction that changes nothing then
            // succeeds: refuse at once, so a command that would write later fails before doing anything.
            if (SQLitePCL.raw.sqlite3_db_readonly(((SqliteConnection)c).Handle, "main") == 1) throw ReadOnlyFile(null);
            using var command = c.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL";
            return command.ExecuteScalar();
        });
        EnsureSchema();
    }

    /// <summary>
    /// Opens an existing study database for reading only: SQLite's read-only mode, no schema creation, nothing written to the
    /// file; it works on a read-only file and in a read-only folder. A <see cref="FileNotFoundException"/> when there is no
    /// file (no empty database is created), an <see cref="InvalidDataException"/> when it holds no study schema.
    /// </summary>
    SqliteStudyStorage(string path, bool readOnly, int busySeconds) : base(readOnly)
    {
        Path = CheckedPath(path);
        if (!File.Exists(Path)) throw new FileNotFoundException($"there is no study database {Path}.", Path);
        connectionString = ReadOnlyConnection(immutable: false, busySeconds);
        try
        {
            CheckSchema();
        }
        catch (IOException e) when (e.InnerException is SqliteException { SqliteErrorCode: 8 or 14 } && !File.Exists(Path + "-wal"))
        {
            // A WAL database in a folder this user cannot write has no shared-memory index to read through; with no write-ahead
            // log beside it nothing is being written (a writer keeps one), so the file alone is the whole database.
            SqliteConnection.ClearAllPools();
            connectionString = ReadOnlyConnection(immutable: true, busySeconds);
            CheckSchema();
        }
    }

    /// <summary>The read-only storage <see cref="StudyStorage.OpenReadOnly"/> returns for <c>sqlite:PATH</c>.</summary>
    internal static SqliteStudyStorage OpenReadOnly(string path, int busySeconds = DefaultBusySeconds) => new(path, readOnly: true, busySeconds);

    /// <summary>How long a command waits for other processes' locks before giving up, unless the storage says otherwise.</summary>
    public const int DefaultBusySeconds = 60;

    int BusySeconds => new SqliteConnectionStringBuilder(connectionString).DefaultTimeout;

    string ReadOnlyConnection(bool immutable, int busySeconds) => new SqliteConnectionStringBuilder
    {
        DataSource = immutable ? new Uri(Path).AbsoluteUri + "?immutable=1" : Path, Mode = SqliteOpenMode.ReadOnly, DefaultTimeout = busySeconds, Pooling = true,
    }.ToString();

    static string CheckedPath(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new ArgumentException($"the storage path {full} is a folder; name a file, e.g. sqlite:{path.TrimEnd('/')}/studies.db.", nameof(path));
        return full;
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

    IOException ReadOnlyFile(Exception? inner) => new(
        $"the study database {Path} cannot be written by this user (the file or its folder {System.IO.Path.GetDirectoryName(Path)} is read-only); nothing was changed.", inner);

    /// <inheritdoc/>
    protected override Exception Translate(DbException exception)
    {
        if (exception is not SqliteException sqlite) return exception;
        string folder = System.IO.Path.GetDirectoryName(Path)!;
        string detail = exception.Message.Replace("SQLite Error ", "", StringComparison.Ordinal);
        return sqlite.SqliteErrorCode switch
        {
            8 or 14 when IsReadOnly => new IOException($"cannot read the study database {Path} (SQLite: {detail}); check that this user may read it and, while it has a write-ahead log ({System.IO.Path.GetFileName(Path)}-wal), write its folder {folder}.", exception),
            26 or 11 => new InvalidDataException($"{Path} is not an SQLite study database or is damaged (SQLite: {detail}); point the storage at another file.", exception),
            5 or 6 => new IOException($"the study database {Path} stayed locked by other processes for over {BusySeconds} s; try again when they are done.", exception),
            8 => ReadOnlyFile(exception),
            14 when !File.Exists(Path) => new IOException($"cannot create the study database {Path}: the folder {folder} is not writable by this user.", exception),
            14 => new IOException($"cannot open the study database {Path} (SQLite: {detail}); check that this user may read and write it and its folder {folder}.", exception),
            13 => new IOException($"the disk holding the study database {Path} is full; nothing was changed.", exception),
            10 => new IOException($"the study database {Path} could not be read or written (SQLite: {detail}).", exception),
            _ => exception,
        };
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        base.Dispose();
    }
}
