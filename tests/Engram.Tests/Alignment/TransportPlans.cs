namespace Engram.Tests.Alignment;

/// <summary>Random marginals and the checks every transport-plan test needs.</summary>
internal static class TransportPlans
{
    /// <summary>n strictly positive weights summing to 1, spread over two orders of magnitude.</summary>
    public static double[] RandomDistribution(Random random, int n)
    {
        double[] w = Enumerable.Range(0, n).Select(_ => Math.Exp(4.6 * random.NextDouble())).ToArray();
        double sum = w.Sum();
        return w.Select(v => v / sum).ToArray();
    }

    /// <summary>Row sums of <paramref name="plan"/>.</summary>
    public static double[] Rows(double[,] plan) =>
        Enumerable.Range(0, plan.GetLength(0)).Select(i => Enumerable.Range(0, plan.GetLength(1)).Sum(j => plan[i, j])).ToArray();

    /// <summary>Column sums of <paramref name="plan"/>.</summary>
    public static double[] Columns(double[,] plan) =>
        Enumerable.Range(0, plan.GetLength(1)).Select(j => Enumerable.Range(0, plan.GetLength(0)).Sum(i => plan[i, j])).ToArray();

    /// <summary>Σ|T𝟙 − p| + Σ|Tᵀ𝟙 − q|.</summary>
    public static double Violation(double[,] plan, double[] p, double[] q) =>
        Rows(plan).Zip(p, (r, w) => Math.Abs(r - w)).Sum() + Columns(plan).Zip(q, (c, w) => Math.Abs(c - w)).Sum();

    /// <summary>Asserts that <paramref name="plan"/> is n × m, non-negative, finite, with every row and column sum within <paramref name="tolerance"/> of p and q.</summary>
    public static void AssertInTransportPolytope(double[,] plan, double[] p, double[] q, double tolerance)
    {
        Assert.Equal(p.Length, plan.GetLength(0));
        Assert.Equal(q.Length, plan.GetLength(1));
        foreach (double v in plan) Assert.True(double.IsFinite(v) && v >= 0, $"entry {v}");
        double[] rows = Rows(plan), columns = Columns(plan);
        for (int i = 0; i < p.Length; i++)
            Assert.True(Math.Abs(rows[i] - p[i]) <= tolerance, $"row {i} sums to {rows[i]:R}, p = {p[i]:R}");
        for (int j = 0; j < q.Length; j++)
            Assert.True(Math.Abs(columns[j] - q[j]) <= tolerance, $"column {j} sums to {columns[j]:R}, q = {q[j]:R}");
    }
}
