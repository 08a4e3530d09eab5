using System.Diagnostics;
using Engram.Data;

namespace Engram.Alignment;

/// <summary>How a matrix given to the alignment is to be read.</summary>
public enum InputKind
{
    /// <summary>Square, symmetric (to <see cref="Dissimilarity.RepairableAsymmetry"/>) and non-negative up to float noise: a dissimilarity matrix; otherwise an embedding.</summary>
    Auto,

    /// <summary>Items × dimensions.</summary>
    Embedding,

    /// <summary>Items × items.</summary>
    Dissimilarity,
}

/// <summary>How the two input matrices become representations (the first stage of the pipeline).</summary>
public sealed record InputSettings
{
    /// <summary>How to read each matrix.</summary>
    public InputKind Input { get; init; } = InputKind.Auto;

    /// <summary>Dissimilarity of embeddings.</summary>
    public DissimilarityMetric Metric { get; init; } = DissimilarityMetric.Euclidean;

    /// <summary>
    /// Refuse any negative entry or non-zero diagonal of a given dissimilarity matrix, instead of setting float noise
    /// below <see cref="Dissimilarity.FloatNoise"/> × the largest entry to zero.
    /// </summary>
    public bool Strict { get; init; }
}

/// <summary>
/// The two validated sides of an alignment and what is known about their items. Built once by <see cref="Prepare"/>
/// (validation and dissimilarities cost O(n² d)) and reusable by many <see cref="AlignmentPipeline.Run"/> calls, as a
/// study's trials do.
/// </summary>
/// <param name="First">The first representation (rows of the plan).</param>
/// <param name="Second">The second representation (columns of the plan).</param>
/// <param name="Categories">Category of every item, same order on both sides, or null.</param>
/// <param name="PrepareSeconds">Wall-clock seconds <see cref="Prepare"/> took.</param>
public sealed record AlignmentInputs(Representation First, Representation Second, CategoryTable? Categories, double PrepareSeconds)
{
    /// <summary>Whether the first side was read as an embedding or a dissimilarity matrix.</summary>
    public InputKind FirstKind => First.Embedding is null ? InputKind.Dissimilarity : InputKind.Embedding;

    /// <summary>Whether the second side was read as an embedding or a dissimilarity matrix.</summary>
    public InputKind SecondKind => Second.Embedding is null ? InputKind.Dissimilarity : InputKind.Embedding;

    /// <summary>
    /// Reads <paramref name="first"/> and <paramref name="second"/> as <paramref name="settings"/> say, builds or validates
    /// their dissimilarity matrices, and checks that <paramref name="categories"/> has one row per item.
    /// </summary>
    /// <exception cref="ArgumentException">Any input rule broken; the message says which and what to do.</exception>
    public static AlignmentInputs Prepare(string firstName, double[,] first, string secondName, double[,] second,
        InputSettings? settings = null, CategoryTable? categories = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        settings ??= new InputSettings();
        var clock = Stopwatch.StartNew();
        Representation x = Representation.FromMatrix(firstName, first, settings), y = Representation.FromMatrix(secondName, second, settings);
        if (categories is not null && (categories.ItemCount != x.Size || categories.ItemCount != y.Size))
            throw new ArgumentException($"{categories.Source} has {categories.ItemCount} rows but the representations have {x.Size} and {y.Size} items; " +
                                        "it needs one row per item, in the same order.", nameof(categories));
        return new AlignmentInputs(x, y, categories, clock.Elapsed.TotalSeconds);
    }
}
