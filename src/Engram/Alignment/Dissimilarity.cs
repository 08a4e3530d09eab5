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
    /// Largest magnitude, relative to the largest entry, of a negative entry or a diagonal entry that is taken for float
    /// noise and set to 0. 1 − cos computed in float32 (numpy, torch) is off by a few float32 epsilons (1.2e-7) times
    /// the entries' scale, e.g. −2.4e-7 and a diagonal of ±7e-7 for a matrix whose largest entry is about 1; 1e-5 leaves a
    /// margin of about 10 over that while any real violation (a similarity matrix, a sign error) is far larger.
    /// </summary>
    public const double FloatNoise = 1e-5;

    /// <summary>Float64 rounding residue (relative to the largest entry) that is set to 0 without a note.</summary>
    const double SilentResidue = 1e-8;

    /// <summary>
    /// Whether <paramref name="m"/> reads as a dissimilarity matrix: at least 2 × 2, square, finite, non-negative up to
    /// <see cref="FloatNoise"/> and symmetric up to <see cref="RepairableAsymmetry"/> (both relative to the largest entry).
    /// </summary>
    public static bool LooksLikeDissimilarity(double[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        int n = m.GetLength(0);
        if (n != m.GetLength(1) || n < 2) return false;
        double max = 0;
        foreach (double v in m)
        {
            if (!double.IsFinite(v)) return false;
            max = Math.Max(max, v);
        }
        foreach (double v in m)
            if (v < -FloatNoise * max) return false;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (Math.Abs(m[i, j] - m[j, i]) > RepairableAsymmetry * max) return false;
        return true;
    }

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
                    $"{name} row {i} is {(centre ? "constant" : "all zeros")}, so its {metric.ToString().ToLowerInvariant()} dissimilarity is undefined; remove the item or use the euclidean metric.", nameof(DissimilarityMetric));
            for (int k = 0; k < row.Length; k++) row[k] /= norm;
        }
    }

    /// <summary>
    /// Checks a given dissimilarity matrix and returns a clean copy: square, at least 2 × 2, finite, non-negative, with a
    /// zero diagonal expected, symmetric. Float noise is repaired and reported in <paramref name="warnings"/> (one line per
    /// rule): negative entries and diagonal entries of magnitude up to <see cref="FloatNoise"/> × the largest entry are
    /// set to 0 (silently below 1e-8 × the largest entry, float64 rounding residue); asymmetry up to <see cref="RepairableAsymmetry"/> relative is averaged away. Larger positive diagonal
    /// entries, as in rated data, are kept, as POT and GWTune keep them, with a note. With <paramref name="strict"/> every
    /// negative entry, non-zero diagonal entry and asymmetry is refused instead.
    /// </summary>
    /// <exception cref="ArgumentException">Says which entry breaks which rule, the tolerance, and what to do.</exception>
    public static double[,] Validate(double[,] matrix, string name, out IReadOnlyList<string> warnings, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var notes = new List<string>();
        int n = matrix.GetLength(0);
        if (n != matrix.GetLength(1))
            throw new ArgumentException($"{name} must be a square dissimilarity matrix; got {n} × {matrix.GetLength(1)}. If it holds embeddings, read it as an embedding.", nameof(InputKind));
        if (n < 2)
            throw new ArgumentException($"{name} must compare at least 2 items; got {n} × {n}.");
        double max = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double v = matrix[i, j];
                if (!double.IsFinite(v))
                    throw new ArgumentException($"{name}[{i}, {j}] is {v}; dissimilarities must be finite.");
                max = Math.Max(max, v);
            }
        if (max == 0)
            throw new ArgumentException($"{name} is all zeros or negative: there is no structure to align.");

        double noise = strict ? 0 : FloatNoise * max;
        var clean = new double[n, n];
        int repaired = 0, keptDiagonal = 0;
        double largestRepair = 0, largestKept = 0, worstAsymmetry = 0, mostNegative = 0;
        int worstI = 0, worstJ = 0, negI = -1, negJ = -1;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double v = matrix[i, j];
                if (v < -noise && v < mostNegative) (mostNegative, negI, negJ) = (v, i, j);
                if (Math.Abs(v) > SilentResidue * max && (i == j || v < 0) && Math.Abs(v) <= noise) { repaired++; largestRepair = Math.Max(largestRepair, Math.Abs(v)); }
            }
        if (negI >= 0)
            throw new ArgumentException(
                $"{name}[{negI}, {negJ}] = {mostNegative:G6} is negative{(strict ? "" : $", beyond the float-noise tolerance {noise:G3} (= {FloatNoise:G2} × the largest entry {max:G6})")}; " +
                "dissimilarities must be ≥ 0 (pass similarities through 1 − s or a distance).");
        for (int i = 0; i < n; i++)
        {
            double d = matrix[i, i];
            if (strict && d != 0)
                throw new ArgumentException($"{name}[{i}, {i}] = {d:G6}: the diagonal must be 0 (strict checking refuses any non-zero entry).");
            if (d < -noise)
                throw new ArgumentException($"{name}[{i}, {i}] = {d:G6} is negative, beyond the float-noise tolerance {noise:G3}; dissimilarities must be ≥ 0.");
            if (d > noise) { keptDiagonal++; largestKept = Math.Max(largestKept, d); }
            clean[i, i] = d > noise ? d : 0;
            for (int j = i + 1; j < n; j++)
            {
                double a = Math.Max(0, matrix[i, j]), b = Math.Max(0, matrix[j, i]);
                double asymmetry = Math.Abs(matrix[i, j] - matrix[j, i]) / max;
                if (asymmetry > worstAsymmetry) (worstAsymmetry, worstI, worstJ) = (asymmetry, i, j);
                clean[i, j] = clean[j, i] = 0.5 * (a + b);
            }
        }
        if (worstAsymmetry > (strict ? 0 : RepairableAsymmetry))
            throw new ArgumentException(
                $"{name} is not symmetric: [{worstI}, {worstJ}] = {matrix[worstI, worstJ]} but [{worstJ}, {worstI}] = {matrix[worstJ, worstI]}" +
                (strict ? " (strict checking refuses any asymmetry). " : $" (relative asymmetry {worstAsymmetry:G3} > {RepairableAsymmetry:G2}). ") +
                "Symmetrise it first, e.g. (D + Dᵀ)/2, if that is what you mean.");
        if (repaired > 0)
            notes.Add($"{name}: {repaired} entries of float noise (negative or on the diagonal, largest magnitude {largestRepair:G3} ≤ " +
                      $"{FloatNoise:G2} × the largest entry) set to 0.");
        if (keptDiagonal > 0)
            notes.Add($"{name}: {keptDiagonal} diagonal entries are not 0 (largest {largestKept:G4}); kept as given, as POT and GWTune do " +
                      "(rated self-dissimilarities are often noisy), but check that the matrix holds dissimilarities, not similarities.");
        if (worstAsymmetry > 0)
            notes.Add($"{name}: asymmetry up to {worstAsymmetry:G3} (relative) repaired by averaging D and Dᵀ.");
        warnings = notes;
        return clean;
    }
}
