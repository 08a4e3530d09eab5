using Engram.Alignment;
using Engram.Data;

namespace Engram.Studies;

/// <summary>
/// Where a representation of a study comes from, so that a worker on any machine reads the same one: a matrix file (an
/// absolute path: on other machines the same path, e.g. a shared folder), how to read it, and the name reports show.
/// </summary>
public sealed record RepresentationFile
{
    /// <summary>The name reports show (default: the file name).</summary>
    public string Name { get; init; } = "";

    /// <summary>Absolute path of a .npy, .npz or .csv matrix.</summary>
    public string Path { get; init; } = "";

    /// <summary>For a .npz archive: the array to read (null: its only array).</summary>
    public string? Key { get; init; }

    /// <summary>Read as an embedding, a dissimilarity matrix, or decided from the matrix; the metric of embeddings; strict validation.</summary>
    public InputSettings Input { get; init; } = new();

    /// <summary>A representation file at <paramref name="path"/> (made absolute), named after the file unless <paramref name="name"/> is given.</summary>
    public static RepresentationFile At(string path, InputSettings? input = null, string? name = null, string? key = null)
    {
        string full = System.IO.Path.GetFullPath(path);
        return new RepresentationFile
        {
            Path = full, Key = key, Input = input ?? new InputSettings(),
            Name = name ?? System.IO.Path.GetFileName(full) + (key is null ? "" : ":" + key),
        };
    }

    /// <summary>Reads and validates the representation (<see cref="Representation.FromMatrix"/>).</summary>
    public Representation Load() => Representation.FromMatrix(Name.Length > 0 ? Name : System.IO.Path.GetFileName(Path), MatrixFile.Read(Path, Key), Input);
}
