using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Engram.Studies;

namespace Engram.Web;

/// <summary>Thrown when the storage cannot be read now (its file is gone, its server is down); the message says which and is safe to show.</summary>
public sealed class StorageUnavailableException(string message) : Exception(message);

/// <summary>
/// The dashboard's only way to the studies: reads (names, one study), never a write. Every read goes through a short cache,
/// so that any number of open pages checking for changes cost one storage read per study a second. A database that vanished
/// or a server that went away is reported as <see cref="StorageUnavailableException"/>; the next read opens the storage again.
/// </summary>
public sealed partial class StudySource : IDisposable
{
    readonly string connection;
    readonly string? sqlitePath;
    readonly TimeSpan maxAge;
    readonly Lock gate = new();
    readonly ConcurrentDictionary<string, (DateTime At, StudySnapshot? Study)> studies = new(StringComparer.Ordinal);
    (DateTime At, IReadOnlyList<string> Names)? names;
    IStudyStorage? storage;

    /// <summary>
    /// Opens <paramref name="connection"/> for reading. Throws an <see cref="ArgumentException"/> for a storage the dashboard
    /// cannot show (memory, malformed), and the storage's own exceptions when it cannot be opened; an SQLite file must exist
    /// (the dashboard never creates one).
    /// </summary>
    public StudySource(string connection, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(connection);
        this.connection = connection.Trim();
        this.maxAge = maxAge;
        if (this.connection is "memory" or "memory:")
            throw new ArgumentException("the storage 'memory' lives inside one process and holds nothing to show; give the sqlite:PATH or postgresql://… the workers use.", nameof(connection));
        sqlitePath = SqlitePath(this.connection);
        if (sqlitePath is not null && !File.Exists(sqlitePath))
            throw new ArgumentException($"there is no study database at {sqlitePath}; give the sqlite:PATH the workers write to.", nameof(connection));
        storage = Open(this.connection);
        Description = Scrub(storage.Description);
    }

    /// <summary>The one place the dashboard opens a storage: read-only (SQLite in read-only mode, a read-only PostgreSQL session).</summary>
    static IStudyStorage Open(string connection) => StudyStorage.OpenReadOnly(connection);

    /// <summary>The storage as shown on every page (no password).</summary>
    public string Description { get; }

    /// <summary>The SQLite file, or null for a server.</summary>
    public string? SqliteFile => sqlitePath;

    /// <summary>Names of all studies, sorted.</summary>
    public IReadOnlyList<string> Names()
    {
        lock (gate)
        {
            if (names is { } cached && DateTime.UtcNow - cached.At < maxAge) return cached.Names;
            IReadOnlyList<string> read = Read(s => s.StudyNames());
            names = (DateTime.UtcNow, read);
            return read;
        }
    }

    /// <summary>The study named <paramref name="name"/>, or null when the storage holds none of that name (any more).</summary>
    public StudySnapshot? Load(string name)
    {
        if (studies.TryGetValue(name, out var cached) && DateTime.UtcNow - cached.At < maxAge) return cached.Study;
        StudySnapshot? study = Read(s => s.LoadStudy(name));
        studies[name] = (DateTime.UtcNow, study);
        if (studies.Count > 1000) studies.Clear();   // names of deleted studies must not pile up
        return study;
    }

    T Read<T>(Func<IStudyStorage, T> read)
    {
        if (sqlitePath is not null && !File.Exists(sqlitePath))
        {
            Close();   // a connection to a deleted file would create a new, empty one
            throw new StorageUnavailableException($"the study database {sqlitePath} is gone (deleted or moved); the dashboard shows it again once it is back.");
        }
        IStudyStorage s;
        lock (gate) s = storage ??= Open(connection);
        try
        {
            return read(s);
        }
        catch (Exception e) when (e is DbException or IOException or InvalidDataException or InvalidOperationException)
        {
            Close();
            throw new StorageUnavailableException($"the storage {Description} cannot be read now: {Scrub(e.Message)}");
        }
    }

    void Close()
    {
        lock (gate)
        {
            storage?.Dispose();
            storage = null;
        }
    }

    /// <summary>Text with the storage's password (if its connection string has one) replaced by ***: for pages and logs.</summary>
    public string Scrub(string text)
    {
        Match m = Password().Match(connection);
        if (!m.Success || m.Groups[1].Value.Length == 0) return text;
        string password = m.Groups[1].Value;
        return text.Replace(connection, Description, StringComparison.Ordinal)
            .Replace(password, "***", StringComparison.Ordinal)
            .Replace(Uri.UnescapeDataString(password), "***", StringComparison.Ordinal);
    }

    [GeneratedRegex("^[a-zA-Z]+://[^:/@]*:([^@]*)@")]
    private static partial Regex Password();

    /// <summary>The full path of the file an <c>sqlite:PATH</c> connection names (as <see cref="StudyStorage.Open"/> reads it), else null.</summary>
    static string? SqlitePath(string connection)
    {
        if (!connection.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)) return null;
        string path = connection["sqlite:".Length..];
        if (path.StartsWith("//", StringComparison.Ordinal)) path = path[2..];
        return path.Length == 0 ? null : Path.GetFullPath(path);
    }

    /// <inheritdoc/>
    public void Dispose() => Close();
}
