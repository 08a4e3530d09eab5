namespace Engram.Alignment.Evaluation;

/// <summary>
/// How often a plan (or any score matrix) puts the true partner among a row's k best columns, as GWTune's
/// top-k matching rate. Items are assumed listed in the same order on both sides (row i's partner is column i).
/// Ties count against the partner (pessimistic), so a uniform plan scores 0 rather than 100 %.
/// </summary>
public static class MatchingRate
{
    /// <summary>Percentage of rows i whose column i is among the k largest entries of row i.</summary>
    public static double TopK(double[,] scores, int k) => TopK(scores, k, largestIsBest: true);

    /// <summary>
    /// Percentage of rows whose partner is among the k best entries; <paramref name="largestIsBest"/> false
    /// ranks by smallest value (distances).
    /// </summary>
    public static double TopK(double[,] scores, int k, bool largestIsBest)
    {
        int n = CheckSquareish(scores, k);
        int hits = 0;
        for (int i = 0; i < n; i++)
            if (Rank(scores, i, i, largestIsBest) < k) hits++;
        return 100.0 * hits / n;
    }

    /// <summary>
    /// Category-level matching: percentage of rows i for which some column j among the k largest entries of
    /// row i has the same category as i (GWTune's category accuracy). Ties are broken by column index.
    /// </summary>
    public static double CategoryTopK(double[,] scores, IReadOnlyList<int> rowCategory, IReadOnlyList<int> columnCategory, int k)
    {
        int n = scores.GetLength(0), m = scores.GetLength(1);
        if (rowCategory.Count != n || columnCategory.Count != m)
            throw new ArgumentException($"category labels cover {rowCategory.Count} rows and {columnCategory.Count} columns, but the plan is {n} × {m}.");
        if (k < 1 || k > m) throw new ArgumentException($"k must be in [1, {m}]; got {k}.", nameof(k));
        int hits = 0;
        for (int i = 0; i < n; i++)
            foreach (int j in LargestColumns(scores, i, k))
                if (columnCategory[j] == rowCategory[i] && rowCategory[i] >= 0) { hits++; break; }
        return 100.0 * hits / n;
    }

    /// <summary>The k columns with the largest entries of row i (ties to the lower index), by insertion into a short sorted list: O(m k).</summary>
    static int[] LargestColumns(double[,] scores, int i, int k)
    {
        var best = new int[k];
        int count = 0;
        for (int j = 0; j < scores.GetLength(1); j++)
        {
            double value = scores[i, j];
            if (count == k && value <= scores[i, best[k - 1]]) continue;
            int at = Math.Min(count, k - 1);
            while (at > 0 && scores[i, best[at - 1]] < value) { best[at] = best[at - 1]; at--; }
            best[at] = j;
            if (count < k) count++;
        }
        return best;
    }

    /// <summary>Number of columns that beat column <paramref name="j"/> in row <paramref name="i"/>, ties counted as beating it.</summary>
    static int Rank(double[,] scores, int i, int j, bool largestIsBest)
    {
        double target = scores[i, j];
        int better = 0;
        for (int c = 0; c < scores.GetLength(1); c++)
        {
            if (c == j) continue;
            double v = scores[i, c];
            if (largestIsBest ? v >= target : v <= target) better++;
        }
        return better;
    }

    static int CheckSquareish(double[,] scores, int k)
    {
        int n = scores.GetLength(0), m = scores.GetLength(1);
        if (n != m)
            throw new ArgumentException($"top-k matching needs the same items on both sides (n = m); got {n} × {m}.");
        if (k < 1 || k > m) throw new ArgumentException($"k must be in [1, {m}]; got {k}.", nameof(k));
        return n;
    }
}
