using Engram.Alignment;

namespace Engram.Tests.Alignment;

public class StabilizedSinkhornTests
{
    /// <summary>Points on a line with squared distances as the cost, ε = 0.01 of the cost's range: a slow, sharp problem.</summary>
    static (double[] P, double[] Q, double[] LogKernel) SlowProblem()
    {
        const int n = 60, m = 50;
        var random = new Random(3);
        double[] x = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble())], y = [.. Enumerable.Range(0, m).Select(_ => random.NextDouble())];
        double[] p = [.. Enumerable.Range(0, n).Select(_ => 0.5 + random.NextDouble())], q = [.. Enumerable.Range(0, m).Select(_ => 0.5 + random.NextDouble())];
        double sp = p.Sum(), sq = q.Sum();
        p = [.. p.Select(v => v / sp)];
        q = [.. q.Select(v => v / sq)];
        var logKernel = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) logKernel[i * m + j] = -(x[i] - y[j]) * (x[i] - y[j]) / 0.01;
        return (p, q, logKernel);
    }

    static (double[] Plan, int Sweeps, bool Converged) Solve(SinkhornAcceleration acceleration, int maxSweeps = 100_000)
    {
        var (p, q, logKernel) = SlowProblem();
        var sinkhorn = new StabilizedSinkhorn<double>(p, q);
        var plan = new double[logKernel.Length];
        bool converged = sinkhorn.Solve(logKernel, plan, 1e-12, maxSweeps, acceleration);
        return (plan, sinkhorn.LastSweeps, converged);
    }

    [Fact]
    public void Every_acceleration_converges_to_the_same_plan_and_Anderson_needs_the_fewest_sweeps()
    {
        var plain = Solve(SinkhornAcceleration.None);
        var relaxed = Solve(SinkhornAcceleration.OverRelaxation);
        var anderson = Solve(SinkhornAcceleration.Anderson);
        Assert.True(plain.Converged && relaxed.Converged && anderson.Converged);
        double Difference(double[] a, double[] b) => a.Zip(b, (s, t) => Math.Abs(s - t)).Max();
        Assert.True(Difference(plain.Plan, anderson.Plan) < 1e-10, $"max |ΔT| {Difference(plain.Plan, anderson.Plan):G3}");
        Assert.True(Difference(plain.Plan, relaxed.Plan) < 1e-10, $"max |ΔT| {Difference(plain.Plan, relaxed.Plan):G3}");
        string counts = $"plain {plain.Sweeps}, over-relaxed {relaxed.Sweeps}, Anderson {anderson.Sweeps} sweeps";
        Assert.True(relaxed.Sweeps < plain.Sweeps, counts);
        Assert.True(anderson.Sweeps * 2 < relaxed.Sweeps, counts);
    }

    [Fact]
    public void Stopping_at_the_sweep_cap_is_reported_as_not_converged_with_the_sweeps_done()
    {
        var capped = Solve(SinkhornAcceleration.Anderson, maxSweeps: 5);
        Assert.False(capped.Converged);
        Assert.Equal(5, capped.Sweeps);
        Assert.All(capped.Plan, t => Assert.True(double.IsFinite(t) && t >= 0));
    }

    [Theory]
    [InlineData(SinkhornAcceleration.None)]
    [InlineData(SinkhornAcceleration.Anderson)]
    public void A_converged_solve_ends_on_a_column_update_so_its_plan_meets_the_column_marginals_exactly(SinkhornAcceleration acceleration)
    {
        // A loose tolerance stops the solve after a sweep or two; the plan's columns must still sum to q (the column
        // potentials move at every solve). Stopping before the last column update had left them off by up to the
        // tolerance, and a warm-started GW iteration then stalled above its own tolerance.
        var (p, q, logKernel) = SlowProblem();
        var sinkhorn = new StabilizedSinkhorn<double>(p, q);
        var plan = new double[logKernel.Length];
        Assert.True(sinkhorn.Solve(logKernel, plan, 1e-2, 1000, acceleration));
        int n = p.Length, m = q.Length;
        for (int j = 0; j < m; j++)
        {
            double column = 0;
            for (int i = 0; i < n; i++) column += plan[i * m + j];
            Assert.True(Math.Abs(column - q[j]) <= 1e-14, $"column {j} sums to {column:R}, q_j = {q[j]:R} ({sinkhorn.LastSweeps} sweeps)");
        }
    }
}
