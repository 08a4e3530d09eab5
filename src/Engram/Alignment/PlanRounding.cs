namespace Engram.Alignment;

/// <summary>
/// Projects an approximate transport plan onto U(p, q) exactly (Altschuler, Weed &amp; Rigollet 2017,
/// "Near-linear time approximation algorithms for optimal transport via Sinkhorn iteration", Algorithm 2):
/// scale down rows whose sums exceed p, then columns whose sums exceed q, then add the outer product of the
/// remaining deficits divided by their total. The change is bounded by twice the L1 marginal violation.
/// </summary>
public static class PlanRounding
{
    /// <summary>Rounds <paramref name="plan"/> in place; returns the L1 marginal violation it removed.</summary>
    public static double RoundToMarginals(double[,] plan, double[] p, double[] q)
    {
        int n = p.Length, m = q.Length;
        var rows = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < m; j++) s += plan[i, j];
            rows[i] = s;
        }
        var columns = new double[m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) columns[j] += plan[i, j];
        double violation = rows.Zip(p).Sum(x => Math.Abs(x.First - x.Second)) + columns.Zip(q).Sum(x => Math.Abs(x.First - x.Second));

        for (int i = 0; i < n; i++)
            if (rows[i] > p[i])
            {
                double scale = p[i] / rows[i];
                for (int j = 0; j < m; j++) plan[i, j] *= scale;
            }
        Array.Clear(columns);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) columns[j] += plan[i, j];
        for (int j = 0; j < m; j++)
            if (columns[j] > q[j])
            {
                double scale = q[j] / columns[j];
                for (int i = 0; i < n; i++) plan[i, j] *= scale;
            }

        var rowDeficit = new double[n];
        var columnDeficit = new double[m];
        Array.Clear(columns);
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < m; j++) { s += plan[i, j]; columns[j] += plan[i, j]; }
            rowDeficit[i] = Math.Max(0, p[i] - s);
        }
        for (int j = 0; j < m; j++) columnDeficit[j] = Math.Max(0, q[j] - columns[j]);
        double total = rowDeficit.Sum();
        if (total > 0)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++) plan[i, j] += rowDeficit[i] * columnDeficit[j] / total;
        return violation;
    }
}
