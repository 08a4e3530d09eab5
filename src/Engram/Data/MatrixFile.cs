namespace Engram.Data;

/// <summary>Reads a matrix from whichever file format it is in, chosen by the file's extension.</summary>
public static class MatrixFile
{
    /// <summary>
    /// Reads a 2-D array from a .npy file, a .npz archive (its single array, or the one named
    /// <paramref name="key"/>) or a .csv/.tsv/.txt file (see <see cref="CsvMatrix.Read"/>). Leading
    /// axes of length 1 are dropped, so a (1, 1854, 90) array gives a 1854 x 90 matrix.
    /// </summary>
    /// <param name="path">The file; its extension (any case) picks the format.</param>
    /// <param name="key">For .npz: the array to read; may be left out when the archive holds one array.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is unreadable, not 2-D, the key is missing or
    /// ambiguous, or the extension is unknown; the message names the file.</exception>
    public static double[,] Read(string path, string? key = null)
    {
        DataFile.RequireFile(path, "matrix file");
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (key is not null && extension != ".npz")
            throw new ArgumentException($"a key ('{key}') only selects an array in a .npz archive, but '{path}' is a {extension} file.", nameof(key));
        return extension switch
        {
            ".npy" => Npy.Read(path).ToMatrix($"'{path}'"),
            ".npz" => ReadFromArchive(path, key),
            ".csv" or ".tsv" or ".txt" => CsvMatrix.Read(path),
            _ => throw new InvalidDataException(
                $"'{path}' has the extension '{extension}'; Engram reads matrices from .npy, .npz and .csv (.tsv, .txt) files. "
                + "Rename it if it is one of those, or save it with numpy.save."),
        };
    }

    /// <summary>
    /// Splits <c>archive.npz:key</c> into the archive's path and the key; any other argument (including an existing file
    /// whose name holds a colon) is a path without a key.
    /// </summary>
    public static (string Path, string? Key) SplitKey(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        int colon = argument.LastIndexOf(':');
        if (colon <= 0 || File.Exists(argument)) return (argument, null);
        string path = argument[..colon];
        return path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase) ? (path, argument[(colon + 1)..]) : (argument, null);
    }

    static double[,] ReadFromArchive(string path, string? key)
    {
        var arrays = Npz.Read(path);
        string keys = arrays.Count == 0 ? "no arrays" : "the arrays " + string.Join(", ", arrays.Keys.Select(k => $"'{k}'"));
        if (key is null)
        {
            if (arrays.Count != 1)
                throw new InvalidDataException($"'{path}' holds {keys}; say which one to read (the key).");
            var (onlyKey, array) = arrays.Single();
            return array.ToMatrix($"'{path}' (array '{onlyKey}')");
        }
        return arrays.TryGetValue(key, out var chosen)
            ? chosen.ToMatrix($"'{path}' (array '{key}')")
            : throw new InvalidDataException($"'{path}' has no array '{key}'; it holds {keys}.");
    }
}
