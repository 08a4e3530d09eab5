using System.Globalization;
using System.Text.Json;

namespace Engram.Studies;

/// <summary>Opens a study storage from a connection string, and the messages every storage shares.</summary>
public static class StudyStorage
{
    /// <summary>
    /// The storage a connection string names: <c>memory</c>; <c>sqlite:PATH</c> (a file, created on first use);
    /// <c>postgresql://user:password@host:port/database</c> (or <c>postgres://…</c>; a server many machines can reach).
    /// Throws an <see cref="ArgumentException"/> for an unknown or malformed string, an <see cref="IOException"/> when the
    /// server cannot be reached (within a few seconds) and an <see cref="InvalidDataException"/> for a file that is not a
    /// study database or was written by a newer schema.
    /// </summary>
    public static IStudyStorage Open(string connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        string c = connection.Trim();
        if (c == "memory" || c == "memory:") return new InMemoryStudyStorage();
        if (c.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            string path = c["sqlite:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal)) path = path[2..];
            if (path.Length == 0) throw new ArgumentException($"the storage '{connection}' names no file; write sqlite:PATH, e.g. sqlite:studies.db.", nameof(connection));
            return new SqliteStudyStorage(path);
        }
        if (c.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || c.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
            return new PostgresStudyStorage(c);
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
}
