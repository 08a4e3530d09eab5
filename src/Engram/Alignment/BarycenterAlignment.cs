using Engram.Alignment.Evaluation;
using Engram.Numerics;

namespace Engram.Alignment;

/// <summary>Settings of <see cref="BarycenterAlignment.Run"/>.</summary>
public sealed record BarycenterSettings
{
    /// <summary>Most barycenter iterations (exact OT to the barycenter, Procrustes, new barycenter).</summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>Stop when no assignment changes and the barycenter moves less than this (largest coordinate change).</summary>
    public double Tolerance { get; init; } = 1e-12;
}

/// <summary>The result of <see cref="BarycenterAlignment.Run"/>.</summary>
/// <param name="Pivot">Index of the pivot representation.</param>
/// <param name="Rotations">Orthogonal Q_k (d × d) per representation; X_k Q_kᵀ lies in the barycenter's frame (identity for the pivot at the start).</param>
/// <param name="Aligned">X_k Q_kᵀ per representation (n × d, zero-padded to the largest dimension).</param>
/// <param name="Barycenter">The free-support barycenter (n × d): point j is the mean of the points matched to it.</param>
/// <param name="Matches">σ_k(i): the barycenter point each item i of representation k is sent to by exact OT.</param>
/// <param name="RateToBarycenter">Percentage of items i of each representation sent to barycenter point i (its own item's point).</param>
/// <param name="RateBetween">[k, l]: percentage of items i of k whose barycenter point is the one item i of l is sent to.</param>
/// <param name="Loss">Mean over representations of (1/n) Σᵢ ‖X_k Q_kᵀ(i) − B(σ_k(i))‖² at the end.</param>
/// <param name="Iterations">Barycenter iterations run.</param>
/// <param name="Converged">Whether the assignments and the barycenter stopped changing within the iterations.</param>
public sealed record BarycenterResult(
    int Pivot, IReadOnlyList<double[,]> Rotations, IReadOnlyList<double[,]> Aligned, double[,] Barycenter,
    IReadOnlyList<int[]> Matches, double[] RateToBarycenter, double[,] RateBetween, double Loss, int Iterations, bool Converged);

/// <summary>
/// Alignment of K embeddings into one space through a pivot and a barycenter (GWTune's <c>BarycenterAlignment</c>):
/// <list type="number">
/// <item>each X_k is rotated onto the pivot by Procrustes under its GW plan T_k to the pivot: Q_k = U Vᵀ from
/// svd(X_pivotᵀ T_kᵀ X_k) (Schönemann 1966; <see cref="ProcrustesMatching"/>);</item>
/// <item>the barycenter B starts at the pivot; then, until nothing changes: for each k the exact OT plan between the uniform
/// measures on X_k Q_kᵀ and B for the squared euclidean cost (with equal sizes a permutation σ_k, by
/// <see cref="LinearAssignment"/>), Q_k re-fitted by Procrustes to that plan, and B(j) ← mean of the points sent to j
/// (the free-support Wasserstein barycenter step of Cuturi &amp; Doucet 2014 with uniform weights).</item>
/// </list>
/// Items are assumed listed in the same order in every representation for the matching rates (barycenter point j inherits
/// the pivot's item j).
/// </summary>
public static class BarycenterAlignment
{
    /// <summary>
    /// Aligns <paramref name="embeddings"/> (K ≥ 2, all n × d_k with the same n) through <paramref name="pivot"/>, given the
    /// GW plans <paramref name="plansToPivot"/>[k] (n × n, rows: items of k, columns: items of the pivot; ignored for the pivot).
    /// </summary>
    public static BarycenterResult Run(IReadOnlyList<double[,]> embeddings, int pivot, IReadOnlyList<double[,]?> plansToPivot,
        BarycenterSettings? settings = null, CancellationToken cancellation = default)
    {
        settings ??= new BarycenterSettings();
        int count = embeddings.Count;
        if (count < 2) throw new ArgumentException($"barycenter alignment needs at least 2 embeddings; got {count}.", nameof(embeddings));
        if (pivot < 0 || pivot >= count) throw new ArgumentException($"the pivot must be one of the {count} representations; got index {pivot}.", nameof(pivot));
        if (plansToPivot.Count != count) throw new ArgumentException($"give one plan per representation ({count}); got {plansToPivot.Count}.", nameof(plansToPivot));
        if (settings.MaxIterations < 1) throw new ArgumentException($"barycenter iterations must be ≥ 1; got {settings.MaxIterations}.", nameof(settings));
        int n = embeddings[pivot].GetLength(0), d = embeddings.Max(e => e.GetLength(1));
        for (int k = 0; k < count; k++)
        {
            if (embeddings[k].GetLength(0) != n)
                throw new ArgumentException($"barycenter alignment needs the same items in every representation; representation {k} has {embeddings[k].GetLength(0)}, the pivot {n}.", nameof(embeddings));
            if (k != pivot && (plansToPivot[k] is not { } p || p.GetLength(0) != n || p.GetLength(1) != n))
                throw new ArgumentException($"representation {k} needs an n × n plan to the pivot (n = {n}).", nameof(plansToPivot));
        }

        double[][,] padded = embeddings.Select(e => DenseMatrix.PadColumns(e, d)).ToArray();
        var rotations = new double[count][,];
        var aligned = new double[count][,];
        for (int k = 0; k < count; k++)
        {
            if (k == pivot) { rotations[k] = DenseMatrix.ToMatrix(DenseMatrix.Identity(d), d, d); aligned[k] = padded[k]; continue; }
            (rotations[k], aligned[k]) = ProcrustesMatching.Align(padded[pivot], padded[k], DenseMatrix.Transpose(plansToPivot[k]!));
        }

        double[,] barycenter = (double[,])padded[pivot].Clone();
        var matches = new int[count][];
        int iterations = 0;
        bool converged = false;
        while (iterations < settings.MaxIterations && !converged)
        {
            cancellation.ThrowIfCancellationRequested();
            iterations++;
            bool changed = false;
            for (int k = 0; k < count; k++)
            {
                int[] sigma = LinearAssignment.Solve(DenseMatrix.SquaredDistances(aligned[k], barycenter));
                changed |= matches[k] is null || !matches[k].AsSpan().SequenceEqual(sigma);
                matches[k] = sigma;
                (rotations[k], aligned[k]) = ProcrustesMatching.Align(barycenter, padded[k], PermutationPlan(sigma));
            }
            double[,] next = Mean(aligned, matches, n, d);
            double moved = 0;
            for (int i = 0; i < n; i++)
                for (int c = 0; c < d; c++) moved = Math.Max(moved, Math.Abs(next[i, c] - barycenter[i, c]));
            barycenter = next;
            converged = !changed && moved <= settings.Tolerance;
        }

        var toBarycenter = new double[count];
        var between = new double[count, count];
        var inverse = matches.Select(Inverse).ToArray();
        for (int k = 0; k < count; k++)
        {
            toBarycenter[k] = 100.0 * Enumerable.Range(0, n).Count(i => matches[k][i] == i) / n;
            for (int l = 0; l < count; l++)
                between[k, l] = 100.0 * Enumerable.Range(0, n).Count(i => inverse[l][matches[k][i]] == i) / n;
        }
        double loss = 0;
        for (int k = 0; k < count; k++)
            for (int i = 0; i < n; i++)
                for (int c = 0; c < d; c++) { double diff = aligned[k][i, c] - barycenter[matches[k][i], c]; loss += diff * diff; }
        loss /= count * (double)n;
        return new BarycenterResult(pivot, rotations, aligned, barycenter, matches, toBarycenter, between, loss, iterations, converged);
    }

    static double[,] Mean(double[][,] aligned, int[][] matches, int n, int d)
    {
        var mean = new double[n, d];
        for (int k = 0; k < aligned.Length; k++)
            for (int i = 0; i < n; i++)
                for (int c = 0; c < d; c++) mean[matches[k][i], c] += aligned[k][i, c] / aligned.Length;
        return mean;
    }

    /// <summary>The uniform plan of a permutation with the barycenter as rows: P[σ(i), i] = 1/n.</summary>
    static double[,] PermutationPlan(int[] sigma)
    {
        int n = sigma.Length;
        var plan = new double[n, n];
        for (int i = 0; i < n; i++) plan[sigma[i], i] = 1.0 / n;
        return plan;
    }

    static int[] Inverse(int[] sigma)
    {
        var inverse = new int[sigma.Length];
        for (int i = 0; i < sigma.Length; i++) inverse[sigma[i]] = i;
        return inverse;
    }
}
