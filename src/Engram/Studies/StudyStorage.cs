using System.Globalization;
using System.Text.Json;

namespace Engram.Studies;

/// <summary>Opens a study storage from a connection string, and the messages every storage shares.</summary>
public static class StudyStorage
{
    /// <summary>
    /// The storage a connection string names, opened for reading and writing: <c>memory</c>; <c>sqlite:PATH</c> (a file,
    /// created on first use in a folder that must exist; <c>sqlite:PATH?busy_timeout=SECONDS</c> waits that long, default 60,
    /// for other processes' locks); <c>postgresql://user:password@host:port/database</c> (or <c>postgres://…</c>; a server
    /// many machines can reach).
    /// Throws an <see cref="ArgumentException"/> for an unknown or malformed string, a <see cref="DirectoryNotFoundException"/>
    /// for a missing folder, an <see cref="IOException"/> when the server cannot be reached (within a few seconds), the file or
    /// folder cannot be written or the database stays locked, and an <see cref="InvalidDataException"/> for a file that is not
    /// a study database or was written by a newer schema. Nothing is changed when it throws.
    /// </summary>
    public static IStudyStorage Open(string connection) => Parse(connection) switch
    {
        (Kind.Memory, _, _) => new InMemoryStudyStorage(),
        (Kind.Sqlite, string path, int busy) => new SqliteStudyStorage(path, busy),
        (_, string url, _) => new PostgresStudyStorage(url),
    };

    /// <summary>
    /// An existing storage opened so that nothing can write to it, for commands and viewers that only read: every writing
    /// member (<see cref="IStudyStorage.CreateStudy"/>, <see cref="IStudyStorage.DeleteStudy"/>, <see cref="IStudyStorage.ClaimTrial"/>,
    /// <see cref="IStudyStorage.Heartbeat"/>, <see cref="IStudyStorage.ReportIntermediate"/>, <see cref="IStudyStorage.FinishTrial"/>,
    /// <see cref="IStudyStorage.ReleaseTrial"/>) throws an <see cref="InvalidOperationException"/>. <c>sqlite:PATH</c> is opened in
    /// SQLite's read-only mode (no schema created, the file never written; it works on a read-only file in a read-only folder),
    /// <c>postgresql://…</c> in a read-only session. Throws a <see cref="FileNotFoundException"/> when the SQLite file does not
    /// exist (no empty database is created), an <see cref="InvalidDataException"/> when the database holds no study schema
    /// this Engram reads, and an <see cref="ArgumentException"/> for <c>memory</c> (a new memory storage has nothing to read)
    /// and for strings <see cref="Open"/> refuses.
    /// </summary>
    public static IStudyStorage OpenReadOnly(string connection) => Parse(connection) switch
    {
        (Kind.Memory, _, _) => throw new ArgumentException(
            $"the storage '{connection}' is empty when opened, so there is nothing to read; name an sqlite:PATH file or a postgresql:// database.", nameof(connection)),
        (Kind.Sqlite, string path, int busy) => SqliteStudyStorage.OpenReadOnly(path, busy),
        (_, string url, _) => PostgresStudyStorage.OpenReadOnly(url),
    };

    /// <summary>
    /// The folder for a study's artefacts (its best trial's files, <c>trial-K/</c>): under <paramref name="chosen"/> when
    /// given, beside an SQLite file (<c>PATH.artefacts/NAME</c>), else <c>engram-artefacts/NAME</c> in the current folder
    /// (give the workers of every machine the same shared folder).
    /// </summary>
    public static string ArtefactDirectory(IStudyStorage storage, string study, string? chosen = null) =>
        chosen is not null ? Path.GetFullPath(Path.Combine(chosen, study))
        : storage is SqliteStudyStorage sqlite ? sqlite.Path + ".artefacts/" + study
        : Path.GetFullPath(Path.Combine("engram-artefacts", study));

    enum Kind { Memory, Sqlite, Postgres }

    static (Kind Kind, string Target, int BusySeconds) Parse(string connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        string c = connection.Trim();
        if (c == "memory" || c == "memory:") return (Kind.Memory, c, 0);
        if (c.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            string path = c["sqlite:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal)) path = path[2..];
            int busy = SqliteStudyStorage.DefaultBusySeconds;
            var option = System.Text.RegularExpressions.Regex.Match(path, @"\?([^?]*)$");
            if (option.Success && option.Groups[1].Value.Contains('='))
            {
                string[] kv = option.Groups[1].Value.Split('=', 2);
                if (kv[0] != "busy_timeout" || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out busy) || busy < 1)
                    throw new ArgumentException(
                        $"the storage '{connection}' has an unknown or invalid option '{option.Groups[1].Value}'; only busy_timeout=SECONDS (a whole number ≥ 1) is understood.", nameof(connection));
                path = path[..option.Index];
            }
            if (path.Length == 0) throw new ArgumentException($"the storage '{connection}' names no file; write sqlite:PATH, e.g. sqlite:studies.db.", nameof(connection));
            return (Kind.Sqlite, path, busy);
        }
        if (c.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || c.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
            return (Kind.Postgres, c, 0);
        throw new ArgumentException(
            $"unknown storage '{connection}'; use memory, sqlite:PATH or postgresql://user:password@host:port/database.", nameof(connection));
    }

    internal static ArgumentException DifferentStudy(string name, string difference) =>
        new($"a study named '{name}' already exists with {difference}; choose another study name or delete the old study first.");

    internal static ArgumentException NoStudy(string name) => new($"there is no study named '{name}' in this storage.");

    internal static string StaleReason(string? worker, double staleAfter) =>
        $"worker {worker} sent no heartbeat for {staleAfter.ToString("G4", CultureInfo.InvariantCulture)} s; its parameters run again";

    static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Numbers by name as JSON text (non-finite values as "NaN"/"Infinity").</summary>
    internal static string Encode(IReadOnlyDictionary<string, double> values) => JsonSerializer.Serialize(values, Json);

    internal static Dictionary<string, double> Decode(string text) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(text, Json) ?? new Dictionary<string, double>();

    /// <summary>
    /// A stored trial's parameters and system attributes. Databases written before schema version 3 kept the annealed
    /// search's notes (<see cref="AnnealSampler.StageAttribute"/>, <see cref="AnnealSampler.WarmAttribute"/>) among the
    /// parameters; a stored value whose name is not a parameter of the search space is read as a system attribute, so
    /// such studies resume with the same meaning.
    /// </summary>
    internal static (Dictionary<string, double> Parameters, Dictionary<string, double> SystemAttributes) SplitParameters(
        SearchSpace space, Dictionary<string, double> parameters, Dictionary<string, double> systemAttributes)
    {
        foreach (string name in parameters.Keys.Where(n => !space.Parameters.Any(p => p.Name == n)).ToList())
        {
            systemAttributes.TryAdd(name, parameters[name]);
            parameters.Remove(name);
        }
        return (parameters, systemAttributes);
    }
}
