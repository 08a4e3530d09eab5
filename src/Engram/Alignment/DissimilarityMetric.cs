namespace Engram.Alignment;

/// <summary>How a dissimilarity matrix is built from embeddings (rows are items), as scipy's <c>cdist</c> names them.</summary>
public enum DissimilarityMetric
{
    /// <summary>‖xᵢ − xⱼ‖₂ (GWTune's choice for THINGS and AllenBrain).</summary>
    Euclidean,

    /// <summary>‖xᵢ − xⱼ‖₂²: a rank ≤ d + 2 matrix, so GW products cost O(n²d).</summary>
    SqEuclidean,

    /// <summary>1 − xᵢ·xⱼ / (‖xᵢ‖ ‖xⱼ‖).</summary>
    Cosine,

    /// <summary>1 − Pearson correlation of xᵢ and xⱼ (cosine of the centred rows).</summary>
    Correlation,
}
