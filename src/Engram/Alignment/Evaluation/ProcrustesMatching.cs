using Engram.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Alignment.Evaluation;

/// <summary>
/// k-NN matching after aligning the embeddings with the GW plan (GWTune's "k-NN after Procrustes"):
/// Q = U Vᵀ from the SVD of Xᵀ T Y maximises Σ Tᵢⱼ xᵢ·(Q yⱼ), i.e. the orthogonal map that best carries Y onto X
/// under the plan (Schönemann 1966); then for each xᵢ, is yᵢ Qᵀ among its k nearest aligned points?
/// Embeddings of different dimension are zero-padded to the larger one.
/// </summary>
public static class ProcrustesMatching
{
    /// <summary>The orthogonal matrix Q (d × d) and the aligned second embedding Y Qᵀ (m × d).</summary>
    public static (double[,] Rotation, double[,] AlignedY) Align(double[,] x, double[,] y, double[,] plan)
    {
        int n = x.GetLength(0), m = y.GetLength(0);
        if (plan.GetLength(0) != n || plan.GetLength(1) != m)
            throw new ArgumentException($"the plan is {plan.GetLength(0)} × {plan.GetLength(1)} but the embeddings have {n} and {m} items.");
        int d = Math.Max(x.GetLength(1), y.GetLength(1));
        using var scope = NewDisposeScope();
        Tensor tx = Padded(x, d), ty = Padded(y, d), tt = tensor(DenseMatrix.Flatten(plan), [n, m], float64);
        Tensor cross = tx.t().matmul(tt).matmul(ty);                  // Xᵀ T Y, d × d
        var (u, _, vh) = linalg.svd(cross, fullMatrices: false);
        Tensor q = u.matmul(vh);                                      // Q = U Vᵀ
        Tensor aligned = ty.matmul(q.t());
        return (ToMatrix(q, d, d), ToMatrix(aligned, m, d));
    }

    /// <summary>Percentage of items whose aligned partner is among the k nearest (euclidean) aligned points, for each k.</summary>
    public static double[] TopK(double[,] x, double[,] y, double[,] plan, params int[] ks)
    {
        int n = x.GetLength(0);
        if (y.GetLength(0) != n) throw new ArgumentException($"k-NN matching needs the same items on both sides; got {n} and {y.GetLength(0)}.");
        var (_, aligned) = Align(x, y, plan);
        int d = aligned.GetLength(1);
        double[,] distances = DenseMatrix.SquaredDistances(DenseMatrix.PadColumns(x, d), aligned);
        return ks.Select(k => MatchingRate.TopK(distances, k, largestIsBest: false)).ToArray();
    }

    static Tensor Padded(double[,] a, int d) => tensor(DenseMatrix.Flatten(DenseMatrix.PadColumns(a, d)), [a.GetLength(0), d], float64);

    static double[,] ToMatrix(Tensor t, int rows, int cols) => DenseMatrix.ToMatrix(t.contiguous().data<double>().ToArray(), rows, cols);
}
