namespace Engram.Tests;

/// <summary>
/// The one way tests read the workplace's shared data folder (<c>shared/data</c>, beside the
/// repository, holding the original copies of public data sets). Tests that need it call
/// <see cref="PathOrSkip"/> and are skipped, with the reason, where the folder is absent.
/// </summary>
public static class SharedData
{
    /// <summary>Environment variable naming the shared data folder; it overrides the search.</summary>
    public const string EnvironmentVariable = "ENGRAM_SHARED_DATA";

    /// <summary>
    /// The shared data folder: <c>ENGRAM_SHARED_DATA</c> when set, else the first <c>shared/data</c>
    /// folder found walking up from the test output folder, then from the current directory; null
    /// when there is none.
    /// </summary>
    public static string? Root => Find(out _);

    /// <summary>
    /// The full path of <paramref name="relative"/> (e.g. <c>"gwot/things/male_embeddings.npy"</c>)
    /// in the shared data folder; skips the calling test, saying why, when the folder or the file
    /// is not there.
    /// </summary>
    public static string PathOrSkip(string relative)
    {
        string? root = Find(out string searched);
        if (root is null)
            Assert.Skip($"The shared data folder was not found ({searched}); this test compares against the original public data there.");
        string path = Path.Combine(root, relative);
        if (!File.Exists(path))
            Assert.Skip($"The shared data folder {root} has no {relative}; this test needs that original file.");
        return path;
    }

    static string? Find(out string searched)
    {
        string? overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            searched = $"{EnvironmentVariable} is set to '{overridden}', which is not a folder";
            return Directory.Exists(overridden) ? Path.GetFullPath(overridden) : null;
        }
        string[] starts = [AppContext.BaseDirectory, Environment.CurrentDirectory];
        foreach (string start in starts)
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, "shared", "data");
                if (Directory.Exists(candidate))
                {
                    searched = "";
                    return candidate;
                }
            }
        }
        searched = $"no shared/data above {starts[0]} or {starts[1]}, and {EnvironmentVariable} is not set";
        return null;
    }
}
