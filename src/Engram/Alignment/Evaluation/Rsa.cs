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
        return Correlation(x, y);
    }

    /// <summary>Spearman rank correlation of the upper triangles (average ranks for ties).</summary>
    public static double Spearman(double[,] d1, double[,] d2)
    {
        var (x, y) = UpperTriangles(d1, d2);
        return Correlation(Ranks(x), Ranks(y));
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

    /// <summary>Pearson correlation; NaN-free: a constant vector gives an <see cref="ArgumentException"/>.</summary>
    public static double Correlation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double dx = x[k] - mx, dy = y[k] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        if (sxx == 0 || syy == 0)
            throw new ArgumentException("a correlation is undefined when one side is constant (all dissimilarities equal).");
        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Ranks 1..n with ties given their average rank.</summary>
    public static double[] Ranks(double[] values)
    {
        int n = values.Length;
        int[] order = Enumerable.Range(0, n).ToArray();
        Array.Sort(values.ToArray(), order);
        var ranks = new double[n];
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) end++;
            double average = (start + end) / 2.0 + 1;
            for (int t = start; t <= end; t++) ranks[order[t]] = average;
            start = end + 1;
        }
        return ranks;
    }
}
