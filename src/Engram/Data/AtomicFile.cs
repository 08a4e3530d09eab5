namespace Engram.Data;

/// <summary>
/// The one way Engram replaces a file or a folder: write a temporary sibling (named "…tmp-&lt;process&gt;-&lt;guid&gt;"), then
/// rename it over the target, so readers (and a later resumed run) see either the old content or the whole new one,
/// never a torn one, and a killed run leaves at most a temporary sibling behind.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, tmp => File.WriteAllText(tmp, text));

    /// <summary>Runs <paramref name="write"/> on a temporary path, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string tmp = TemporarySibling(full);
        try
        {
            write(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> on a new temporary file's stream, flushes it to the disk, then renames it to
    /// <paramref name="path"/>: for files a crash must not lose once written (checkpoints).
    /// </summary>
    public static void WriteDurably(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Write(path, tmp =>
        {
            using var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write);
            write(stream);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>
    /// Runs <paramref name="write"/> on a new temporary folder, then puts it in place of the folder
    /// <paramref name="path"/> (an old one is deleted first, so a reader may briefly find neither, never a partial one).
    /// </summary>
    public static void WriteDirectory(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string tmp = TemporarySibling(full);
        Directory.CreateDirectory(tmp);
        try
        {
            write(tmp);
            if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
            Directory.Move(tmp, full);
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        }
    }

    /// <summary>Whether <paramref name="path"/> is a temporary sibling of a write in progress (or of a killed one).</summary>
    public static bool IsTemporary(string path) => Path.GetFileName(path).Contains(TemporaryMarker, StringComparison.Ordinal);

    const string TemporaryMarker = ".tmp-";

    static string TemporarySibling(string full) => $"{full}{TemporaryMarker}{Environment.ProcessId}-{Guid.NewGuid():N}";
}
