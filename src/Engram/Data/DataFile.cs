namespace Engram.Data;

/// <summary>Opening data files with errors that name the file and say what to do.</summary>
internal static class DataFile
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading. A missing file gives a
    /// <see cref="FileNotFoundException"/> naming the path as given and in full.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="kind">What the file should be, for the message: ".npy file", "CSV file".</param>
    /// <param name="buffered">False for callers that read in large chunks themselves (saves a 4 KiB buffer and a copy).</param>
    public static FileStream OpenRead(string path, string kind, bool buffered = true)
    {
        RequireFile(path, kind);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: buffered ? 4096 : 0);
    }

    /// <summary>Throws <see cref="FileNotFoundException"/> unless <paramref name="path"/> is an existing file.</summary>
    public static void RequireFile(string path, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
            return;
        string full = Path.GetFullPath(path);
        string problem = Directory.Exists(path) ? "is a folder, not a file" : "does not exist";
        throw new FileNotFoundException($"The {kind} '{path}' {problem} (full path: {full}).", path);
    }

    /// <summary>
    /// The text lines of <paramref name="path"/> (UTF-8, a byte-order mark is dropped), with their
    /// 1-based line numbers, leaving out lines that are empty or only white space.
    /// Throws <see cref="InvalidDataException"/> when nothing but white space is in the file.
    /// </summary>
    public static List<(int Number, string Text)> ReadNonBlankLines(string path, string kind, string expected)
    {
        RequireFile(path, kind);
        var lines = new List<(int, string)>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
                lines.Add((number, line));
        }
        if (lines.Count == 0)
            throw new InvalidDataException($"The {kind} '{path}' is empty; expected {expected}.");
        return lines;
    }
}
