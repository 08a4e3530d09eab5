namespace Engram.Alignment;

/// <summary>
/// Dissimilarity matrices: built from embeddings, and validated at the boundary so the solver can
/// trust them (square, finite, non-negative, zero diagonal, symmetric).
/// </summary>
public static class Dissimilarity
{
    /// <summary>Largest asymmetry |Dᵢⱼ − Dⱼᵢ| / max|D| that is repaired (by averaging) rather than rejected.</summary>
    public const double RepairableAsymmetry = 1e-6;

    /// <summary>
    /// Pairwise dissimilarities of the rows of <paramref name="embedding"/> (n × d), computed directly in
    /// float64 (not through ‖x‖² + ‖y‖² − 2x·y, whose cancellation loses digits for close points).
    /// </summary>
    /// <exception cref="ArgumentException">Empty or non-finite embedding; entries so large that the distances overflow;
    /// a zero row under cosine; a constant row under correlation.</exception>
    public static double[,] FromEmbedding(double[,] embedding, DissimilarityMetric metric, string name = "embedding")
    {
        ArgumentNullException.ThrowIfNull(embedding);
        int n = embedding.GetLength(0), d = embedding.GetLength(1);
        if (n < 2 || d < 1)
            throw new ArgumentException($"{name} must have at least 2 rows (items) and 1 column (dimension); got {n} × {d}.", nameof(embedding));
        var x = new double[n][];
        for (int i = 0; i < n; i++)
        {
            x[i] = new double[d];
            for (int k = 0; k < d; k++)
            {
                double v = embedding[i, k];
                if (!double.IsFinite(v))
                    throw new ArgumentException($"{name}[{i}, {k}] is {v}; embeddings must be finite. Remove or impute the item.", nameof(embedding));
                x[i][k] = v;
            }
        }
        if (metric is DissimilarityMetric.Cosine or DissimilarityMetric.Correlation)
            Normalise(x, centre: metric == DissimilarityMetric.Correlation, name, metric);

        var result = new double[n, n];
        Parallel.For(0, n, i =>
        {
            double[] xi = x[i];
            for (int j = i + 1; j < n; j++)
            {
                double[] xj = x[j];
                double value;
                if (metric is DissimilarityMetric.Euclidean or DissimilarityMetric.SqEuclidean)
                {
                    double s = 0;
                    for (int k = 0; k < d; k++) { double diff = xi[k] - xj[k]; s += diff * diff; }
                    value = metric == DissimilarityMetric.Euclidean ? Math.Sqrt(s) : s;
                }
                else
                {
                    double dot = 0;
                    for (int k = 0; k < d; k++) dot += xi[k] * xj[k];
                    value = Math.Max(0, 1 - dot);
                }
                result[i, j] = value;
                result[j, i] = value;
            }
        });
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (!double.IsFinite(result[i, j]))
                    throw Overflow(name, metric, $"the distance of rows {i} and {j}");
        return result;
    }

    static ArgumentException Overflow(string name, DissimilarityMetric metric, string what) =>
        new($"{name}: {what} overflows double precision under the {metric.ToString().ToLowerInvariant()} metric (entries too large); " +
            "rescale the embedding, e.g. divide it by its largest absolute value.", "embedding");

    static void Normalise(double[][] x, bool centre, string name, DissimilarityMetric metric)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double[] row = x[i];
            if (centre)
            {
                double mean = row.Average();
                for (int k = 0; k < row.Length; k++) row[k] -= mean;
            }
            double norm = Math.Sqrt(row.Sum(v => v * v));
            if (double.IsPositiveInfinity(norm) || double.IsNaN(norm))
                throw Overflow(name, metric, $"the norm of row {i}");
            if (!(norm > 0))
                throw new ArgumentException(
                    $"{name} row {i} is {(centre ? "constant" : "all zeros")}, so its {metric.ToString().ToLowerInvariant()} dissimilarity is undefined; remove the item or use --metric euclidean.");
            for (int k = 0; k < row.Length; k++) row[k] /= norm;
        }
    }

    /// <summary>
    /// Checks a given dissimilarity matrix and returns a clean copy: square, at least 2 × 2, finite,
    /// non-negative, with a zero diagonal expected (|Dᵢᵢ| ≤ 1e-8·max|D| is set to 0; larger diagonal entries, as in
    /// rated data, are kept and reported in <paramref name="warnings"/>), symmetric (asymmetry up to
    /// <see cref="RepairableAsymmetry"/> relative is averaged away and reported in <paramref name="warnings"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Says which entry breaks which rule and what to do.</exception>
    public static double[,] Validate(double[,] matrix, string name, out IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var notes = new List<string>();
        int n = matrix.GetLength(0);
        if (n != matrix.GetLength(1))
            throw new ArgumentException($"{name} must be a square dissimilarity matrix; got {n} × {matrix.GetLength(1)}. If it holds embeddings, pass --input embedding.");
        if (n < 2)
            throw new ArgumentException($"{name} must compare at least 2 items; got {n} × {n}.");
        double max = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double v = matrix[i, j];
                if (!double.IsFinite(v))
                    throw new ArgumentException($"{name}[{i}, {j}] is {v}; dissimilarities must be finite.");
                if (v < 0)
                    throw new ArgumentException($"{name}[{i}, {j}] = {v} is negative; dissimilarities must be ≥ 0 (pass similarities through 1 − s or a distance).");
                max = Math.Max(max, v);
            }
        if (max == 0)
            throw new ArgumentException($"{name} is all zeros: every item is identical, so there is no structure to align.");

        var clean = new double[n, n];
        double worstAsymmetry = 0;
        int worstI = 0, worstJ = 0;
        int nonZeroDiagonal = 0;
        double largestDiagonal = 0;
        for (int i = 0; i < n; i++)
        {
            if (matrix[i, i] > 1e-8 * max) { nonZeroDiagonal++; largestDiagonal = Math.Max(largestDiagonal, matrix[i, i]); }
            clean[i, i] = matrix[i, i] > 1e-8 * max ? matrix[i, i] : 0;
            for (int j = i + 1; j < n; j++)
            {
                double a = matrix[i, j], b = matrix[j, i];
                double asymmetry = Math.Abs(a - b) / max;
                if (asymmetry > worstAsymmetry) (worstAsymmetry, worstI, worstJ) = (asymmetry, i, j);
                clean[i, j] = clean[j, i] = 0.5 * (a + b);
            }
        }
        if (worstAsymmetry > RepairableAsymmetry)
            throw new ArgumentException(
                $"{name} is not symmetric: [{worstI}, {worstJ}] = {matrix[worstI, worstJ]} but [{worstJ}, {worstI}] = {matrix[worstJ, worstI]}. " +
                "Symmetrise it first, e.g. (D + Dᵀ)/2, if that is what you mean.");
        if (nonZeroDiagonal > 0)
            notes.Add($"{name}: {nonZeroDiagonal} diagonal entries are not 0 (largest {largestDiagonal:G4}); kept as given, as POT and GWTune do " +
                      "(rated self-dissimilarities are often noisy), but check that the matrix holds dissimilarities, not similarities.");
        if (worstAsymmetry > 0)
            notes.Add($"{name}: asymmetry up to {worstAsymmetry:G3} (relative) repaired by averaging D and Dᵀ.");
        warnings = notes;
        return clean;
    }
}
