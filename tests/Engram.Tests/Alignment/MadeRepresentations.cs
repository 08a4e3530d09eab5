using Engram.Numerics;

namespace Engram.Tests.Alignment;

/// <summary>
/// Made data for analyses of K representations with a known answer: one anisotropic point cloud X (n × d, axis scales
/// d, d − 1, …, 1 so that no rotation maps it onto itself), and copies X_k = (P_k X) R_k + noise with a random orthogonal
/// R_k and an optional random permutation P_k of the items.
/// </summary>
public static class MadeRepresentations
{
    /// <summary>The copies, their rotations and permutations (row i of copy k is item Permutations[k][i] of X).</summary>
    public static (double[][,] Copies, double[][,] Rotations, int[][] Permutations) Make(int count, int n, int d, double noise, bool permute, int seed)
    {
        var random = Seeding.Create(seed);
        var x = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < d; c++) x[i, c] = (d - c) * random.NextGaussian();
        var copies = new double[count][,];
        var rotations = new double[count][,];
        var permutations = new int[count][];
        for (int k = 0; k < count; k++)
        {
            rotations[k] = RandomRotation(d, random);
            permutations[k] = permute ? Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray() : Enumerable.Range(0, n).ToArray();
            copies[k] = new double[n, d];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < d; c++)
                {
                    double s = 0;
                    for (int e = 0; e < d; e++) s += x[permutations[k][i], e] * rotations[k][e, c];
                    copies[k][i, c] = s + noise * random.NextGaussian();
                }
        }
        return (copies, rotations, permutations);
    }

    /// <summary>A random orthogonal d × d matrix: Gram–Schmidt on Gaussian columns.</summary>
    public static double[,] RandomRotation(int d, Random random)
    {
        var q = new double[d, d];
        for (int c = 0; c < d; c++)
        {
            var v = new double[d];
            for (int r = 0; r < d; r++) v[r] = random.NextGaussian();
            for (int p = 0; p < c; p++)
            {
                double dot = 0;
                for (int r = 0; r < d; r++) dot += v[r] * q[r, p];
                for (int r = 0; r < d; r++) v[r] -= dot * q[r, p];
            }
            double norm = Math.Sqrt(v.Sum(a => a * a));
            for (int r = 0; r < d; r++) q[r, c] = v[r] / norm;
        }
        return q;
    }

    /// <summary>Aᵀ B.</summary>
    public static double[,] TransposeTimes(double[,] a, double[,] b)
    {
        int n = a.GetLength(1), m = b.GetLength(1), inner = a.GetLength(0);
        var r = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                for (int k = 0; k < inner; k++) r[i, j] += a[k, i] * b[k, j];
        return r;
    }
}
