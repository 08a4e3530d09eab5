namespace Engram.Alignment;

/// <summary>
/// A factorisation D = A Bᵀ of a dissimilarity matrix (n × r each), e.g. squared euclidean distances
/// of d-dimensional embeddings with r = d + 2. With factors on both sides a GW product D1 T D2ᵀ costs
/// O(n m r) instead of O(n m (n + m)).
/// </summary>
/// <param name="A">Left factor, n × r.</param>
/// <param name="B">Right factor, n × r.</param>
public sealed record LowRankFactors(double[,] A, double[,] B)
{
    /// <summary>
    /// Factors of the squared euclidean distances of the rows of <paramref name="x"/>:
    /// ‖xᵢ − xⱼ‖² = [‖x̃ᵢ‖², 1, −2x̃ᵢ] · [1, ‖x̃ⱼ‖², x̃ⱼ] with x̃ = x − mean(x) the centred rows. Distances do not change under
    /// the shift, but the products do: for embeddings far from the origin, ‖xᵢ‖² and ‖xⱼ‖² are large and the float32
    /// product would lose the distance to cancellation; centred, the terms are of the size of the distances themselves.
    /// </summary>
    public static LowRankFactors SqEuclidean(double[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.GetLength(0), d = x.GetLength(1);
        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) mean[k] += x[i, k];
        for (int k = 0; k < d; k++) mean[k] /= n;
        var a = new double[n, d + 2];
        var b = new double[n, d + 2];
        for (int i = 0; i < n; i++)
        {
            double norm2 = 0;
            for (int k = 0; k < d; k++)
            {
                double centred = x[i, k] - mean[k];
                norm2 += centred * centred;
                a[i, k + 2] = -2 * centred;
                b[i, k + 2] = centred;
            }
            a[i, 0] = norm2; a[i, 1] = 1;
            b[i, 0] = 1; b[i, 1] = norm2;
        }
        return new LowRankFactors(a, b);
    }

    /// <summary>Number of items n.</summary>
    public int Size => A.GetLength(0);

    /// <summary>Rank bound r.</summary>
    public int Rank => A.GetLength(1);
}

/// <summary>
/// A GW problem: two validated dissimilarity matrices and their marginals (uniform by default), plus
/// optional low-rank factors of each matrix for the fast product path.
/// </summary>
public sealed class GwProblem
{
    /// <summary>Validates both sides (see <see cref="Dissimilarity.Validate"/> and <see cref="Marginals.Validate"/>).</summary>
    public GwProblem(double[,] d1, double[,] d2, double[]? p = null, double[]? q = null,
        LowRankFactors? factors1 = null, LowRankFactors? factors2 = null)
    {
        D1 = Dissimilarity.Validate(d1, "the first dissimilarity matrix", out var w1);
        D2 = Dissimilarity.Validate(d2, "the second dissimilarity matrix", out var w2);
        P = p is null ? Marginals.Uniform(N) : Marginals.Validate(p, N, "p");
        Q = q is null ? Marginals.Uniform(M) : Marginals.Validate(q, M, "q");
        if (factors1 is not null && factors1.Size != N)
            throw new ArgumentException($"the first low-rank factors describe {factors1.Size} items, the matrix {N}.");
        if (factors2 is not null && factors2.Size != M)
            throw new ArgumentException($"the second low-rank factors describe {factors2.Size} items, the matrix {M}.");
        Factors1 = factors1;
        Factors2 = factors2;
        Warnings = [.. w1, .. w2];
    }

    /// <summary>First dissimilarity matrix (n × n), symmetric, zero diagonal.</summary>
    public double[,] D1 { get; }

    /// <summary>Second dissimilarity matrix (m × m).</summary>
    public double[,] D2 { get; }

    /// <summary>Marginal of the first side (n).</summary>
    public double[] P { get; }

    /// <summary>Marginal of the second side (m).</summary>
    public double[] Q { get; }

    /// <summary>Low-rank factors of D1, when known.</summary>
    public LowRankFactors? Factors1 { get; }

    /// <summary>Low-rank factors of D2, when known.</summary>
    public LowRankFactors? Factors2 { get; }

    /// <summary>Repairs made during validation (e.g. tiny asymmetry averaged away).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Items on the first side.</summary>
    public int N => D1.GetLength(0);

    /// <summary>Items on the second side.</summary>
    public int M => D2.GetLength(0);

    /// <summary>Whether the O(n m r) product path applies (both factorisations known and r well below n, m).</summary>
    public bool UsesLowRankProduct =>
        Factors1 is not null && Factors2 is not null && Factors1.Rank + Factors2.Rank < Math.Min(N, M);
}
