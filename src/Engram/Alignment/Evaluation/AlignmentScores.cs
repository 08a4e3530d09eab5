namespace Engram.Alignment.Evaluation;

/// <summary>
/// How well a GW plan recovers the known correspondence (docs/science.md §4). Percentages; null where the
/// inputs do not allow the measure (no categories, no embeddings, different item sets).
/// </summary>
/// <param name="Top1">Top-1 matching rate (%).</param>
/// <param name="Top5">Top-5 matching rate (%).</param>
/// <param name="Top10">Top-10 matching rate (%).</param>
/// <param name="CategoryTop1">Category-level top-1 (%), with a category table.</param>
/// <param name="CategoryTop5">Category-level top-5 (%).</param>
/// <param name="CategoryTop10">Category-level top-10 (%).</param>
/// <param name="KnnTop1">k-NN top-1 after Procrustes (%), with embeddings.</param>
/// <param name="KnnTop5">k-NN top-5 after Procrustes (%).</param>
/// <param name="KnnTop10">k-NN top-10 after Procrustes (%).</param>
/// <param name="RsaPearson">Pearson correlation of the upper triangles.</param>
/// <param name="RsaSpearman">Spearman correlation of the upper triangles.</param>
public sealed record AlignmentScores(
    double? Top1, double? Top5, double? Top10,
    double? CategoryTop1, double? CategoryTop5, double? CategoryTop10,
    double? KnnTop1, double? KnnTop5, double? KnnTop10,
    double? RsaPearson, double? RsaSpearman);

/// <summary>Computes every applicable <see cref="AlignmentScores"/> measure for a plan.</summary>
public static class AlignmentEvaluation
{
    /// <summary>
    /// Scores <paramref name="plan"/> between <paramref name="x"/> and <paramref name="y"/>. Matching measures
    /// assume row i and column i are the same item, so they are computed only when both sides have n items.
    /// <paramref name="categories"/> gives each item's category index (−1 for none), same order on both sides.
    /// RSA is null when either side's dissimilarities are all equal (a correlation with a constant is undefined).
    /// </summary>
    public static AlignmentScores Evaluate(double[,] plan, Representation x, Representation y, IReadOnlyList<int>? categories = null)
    {
        bool sameItems = x.Size == y.Size;
        int kMax = Math.Min(10, y.Size);
        double? Top(int k) => sameItems && k <= kMax ? MatchingRate.TopK(plan, k) : null;
        double? Category(int k) => sameItems && categories is not null && k <= kMax ? MatchingRate.CategoryTopK(plan, categories, categories, k) : null;
        double[]? knn = sameItems && x.Embedding is not null && y.Embedding is not null
            ? ProcrustesMatching.TopK(x.Embedding, y.Embedding, plan, [.. new[] { 1, 5, 10 }.Where(k => k <= kMax)])
            : null;
        double? Knn(int index) => knn is not null && index < knn.Length ? knn[index] : null;
        var (pearson, spearman) = sameItems ? RsaOf(x.Dissimilarity, y.Dissimilarity) : (null, null);
        return new AlignmentScores(
            Top(1), Top(5), Top(10), Category(1), Category(5), Category(10), Knn(0), Knn(1), Knn(2), pearson, spearman);
    }

    /// <summary>
    /// RSA depends on the two dissimilarity matrices only, not on the plan, and its Spearman correlation ranks n²/2 pairs
    /// (0.5 s on THINGS): a study evaluates every trial on the same pair, so the result is kept per pair of matrices
    /// (by reference; a Representation's matrices are not changed after it is made).
    /// </summary>
    static (double? Pearson, double? Spearman) RsaOf(double[,] d1, double[,] d2)
    {
        if (RsaCache.TryGetValue(d1, out var kept) && ReferenceEquals(kept.Other, d2)) return (kept.Pearson, kept.Spearman);
        bool defined = d1.GetLength(0) >= 3 && Varies(d1) && Varies(d2);
        var result = defined ? ((double?)Rsa.Pearson(d1, d2), (double?)Rsa.Spearman(d1, d2)) : (null, null);
        RsaCache.AddOrUpdate(d1, new RsaOfPair(d2, result.Item1, result.Item2));
        return result;
    }

    sealed record RsaOfPair(double[,] Other, double? Pearson, double? Spearman);

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<double[,], RsaOfPair> RsaCache = [];

    /// <summary>Whether the upper triangle of <paramref name="d"/> holds more than one value (else no correlation is defined).</summary>
    static bool Varies(double[,] d)
    {
        for (int i = 0; i < d.GetLength(0); i++)
            for (int j = i + 1; j < d.GetLength(0); j++)
                if (d[i, j] != d[0, 1]) return true;
        return false;
    }
}
