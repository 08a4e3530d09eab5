using Engram.Numerics;

namespace Engram.Alignment.Evaluation;

/// <summary>
/// Representational similarity analysis (Kriegeskorte et al. 2008): correlation of the upper triangles
/// (i &lt; j) of two dissimilarity matrices over the same items — the baseline that assumes the correspondence.
/// </summary>
public static class Rsa
{
    /// <summary>Pearson correlation of the upper triangles.</summary>
    public static double Pearson(double[,] d1, double[,] d2)
    {
        var (x, y) = UpperTriangles(d1, d2);
        return Correlation.Pearson(x, y);
    }

    /// <summary>Spearman rank correlation of the upper triangles (average ranks for ties, <see cref="Correlation.Spearman"/>).</summary>
    public static double Spearman(double[,] d1, double[,] d2)
    {
        var (x, y) = UpperTriangles(d1, d2);
        return Correlation.Spearman(x, y);
    }

    static (double[] X, double[] Y) UpperTriangles(double[,] d1, double[,] d2)
    {
        int n = d1.GetLength(0);
        if (d1.GetLength(1) != n || d2.GetLength(0) != n || d2.GetLength(1) != n)
            throw new ArgumentException($"RSA needs two square matrices over the same items; got {d1.GetLength(0)} × {d1.GetLength(1)} and {d2.GetLength(0)} × {d2.GetLength(1)}.");
        if (n < 3) throw new ArgumentException($"RSA needs at least 3 items; got {n}.");
        int count = n * (n - 1) / 2, k = 0;
        var x = new double[count];
        var y = new double[count];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) { x[k] = d1[i, j]; y[k] = d2[i, j]; k++; }
        return (x, y);
    }
}
