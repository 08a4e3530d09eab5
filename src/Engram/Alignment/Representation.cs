namespace Engram.Alignment;

/// <summary>
/// One side of an alignment: the dissimilarity structure of a set of items (GWTune's Representation),
/// with the embedding it came from when there is one (needed for k-NN after Procrustes and the low-rank path).
/// </summary>
/// <param name="Name">Shown in reports, e.g. "THINGS male".</param>
/// <param name="Dissimilarity">Validated n × n dissimilarity matrix.</param>
/// <param name="Embedding">Items × dimensions, when the matrix was built from one.</param>
/// <param name="Metric">The metric used to build it, when built from an embedding.</param>
/// <param name="Warnings">Repairs made while validating (e.g. tiny asymmetry averaged).</param>
public sealed record Representation(string Name, double[,] Dissimilarity, double[,]? Embedding, DissimilarityMetric? Metric,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Number of items.</summary>
    public int Size => Dissimilarity.GetLength(0);

    /// <summary>Builds the dissimilarities of <paramref name="embedding"/>'s rows with <paramref name="metric"/>.</summary>
    public static Representation FromEmbedding(string name, double[,] embedding, DissimilarityMetric metric) =>
        new(name, Alignment.Dissimilarity.FromEmbedding(embedding, metric, name), embedding, metric, []);

    /// <summary>Takes a given dissimilarity matrix after validating it (<see cref="Alignment.Dissimilarity.Validate"/>).</summary>
    public static Representation FromDissimilarity(string name, double[,] dissimilarity, bool strict = false)
    {
        double[,] clean = Alignment.Dissimilarity.Validate(dissimilarity, name, out var warnings, strict);
        return new Representation(name, clean, null, null, warnings);
    }

    /// <summary>
    /// A matrix read as <paramref name="settings"/> say: a dissimilarity matrix (validated) or an embedding (its
    /// dissimilarities built with the metric); <see cref="InputKind.Auto"/> decides by <see cref="Alignment.Dissimilarity.LooksLikeDissimilarity"/>.
    /// </summary>
    public static Representation FromMatrix(string name, double[,] matrix, InputSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        bool dissimilarity = settings.Input switch
        {
            InputKind.Dissimilarity => true,
            InputKind.Embedding => false,
            _ => Alignment.Dissimilarity.LooksLikeDissimilarity(matrix),
        };
        return dissimilarity ? FromDissimilarity(name, matrix, settings.Strict) : FromEmbedding(name, matrix, settings.Metric);
    }

    /// <summary>Low-rank factors when the metric admits them (squared euclidean), else null.</summary>
    public LowRankFactors? Factors() =>
        Metric == DissimilarityMetric.SqEuclidean && Embedding is not null ? LowRankFactors.SqEuclidean(Embedding) : null;
}
