namespace Engram.Generative;

/// <summary>
/// Superclasses found from the data: agglomerative clustering of the class concepts (mean codes) in the latent space
/// with <b>average linkage</b> (UPGMA; Sokal &amp; Michener 1958), cut where <c>K</c> groups remain. Every concept starts
/// alone; the two groups A, B at the smallest
/// <para>d(A, B) = (1 / |A||B|) Σ_{a ∈ A} Σ_{b ∈ B} ‖c_a − c_b‖</para>
/// are merged until K are left (ties: the pair with the smallest indices). Average linkage, because its merge
/// distance is the mean Euclidean distance between concepts — the distance every finding is measured in — and it
/// assumes nothing about the groups' shape; Ward's criterion instead merges by the rise of the within-group sum of
/// squares, which favours groups of equal size and spherical spread, an assumption the classes of a data set
/// (and the planted parents, whose children need not be equally far apart) do not meet. Single linkage chains.
/// </summary>
public static class ConceptClustering
{
    /// <summary>
    /// The group of each concept (length = concepts), groups numbered 0 … K − 1 in the order of their first concept
    /// (concept 0 is in group 0).
    /// </summary>
    /// <exception cref="ArgumentException">No concepts, concepts of different dimensions or non-finite, or K outside 1 … concepts.</exception>
    public static int[] AverageLinkage(IReadOnlyList<double[]> concepts, int groups)
    {
        ArgumentNullException.ThrowIfNull(concepts);
        int n = concepts.Count;
        if (n == 0) throw new ArgumentException("clustering needs at least one concept.", nameof(concepts));
        if (groups < 1 || groups > n) throw new ArgumentException($"the number of superclasses must be in 1 … {n} (the number of classes); got {groups}.", nameof(groups));
        int dimension = concepts[0].Length;
        if (concepts.Any(c => c.Length != dimension || c.Any(v => !double.IsFinite(v))))
            throw new ArgumentException("every concept must have the same dimension and finite values.", nameof(concepts));
        // Sums of pairwise distances between groups; the linkage is the sum over the product of the sizes.
        var sum = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) sum[i, j] = Distance(concepts[i], concepts[j]);
        var members = Enumerable.Range(0, n).Select(i => new List<int> { i }).ToList();
        var alive = Enumerable.Range(0, n).ToList();
        while (alive.Count > groups)
        {
            int bestA = -1, bestB = -1;
            double best = double.PositiveInfinity;
            for (int x = 0; x < alive.Count; x++)
                for (int y = x + 1; y < alive.Count; y++)
                {
                    int a = alive[x], b = alive[y];
                    double linkage = sum[a, b] / ((double)members[a].Count * members[b].Count);
                    if (linkage < best) { best = linkage; bestA = a; bestB = b; }
                }
            members[bestA].AddRange(members[bestB]);
            foreach (int c in alive)
            {
                sum[bestA, c] += sum[bestB, c];
                sum[c, bestA] = sum[bestA, c];
            }
            alive.Remove(bestB);
        }
        var label = new int[n];
        int next = 0;
        var numbered = new Dictionary<int, int>();
        var groupOf = new int[n];
        foreach (int g in alive) foreach (int c in members[g]) groupOf[c] = g;
        for (int c = 0; c < n; c++)
        {
            if (!numbered.TryGetValue(groupOf[c], out int l)) numbered[groupOf[c]] = l = next++;
            label[c] = l;
        }
        return label;
    }

    static double Distance(double[] a, double[] b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++) { double d = a[j] - b[j]; s += d * d; }
        return Math.Sqrt(s);
    }
}
