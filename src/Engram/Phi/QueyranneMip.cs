using System.Runtime.CompilerServices;
using Engram.Numerics;

namespace Engram.Phi;

/// <summary>
/// Queyranne's algorithm for the minimum of a symmetric submodular set function F(S) = Φ(S, V∖S) (Queyranne 1998;
/// for Φ: Kitazono, Kanai &amp; Oizumi 2018, Entropy 20:173; PhiToolbox's <c>QueyranneAlgorithm</c>). N − 1 rounds;
/// each finds a pendent pair by growing W from the first group, adding the group u that minimises
/// F(W ∪ u) − F(u), records F of the last group, and merges the last two. Evaluations, counted as PhiToolbox
/// calls F: Σ_{m=2}^{N} m(m − 1) + (N − 1) = (N³ − N)/3 + N − 1. For unnormalised MI1 and MI,
/// F(S) = ½ [log det Σ[S, S] + log det (Σ⁻¹)[S, S]] (Σ the covariance, or the joint covariance of past and present
/// with both coordinates of a channel), and F(W ∪ u) comes from Schur complements of Σ and Σ⁻¹ conditioned on W,
/// updated as W grows (<see cref="ConditionedGaussianOracle"/>); the same values, O(N⁴) work in all instead of O(N⁶).
/// F(u) of a group does not change until the group is merged, so repeated queries of it are answered from a cache
/// (they still count as evaluations, so the count is the algorithm's).
/// </summary>
static class QueyranneMip
{
    public static (int[] Part, long Evaluations) Search(GaussianPhi phi, IProgress<WorkProgress>? progress, CancellationToken cancellation)
    {
        int n = phi.Channels;
        ISetOracle oracle = phi.Settings.Measure is PhiMeasure.Mi1 or PhiMeasure.Mi && !phi.Settings.Normalise
            ? new ConditionedGaussianOracle(phi)
            : new DirectOracle(phi);
        var groups = Enumerable.Range(0, n).Select(i => new[] { i }).ToList();
        var cache = new Dictionary<int[], double>(ReferenceEqualityComparer.Instance);
        long evaluationsMade = 0;
        double F(int[] group)
        {
            evaluationsMade++;
            if (!cache.TryGetValue(group, out double v)) cache[group] = v = oracle.Value(group);
            return v;
        }
        double best = double.PositiveInfinity;
        int[] bestSet = [0];
        for (int round = 0; round < n - 1; round++)
        {
            cancellation.ThrowIfCancellationRequested();
            List<int[]> order = PendentOrder(oracle, groups, F, ref evaluationsMade, cancellation);
            int[] last = order[^1];
            double f = F(last);
            if (f < best) { best = f; bestSet = last; }
            groups = [.. order.Take(order.Count - 2), [.. order[^2], .. order[^1]]];
            progress?.Report(new WorkProgress("Queyranne MIP", round + 1, n - 1));
        }
        long evaluations = ((long)n * n * n - n) / 3 + n - 1;
        if (evaluationsMade != evaluations)
            throw new InvalidOperationException($"Queyranne's algorithm made {evaluationsMade} evaluations, not the {evaluations} its count requires.");
        return (bestSet.Contains(0) ? [.. bestSet.Order()] : [.. Enumerable.Range(0, n).Except(bestSet)], evaluations);
    }

    /// <summary>The groups in pendent order: from the first, each next group minimises F(W ∪ u) − F(u) (first on ties).</summary>
    static List<int[]> PendentOrder(ISetOracle oracle, List<int[]> groups, Func<int[], double> f, ref long evaluations, CancellationToken cancellation)
    {
        var order = new List<int[]> { groups[0] };
        var remaining = groups.Skip(1).ToList();
        oracle.Start(groups[0]);
        var grown = new double[remaining.Count];
        while (remaining.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int j = 0; j < remaining.Count; j++) grown[j] = oracle.ValueWithGrown(remaining[j]);
            evaluations += remaining.Count;
            int chosen = 0;
            double smallest = double.PositiveInfinity;
            for (int j = 0; j < remaining.Count; j++)
            {
                double key = grown[j] - f(remaining[j]);
                if (key < smallest) { smallest = key; chosen = j; }
            }
            int[] next = remaining[chosen];
            remaining.RemoveAt(chosen);
            order.Add(next);
            if (remaining.Count > 0) oracle.Grow(next);
        }
        return order;
    }

    /// <summary>F and the growing set W of a pendent-pair search; one search at a time.</summary>
    interface ISetOracle
    {
        double Value(int[] set);
        void Start(int[] set);
        double ValueWithGrown(int[] candidate);
        void Grow(int[] group);
    }

    /// <summary>F(S) = the search objective of the bipartition (S, V∖S), evaluated from scratch.</summary>
    sealed class DirectOracle(GaussianPhi phi) : ISetOracle
    {
        readonly List<int> grown = [];

        public double Value(int[] set)
        {
            var inSet = new HashSet<int>(set);
            int[] rest = [.. Enumerable.Range(0, phi.Channels).Where(c => !inSet.Contains(c))];
            int[] sorted = [.. set.Order()];
            return phi.Evaluate(sorted[0] == 0 ? [sorted, rest] : [rest, sorted]).Objective;
        }

        public void Start(int[] set)
        {
            grown.Clear();
            grown.AddRange(set);
        }

        public double ValueWithGrown(int[] candidate) => Value([.. grown, .. candidate]);

        public void Grow(int[] group) => grown.AddRange(group);
    }

    /// <summary>
    /// F(S) = ½ [log det M[S̃, S̃] + log det P[S̃, S̃]], P = M⁻¹, S̃ the coordinates of S; for a grown set W it keeps
    /// M and P conditioned on W (Schur complements) and log det of both on W, so F(W ∪ u) costs two |ũ|-sized factorisations.
    /// </summary>
    sealed class ConditionedGaussianOracle : ISetOracle
    {
        readonly int channels, size, width;
        readonly double[] matrix, precision, conditionedMatrix, conditionedPrecision;
        double grownMatrixLogDet, grownPrecisionLogDet;

        public ConditionedGaussianOracle(GaussianPhi phi)
        {
            channels = phi.Channels;
            width = phi.Settings.Measure == PhiMeasure.Mi ? 2 : 1;
            size = width * channels;
            matrix = width == 1 ? phi.Statistics.Covariance : phi.Statistics.Joint();
            if (!Cholesky.TryInverse(matrix, size, out precision))
                throw new ArgumentException(GaussianPhi.SingularMessage(phi.Statistics));
            conditionedMatrix = new double[size * size];
            conditionedPrecision = new double[size * size];
        }

        public double Value(int[] set)
        {
            int[] coordinates = Coordinates(set);
            return 0.5 * (LogDet(matrix, coordinates) + LogDet(precision, coordinates));
        }

        public void Start(int[] set)
        {
            matrix.CopyTo(conditionedMatrix, 0);
            precision.CopyTo(conditionedPrecision, 0);
            grownMatrixLogDet = grownPrecisionLogDet = 0;
            Grow(set);
        }

        public double ValueWithGrown(int[] candidate)
        {
            int[] coordinates = Coordinates(candidate);
            return 0.5 * (grownMatrixLogDet + LogDet(conditionedMatrix, coordinates) + grownPrecisionLogDet + LogDet(conditionedPrecision, coordinates));
        }

        public void Grow(int[] group)
        {
            int[] coordinates = Coordinates(group);
            grownMatrixLogDet += Condition(conditionedMatrix, coordinates);
            grownPrecisionLogDet += Condition(conditionedPrecision, coordinates);
        }

        int[] Coordinates(int[] set)
        {
            var coordinates = new int[width * set.Length];
            for (int w = 0; w < width; w++)
                for (int i = 0; i < set.Length; i++) coordinates[w * set.Length + i] = w * channels + set[i];
            return coordinates;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        double LogDet(double[] m, int[] coordinates)
        {
            int k = coordinates.Length;
            double[] rented = System.Buffers.ArrayPool<double>.Shared.Rent(k * k);
            try
            {
                Span<double> block = rented.AsSpan(0, k * k);
                SubMatrix.Gather(m, size, coordinates, block);
                if (!Cholesky.TryFactor(block, k))
                    throw new ArgumentException("a conditional covariance is not numerically positive-definite; regularise the covariance (a ridge on the diagonal).");
                return Cholesky.LogDeterminantOfFactor(block, k);
            }
            finally
            {
                System.Buffers.ArrayPool<double>.Shared.Return(rented);
            }
        }

        /// <summary>m ← m − m[:, g] m[g, g]⁻¹ m[g, :]; returns log det m[g, g] before the update.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        double Condition(double[] m, int[] g)
        {
            int k = g.Length;
            var factor = new double[k * k];
            SubMatrix.Gather(m, size, g, factor);
            if (!Cholesky.TryFactor(factor, k))
                throw new ArgumentException("a conditional covariance is not numerically positive-definite; regularise the covariance (a ridge on the diagonal).");
            double logDet = Cholesky.LogDeterminantOfFactor(factor, k);
            var rows = new double[k * size];                        // m[g, :]
            for (int i = 0; i < k; i++) Array.Copy(m, g[i] * size, rows, i * size, size);
            var solved = (double[])rows.Clone();                   // m[g, g]⁻¹ m[g, :]
            Cholesky.SolveWithFactor(factor, k, solved, size);
            for (int r = 0; r < size; r++)
            {
                Span<double> row = m.AsSpan(r * size, size);
                for (int i = 0; i < k; i++)
                {
                    double coefficient = rows[i * size + r];     // m[r, g_i] = m[g_i, r]
                    if (coefficient == 0) continue;
                    ReadOnlySpan<double> s = solved.AsSpan(i * size, size);
                    for (int c = 0; c < size; c++) row[c] -= coefficient * s[c];
                }
            }
            return logDet;
        }
    }
}
