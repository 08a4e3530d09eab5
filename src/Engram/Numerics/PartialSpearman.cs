namespace Engram.Numerics;

/// <summary>
/// Spearman correlations that control for confounders: the partial rank correlation (Conover 1999, §5.4; the partial
/// correlation of the ranks, Kendall 1942). Every variable is replaced by its ranks over all items; the ranks of
/// x and y are then residualised on the controls by least squares — on group indicators (which subtracts each
/// group's mean rank: "rank-residualised within group") and on the ranks of continuous covariates, centred within
/// group (Frisch–Waugh) — and ρ is the Pearson correlation of the two residuals. With no covariate and one group this
/// is Spearman's ρ.
/// </summary>
public static class PartialSpearman
{
    /// <summary>
    /// ρ(x, y | groups, covariates), or <c>false</c> when a residual is constant (e.g. x is a function of the controls).
    /// </summary>
    /// <param name="x">First variable.</param>
    /// <param name="y">Second variable.</param>
    /// <param name="groups">Group of each item (e.g. its class); all items in one group controls for nothing categorical.</param>
    /// <param name="covariates">Continuous controls, each with one value per item (may be empty).</param>
    /// <param name="rho">The partial ρ, or 0 when undefined.</param>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 3 items, or a NaN.</exception>
    public static bool TryCompute(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> groups, IReadOnlyList<IReadOnlyList<double>> covariates, out double rho)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(covariates);
        int n = x.Count;
        if (n < 3) throw new ArgumentException($"a partial correlation needs at least 3 items; got {n}.", nameof(x));
        if (y.Count != n || groups.Count != n || covariates.Any(c => c.Count != n))
            throw new ArgumentException($"every variable needs one value per item ({n}).", nameof(y));
        double[] rx = WithinGroupCentred(Correlation.Ranks(x.ToArray()), groups), ry = WithinGroupCentred(Correlation.Ranks(y.ToArray()), groups);
        var basis = new List<double[]>();
        foreach (IReadOnlyList<double> covariate in covariates)
        {
            double[] c = WithinGroupCentred(Correlation.Ranks(covariate.ToArray()), groups);
            foreach (double[] b in basis) Project(c, b);
            double norm = Math.Sqrt(c.Sum(v => v * v));
            if (norm <= 1e-9 * n) continue;   // a covariate constant within groups, or collinear with earlier ones, adds no control
            basis.Add(c.Select(v => v / norm).ToArray());
        }
        double before = Math.Min(SquaredNorm(rx), SquaredNorm(ry));
        foreach (double[] b in basis)
        {
            Project(rx, b);
            Project(ry, b);
        }
        // A residual that is rounding noise (x or y explained by the controls) has no correlation to report.
        if (!(Math.Min(SquaredNorm(rx), SquaredNorm(ry)) > 1e-20 * before))
        {
            rho = 0;
            return false;
        }
        return Correlation.TryPearson(rx, ry, out rho);
    }

    /// <summary>Values minus the mean of their group: the residual of a least-squares fit on group indicators.</summary>
    public static double[] WithinGroupCentred(IReadOnlyList<double> values, IReadOnlyList<int> groups)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(groups);
        var sums = new Dictionary<int, (double Sum, int Count)>();
        for (int i = 0; i < values.Count; i++)
        {
            sums.TryGetValue(groups[i], out var s);
            sums[groups[i]] = (s.Sum + values[i], s.Count + 1);
        }
        return values.Select((v, i) => v - sums[groups[i]].Sum / sums[groups[i]].Count).ToArray();
    }

    static double SquaredNorm(double[] v) => v.Sum(a => a * a);

    /// <summary>v ← v − (v·b) b for a unit vector b.</summary>
    static void Project(double[] v, double[] b)
    {
        double dot = 0;
        for (int i = 0; i < v.Length; i++) dot += v[i] * b[i];
        for (int i = 0; i < v.Length; i++) v[i] -= dot * b[i];
    }
}
