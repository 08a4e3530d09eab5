using Engram.Data;

namespace Engram.Cli.Continual;

/// <summary>Reads a user matrix of patterns (rows) for the continual verbs.</summary>
internal static class PatternFiles
{
    /// <summary>
    /// The matrix in <paramref name="file"/> (.npy, .npz with one array, .csv/.tsv/.txt); a non-finite entry is
    /// bad input naming <paramref name="option"/>, the position and the value.
    /// </summary>
    public static double[,] Read(FileInfo file, string option)
    {
        double[,] m = MatrixFile.Read(file.FullName);
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++)
                if (!double.IsFinite(m[i, j]))
                    throw new ArgumentException($"{option}: '{file.Name}' holds {m[i, j]} at row {i}, column {j}; every pattern entry must be finite.");
        if (m.GetLength(0) == 0 || m.GetLength(1) == 0)
            throw new ArgumentException($"{option}: '{file.Name}' is an empty {m.GetLength(0)} × {m.GetLength(1)} matrix; it needs at least one pattern.");
        return m;
    }
}
