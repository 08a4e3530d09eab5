using System.IO.Compression;

namespace Engram.Data;

/// <summary>
/// Reads and writes numpy's .npz archives: a zip file holding one .npy file per array, as written by
/// <c>numpy.savez</c> (members stored) and <c>numpy.savez_compressed</c> (members deflated).
/// </summary>
public static class Npz
{
    /// <summary>Deflate expands data at most about 1032-fold; a member claiming more is damaged.</summary>
    const long MaxDeflateRatio = 1100;

    /// <summary>
    /// The arrays in the archive at <paramref name="path"/>, keyed by member name without ".npy"
    /// (so <c>numpy.savez(f, weights=w)</c> gives the key "weights"), in archive order.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a zip archive of .npy files; the message names it.</exception>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        using var stream = DataFile.OpenRead(path, ".npz file");
        if (stream.Length == 0)
            throw Invalid(path, "is empty (0 bytes)");
        var (zip, entries) = OpenArchive(stream, path);
        using var _ = zip;
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.FullName.EndsWith('/'))
                continue;                                                       // a folder entry
            string key = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
            if (!arrays.TryAdd(key, ReadMember(entry, path, stream.Length)))
                throw Invalid(path, $"holds two members named '{key}'");
        }
        return arrays;
    }

    /// <summary>
    /// Writes <paramref name="arrays"/> to <paramref name="path"/> as an uncompressed archive that
    /// <c>numpy.load</c> reads; each array is stored as its <see cref="NpyArray.SourceType"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A key is empty, or a value does not fit its source type.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, NpyArray> arrays) => Write(path, arrays, compress: false);

    /// <summary>
    /// Writes <paramref name="arrays"/> to <paramref name="path"/>, deflating the members when
    /// <paramref name="compress"/> is true (like <c>numpy.savez_compressed</c>). Each array is stored
    /// as its <see cref="NpyArray.SourceType"/>; entries carry a fixed date so the same arrays give
    /// the same bytes.
    /// </summary>
    /// <exception cref="ArgumentException">A key is empty, or a value does not fit its source type.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, NpyArray> arrays, bool compress)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(arrays);
        foreach (var (key, array) in arrays)
        {
            if (string.IsNullOrEmpty(key))
                throw new ArgumentException("every array needs a non-empty key (the member name).", nameof(arrays));
            Npy.CheckRepresentable(array, array.SourceType);
        }
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (key, array) in arrays)
        {
            var entry = zip.CreateEntry(key + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var member = entry.Open();
            Npy.Write(member, array, array.SourceType);
        }
    }

    /// <summary>
    /// Opens the archive and reads its central directory (which <see cref="ZipArchive"/> does lazily,
    /// on first use of <see cref="ZipArchive.Entries"/>), so that damage to either surfaces here.
    /// </summary>
    static (ZipArchive Zip, IReadOnlyCollection<ZipArchiveEntry> Entries) OpenArchive(Stream stream, string path)
    {
        ZipArchive? zip = null;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            return (zip, zip.Entries);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            zip?.Dispose();
            throw Invalid(path, $"is not a valid .npz (zip) archive ({e.Message})", e);
        }
    }

    static NpyArray ReadMember(ZipArchiveEntry entry, string path, long fileLength)
    {
        string name = $"{path}:{entry.FullName}";
        // Bound what a damaged size field can make the reader allocate.
        long available = Math.Min(entry.Length, Math.Clamp(entry.CompressedLength, 0, fileLength) * MaxDeflateRatio + 4096);
        try
        {
            using var member = entry.Open();
            return Npy.Read(member, name, available);
        }
        catch (InvalidDataException e) when (e.Message.StartsWith($"'{name}'", StringComparison.Ordinal))
        {
            throw;                                                              // the .npy reader's own message
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            throw Invalid(path, $"has a damaged member '{entry.FullName}' ({e.Message})", e);
        }
    }

    static InvalidDataException Invalid(string path, string problem, Exception? inner = null)
        => new($"'{path}' {problem}; save it again with numpy.savez or numpy.savez_compressed.", inner);
}
