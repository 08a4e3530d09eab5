using Engram.Numerics;

namespace Engram.Alignment;

/// <summary>How the first transport plan T₀ of the GW iteration is chosen (GWTune's options).</summary>
public enum InitialPlanKind
{
    /// <summary>T₀ = p qᵀ (POT's default).</summary>
    Uniform,

    /// <summary>A random positive matrix scaled to the marginals by Sinkhorn–Knopp matrix scaling (seeded).</summary>
    Random,

    /// <summary>T₀ = diag(p), for equal sizes and p = q: a sanity check, since it assumes the answer.</summary>
    Diagonal,

    /// <summary>A random permutation matrix scaled by the (uniform) marginals (seeded).</summary>
    Permutation,

    /// <summary>A plan supplied by the user, checked against the marginals.</summary>
    User,
}

/// <summary>Builds initial plans T₀ ∈ U(p, q).</summary>
public static class InitialPlan
{
    /// <summary>Marginal violation Σ|T𝟙 − p| + Σ|Tᵀ𝟙 − q| tolerated in a user-supplied plan.</summary>
    public const double UserPlanTolerance = 1e-6;

    /// <summary>
    /// The initial plan of the given kind. <paramref name="user"/> is required for <see cref="InitialPlanKind.User"/>
    /// and must be non-negative with marginals p and q (within <see cref="UserPlanTolerance"/>).
    /// </summary>
    public static double[,] Create(InitialPlanKind kind, double[] p, double[] q, int seed, double[,]? user = null)
    {
        int n = p.Length, m = q.Length;
        switch (kind)
        {
            case InitialPlanKind.Uniform:
                {
                    var t = new double[n, m];
                    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) t[i, j] = p[i] * q[j];
                    return t;
                }
            case InitialPlanKind.Random:
                {
                    var random = Seeding.Create(seed);
                    var t = new double[n, m];
                    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) t[i, j] = 1e-3 + random.NextDouble();
                    return ScaleToMarginals(t, p, q);
                }
            case InitialPlanKind.Diagonal:
                {
                    if (n != m || p.Zip(q).Any(pq => Math.Abs(pq.First - pq.Second) > 1e-12))
                        throw new ArgumentException($"the diagonal initial plan needs equal sizes and equal marginals; got {n} and {m} items.");
                    var t = new double[n, n];
                    for (int i = 0; i < n; i++) t[i, i] = p[i];
                    return t;
                }
            case InitialPlanKind.Permutation:
                {
                    if (n != m || !IsUniform(p) || !IsUniform(q))
                        throw new ArgumentException($"the permutation initial plan needs equal sizes and uniform marginals; got {n} and {m} items.");
                    int[] perm = Enumerable.Range(0, n).ToArray();
                    Seeding.Create(seed).Shuffle(perm);
                    var t = new double[n, n];
                    for (int i = 0; i < n; i++) t[i, perm[i]] = 1.0 / n;
                    return t;
                }
            case InitialPlanKind.User:
                return CheckUserPlan(user ?? throw new ArgumentException("the user initial plan was chosen but no plan was given.", nameof(GwSettings.UserPlan)), p, q);
            default:
                throw new ArgumentException($"unknown initial plan kind {kind}.");
        }
    }

    static bool IsUniform(double[] p) => p.All(v => Math.Abs(v - 1.0 / p.Length) < 1e-12);

    static double[,] CheckUserPlan(double[,] plan, double[] p, double[] q)
    {
        int n = p.Length, m = q.Length;
        if (plan.GetLength(0) != n || plan.GetLength(1) != m)
            throw new ArgumentException($"the initial plan is {plan.GetLength(0)} × {plan.GetLength(1)} but the problem is {n} × {m}.");
        var rows = new double[n];
        var cols = new double[m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double v = plan[i, j];
                if (!double.IsFinite(v) || v < 0)
                    throw new ArgumentException($"initial plan[{i}, {j}] = {v}; a transport plan must be finite and ≥ 0.");
                rows[i] += v;
                cols[j] += v;
            }
        double violation = rows.Zip(p).Sum(rp => Math.Abs(rp.First - rp.Second)) + cols.Zip(q).Sum(cq => Math.Abs(cq.First - cq.Second));
        if (violation > UserPlanTolerance)
            throw new ArgumentException($"the initial plan's marginals differ from p and q by {violation:G3} (L1); rescale it so rows sum to p and columns to q.");
        return (double[,])plan.Clone();
    }

    /// <summary>Sinkhorn–Knopp matrix scaling of a positive matrix to row sums p and column sums q (to 1e-13).</summary>
    public static double[,] ScaleToMarginals(double[,] matrix, double[] p, double[] q)
    {
        int n = p.Length, m = q.Length;
        var u = new double[n];
        var v = new double[m];
        Array.Fill(v, 1.0);
        for (int iteration = 0; iteration < 10_000; iteration++)
        {
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < m; j++) s += matrix[i, j] * v[j];
                u[i] = p[i] / s;
            }
            var colSums = new double[m];
            for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) colSums[j] += u[i] * matrix[i, j];
            double error = 0;
            for (int j = 0; j < m; j++) { error += Math.Abs(colSums[j] * v[j] - q[j]); v[j] = q[j] / colSums[j]; }
            if (error < 1e-13) break;
        }
        var t = new double[n, m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) t[i, j] = u[i] * matrix[i, j] * v[j];
        return t;
    }
}
