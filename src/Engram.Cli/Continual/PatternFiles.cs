namespace Engram.Cli.Continual;

/// <summary>Reads a user matrix of patterns (rows) for the continual verbs.</summary>
internal static class PatternFiles
{
    /// <summary>The matrix in <paramref name="file"/>; bad files become one clear error naming <paramref name="option"/>.</summary>
    public static double[,] Read(FileInfo file, string option)
    {
        throw new NotSupportedException($"{option}: reading {file.Name} needs Engram.Data (not merged yet)");
    }
}
