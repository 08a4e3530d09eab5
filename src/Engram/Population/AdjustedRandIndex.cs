namespace Engram.Population;

/// <summary>
/// Adjusted Rand index of two partitions of the same items (Hubert &amp; Arabie 1985, "Comparing
/// partitions", J. Classification 2:193–218), as scikit-learn's <c>adjusted_rand_score</c>.
/// <para>With the contingency table n_ij (items in cluster i of A and cluster j of B), row sums a_i,
/// column sums b_j and n items:</para>
/// <para>ARI = (Σ_ij C(n_ij, 2) − E) / (½[Σ_i C(a_i, 2) + Σ_j C(b_j, 2)] − E),
/// E = Σ_i C(a_i, 2) · Σ_j C(b_j, 2) / C(n, 2).</para>
/// It is 1 for identical partitions (up to renaming the labels), has expectation 0 for random
/// partitions with fixed cluster sizes, can be negative, and is symmetric in its arguments. When the
/// denominator is 0 (both partitions put every item alone, or both put all items together; also
/// n &lt; 2) the partitions are identical and the index is 1, as in scikit-learn.
/// </summary>
public static class AdjustedRandIndex
{
    /// <summary>The ARI between label vectors <paramref name="a"/> and <paramref name="b"/> (any integer labels).</summary>
    /// <exception cref="ArgumentException">The vectors differ in length.</exception>
    public static double Compute(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"the two labelings must label the same items; got {a.Length} and {b.Length} labels.", nameof(b));
        int n = a.Length;
        if (n < 2) return 1.0;

        int[] rowOf = Compact(a, out int rows);
        int[] colOf = Compact(b, out int cols);
        var table = new Dictionary<long, int>();
        var rowSums = new long[rows];
        var colSums = new long[cols];
        for (int k = 0; k < n; k++)
        {
            int i = rowOf[k], j = colOf[k];
            rowSums[i]++;
            colSums[j]++;
            long key = (long)i * cols + j;
            table[key] = table.GetValueOrDefault(key) + 1;
        }

        long index = 0;
        foreach (int count in table.Values) index += Pairs(count);
        long sumA = 0, sumB = 0;
        foreach (long s in rowSums) sumA += Pairs(s);
        foreach (long s in colSums) sumB += Pairs(s);

        double expected = (double)sumA * sumB / Pairs(n);
        double maximum = 0.5 * ((double)sumA + sumB);
        double denominator = maximum - expected;
        if (denominator == 0) return 1.0;
        return (index - expected) / denominator;
    }

    static long Pairs(long count) => count * (count - 1) / 2;

    /// <summary>Maps arbitrary labels to 0..k−1 in order of first appearance.</summary>
    static int[] Compact(ReadOnlySpan<int> labels, out int distinct)
    {
        var map = new Dictionary<int, int>();
        var result = new int[labels.Length];
        for (int k = 0; k < labels.Length; k++)
        {
            if (!map.TryGetValue(labels[k], out int id))
            {
                id = map.Count;
                map[labels[k]] = id;
            }
            result[k] = id;
        }
        distinct = map.Count;
        return result;
    }
}
