namespace Engram.Data;

/// <summary>
/// The small data sets bundled in the repository's <c>data/</c> folder (see its README for
/// provenance): THINGS embeddings and categories, colour dissimilarities, Allen Brain Observatory
/// pseudo-populations and GWTune's simulated embeddings.
/// </summary>
public static class BundledData
{
    /// <summary>Environment variable naming the data folder; it overrides the search.</summary>
    public const string EnvironmentVariable = "ENGRAM_DATA";

    /// <summary>The file at the repository root that marks the folder whose <c>data/</c> is meant.</summary>
    const string RepositoryMarker = "Engram.slnx";

    /// <summary>
    /// The absolute path of the bundled data folder: <c>ENGRAM_DATA</c> when set, else the
    /// <c>data/</c> folder of the repository found by walking up from
    /// <see cref="AppContext.BaseDirectory"/> and then from the current directory, else a
    /// <c>data/</c> folder beside the application.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder was found; the message says where it looked.</exception>
    public static string Directory => TryFindDirectory(out string searched)
        ?? throw new DirectoryNotFoundException(
            $"Engram's bundled data folder was not found: {searched}. "
            + $"Run from inside the Engram repository, or set {EnvironmentVariable} to the folder holding things/, color/, allen/ and simulation/.");

    /// <summary>
    /// The absolute path of the bundled file <paramref name="relative"/> (e.g.
    /// <c>"things/male_embeddings.npy"</c>) under <see cref="Directory"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="relative"/> is empty, rooted or leaves the data folder.</exception>
    /// <exception cref="FileNotFoundException">The folder or the file was not found; the message says where it looked.</exception>
    public static string PathOf(string relative)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relative);
        if (Path.IsPathRooted(relative) || relative.Split('/', '\\').Contains(".."))
            throw new ArgumentException($"'{relative}' must be a path inside the data folder, such as 'things/male_embeddings.npy'.", nameof(relative));
        string directory = TryFindDirectory(out string searched)
            ?? throw new FileNotFoundException(
                $"The bundled data file '{relative}' was not found because the data folder was not found: {searched}. "
                + $"Run from inside the Engram repository, or set {EnvironmentVariable} to the data folder.", relative);
        string path = Path.GetFullPath(Path.Combine(directory, relative));
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The bundled data file '{relative}' is not in {directory} (looked for {path}). "
                + $"Bundled files are listed in {Path.Combine(directory, "README.md")}.", path);
        return path;
    }

    static string? TryFindDirectory(out string searched)
    {
        searched = "";
        string? overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            string full = Path.GetFullPath(overridden);
            searched = $"{EnvironmentVariable} is set to '{overridden}'" + (System.IO.Directory.Exists(full) ? "" : ", which does not exist");
            return System.IO.Directory.Exists(full) ? full : null;
        }
        string[] starts = [AppContext.BaseDirectory, Environment.CurrentDirectory];
        foreach (string start in starts)
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                string data = Path.Combine(folder.FullName, "data");
                if (File.Exists(Path.Combine(folder.FullName, RepositoryMarker)) && System.IO.Directory.Exists(data))
                    return data;
            }
        }
        string beside = Path.Combine(AppContext.BaseDirectory, "data");
        if (System.IO.Directory.Exists(beside))
            return Path.GetFullPath(beside);
        searched = $"no folder holding {RepositoryMarker} and data/ above '{starts[0]}' or '{starts[1]}', and no data/ beside the application";
        return null;
    }
}
