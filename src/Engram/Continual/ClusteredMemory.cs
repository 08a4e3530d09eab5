using Engram.Numerics;
namespace Engram.Continual;

/// <summary>One cluster of a generated memory: <paramref name="Size"/> unit patterns with pairwise correlation <paramref name="Correlation"/>.</summary>
/// <param name="Size">Number of patterns in the cluster (≥ 1).</param>
/// <param name="Correlation">c ∈ [0, 1): every pair of members has inner product exactly c.</param>
public sealed record ClusterSpec(int Size, double Correlation);

/// <summary>
/// The shape of a generated memory: clusters of correlated unit patterns plus mutually orthogonal
/// outliers. Every pattern and every cluster centre uses its own orthonormal direction, so a
/// memory needs <see cref="Directions"/> ≤ d.
/// </summary>
/// <param name="Clusters">The clusters, in the order their patterns appear (rows of X).</param>
/// <param name="Outliers">Number of outlier patterns (orthogonal to everything), placed after the clusters.</param>
public sealed record MemoryLayout(IReadOnlyList<ClusterSpec> Clusters, int Outliers)
{
    /// <summary>The layout of docs/science.md §3: one cluster of 12 with c = 0.35 and one outlier.</summary>
    public static MemoryLayout Protocol { get; } = new([new ClusterSpec(12, 0.35)], 1);

    /// <summary>
    /// The default memory of the replay-selection experiment: three clusters of decreasing size
    /// (20, 10, 5 patterns, c = 0.3; the largest is the densest, lowest-energy region) and 10 outliers.
    /// </summary>
    public static MemoryLayout ReplayDefault { get; } = new([new ClusterSpec(20, 0.3), new ClusterSpec(10, 0.3), new ClusterSpec(5, 0.3)], 10);

    /// <summary>Number of patterns n = Σ sizes + outliers.</summary>
    public int Count => Clusters.Sum(c => c.Size) + Outliers;

    /// <summary>Orthonormal directions needed: one per cluster centre, one per pattern.</summary>
    public int Directions => Clusters.Count + Count;

    /// <summary>Group label of every pattern: the cluster index, or −1 for an outlier.</summary>
    public int[] Groups()
    {
        var groups = new int[Count];
        int row = 0;
        for (int c = 0; c < Clusters.Count; c++)
            for (int k = 0; k < Clusters[c].Size; k++) groups[row++] = c;
        for (int o = 0; o < Outliers; o++) groups[row++] = -1;
        return groups;
    }

    /// <summary>Checks sizes, correlations and that <paramref name="dimension"/> has room for every direction.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate(int dimension)
    {
        if (Clusters is null) throw new ArgumentException("clusters must not be null.", nameof(Clusters));
        if (Outliers < 0) throw new ArgumentException($"outliers must be ≥ 0; got {Outliers}.", nameof(Outliers));
        for (int c = 0; c < Clusters.Count; c++)
        {
            if (Clusters[c].Size < 1)
                throw new ArgumentException($"cluster {c} size must be ≥ 1; got {Clusters[c].Size}.", nameof(Clusters));
            double corr = Clusters[c].Correlation;
            if (!(corr >= 0 && corr < 1))
                throw new ArgumentException($"cluster correlation c must be in [0, 1); got {corr} for cluster {c}.", nameof(Clusters));
        }
        if (Count == 0) throw new ArgumentException("the memory must hold at least one pattern (a cluster or an outlier).", nameof(Clusters));
        if (dimension < Directions)
            throw new ArgumentException(
                $"dimension d = {dimension} is smaller than the {Directions} orthogonal directions this memory needs " +
                $"({Clusters.Count} cluster centre(s) + {Count} patterns); use d ≥ {Directions}.", nameof(dimension));
    }
}

/// <summary>A generated memory: the patterns (rows) and the group of each.</summary>
/// <param name="Patterns">X, n × d, unit-norm rows.</param>
/// <param name="Groups">Cluster index of each row, −1 for an outlier.</param>
public sealed record GeneratedMemory(double[,] Patterns, int[] Groups);

/// <summary>
/// Generator of clustered memories (docs/science.md §3): Q = orthonormal columns from the QR decomposition
/// of a d × m Gaussian matrix (m = <see cref="MemoryLayout.Directions"/>); cluster j has centre u_j = Q[:, j];
/// its members are x = √c·u_j + √(1−c)·v with v the next unused column of Q (pairwise correlation exactly
/// c, unit norm); each outlier is a further column. With <see cref="MemoryLayout.Protocol"/> this is the
/// published construction: u = Q[:,0], v_k = Q[:,1..12], o = Q[:,13].
/// </summary>
public static class ClusteredMemory
{
    /// <summary>Draws a memory with <paramref name="layout"/> in dimension <paramref name="dimension"/>.</summary>
    /// <exception cref="ArgumentException">Invalid layout or d too small.</exception>
    public static GeneratedMemory Generate(MemoryLayout layout, int dimension, Random random)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(random);
        layout.Validate(dimension);
        int m = layout.Directions;
        double[] gaussian = StandardNormal.Draw(random, dimension * m); // row-major d × m, filled in numpy's order
        double[] q = HouseholderQr.OrthonormalColumns(gaussian, dimension, m);

        var x = new double[layout.Count, dimension];
        int row = 0, next = layout.Clusters.Count;
        for (int c = 0; c < layout.Clusters.Count; c++)
        {
            double a = Math.Sqrt(layout.Clusters[c].Correlation), b = Math.Sqrt(1 - layout.Clusters[c].Correlation);
            for (int k = 0; k < layout.Clusters[c].Size; k++, row++, next++)
                for (int i = 0; i < dimension; i++) x[row, i] = a * q[i * m + c] + b * q[i * m + next];
        }
        for (int o = 0; o < layout.Outliers; o++, row++, next++)
            for (int i = 0; i < dimension; i++) x[row, i] = q[i * m + next];
        return new GeneratedMemory(x, layout.Groups());
    }
}
