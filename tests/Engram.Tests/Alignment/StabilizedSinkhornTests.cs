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

    /// <summary>Points on a line, squared distances, ε = 3e-4: each row's mass sits on its few nearest points (&lt; 25 % kept).</summary>
    static (double[] P, double[] Q, double[] LogKernel) SharpProblem()
    {
        const int n = 80, m = 70;
        var random = new Random(5);
        double[] x = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble())], y = [.. Enumerable.Range(0, m).Select(_ => random.NextDouble())];
        double[] p = [.. Enumerable.Repeat(1.0 / n, n)], q = [.. Enumerable.Repeat(1.0 / m, m)];
        var logKernel = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) logKernel[i * m + j] = -(x[i] - y[j]) * (x[i] - y[j]) / 3e-4;
        return (p, q, logKernel);
    }

    static (double[] Plan, StabilizedSinkhorn<double> Solver, bool Converged) SolveSharp(double[] p, double[] q, double[] logKernel, bool truncate, double tolerance = 1e-13)
    {
        var sinkhorn = new StabilizedSinkhorn<double>(p, q, truncate);
        var plan = new double[logKernel.Length];
        bool converged = sinkhorn.Solve(logKernel, plan, tolerance, 100_000, SinkhornAcceleration.Anderson);
        return (plan, sinkhorn, converged);
    }

    [Fact]
    public void The_truncated_kernel_sweeps_a_sharp_problem_to_the_dense_kernels_plan()
    {
        var (p, q, logKernel) = SharpProblem();
        var dense = SolveSharp(p, q, logKernel, truncate: false);
        var truncated = SolveSharp(p, q, logKernel, truncate: true);
        Assert.True(dense.Converged && truncated.Converged);
        Assert.Equal(0, dense.Solver.TruncatedSweeps);
        Assert.True(truncated.Solver.TruncatedSweeps > 0.9 * truncated.Solver.LastSweeps,
            $"{truncated.Solver.TruncatedSweeps} of {truncated.Solver.LastSweeps} sweeps over the truncated kernel: it was not used");
        // Both meet the marginals to 1e-13; the plans then agree to what that tolerance pins down (entries are ~1/80).
        double largest = dense.Plan.Zip(truncated.Plan, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largest < 1e-11, $"max |ΔT| {largest:G3}");
    }

    [Fact]
    public void When_the_dropped_entries_carry_mass_the_solve_goes_on_densely_to_the_dense_kernels_plan()
    {
        // A band of width 3 carries the rows; column 0 (mass 1e-10) has one entry kept (row 1, e^-26 of its row) and 39
        // dropped ones (e^-28, below the 1e-12 threshold), which together carry most of column 0's mass in the dense
        // solution. Its scaling stays far below the absorption threshold (a rebuild would keep those entries), so the
        // truncated sweeps meet the tolerance on a wrong plan; the closing dense sweep must see it and go on.
        const int n = 40;
        double[] p = [.. Enumerable.Repeat(1.0 / n, n)];
        double[] q = [1e-10, .. Enumerable.Repeat((1 - 1e-10) / (n - 1), n - 1)];
        var logKernel = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                logKernel[i * n + j] = j == 0 ? (i == 1 ? -26 : -28) : Math.Abs(i - j) <= 1 ? 0 : -200;
        var dense = SolveSharp(p, q, logKernel, truncate: false, tolerance: 1e-13);
        var truncated = SolveSharp(p, q, logKernel, truncate: true, tolerance: 1e-13);
        Assert.True(dense.Converged && truncated.Converged);
        Assert.True(truncated.Solver.TruncatedSweeps > 0, "the truncated kernel was never used");
        double column0FromDropped = Enumerable.Range(0, n).Where(i => i != 1).Sum(i => dense.Plan[i * n]);
        Assert.True(column0FromDropped > 0.5 * q[0], $"the dropped entries carry only {column0FromDropped / q[0]:P1} of column 0: the case is not the one meant");
        double largest = dense.Plan.Zip(truncated.Plan, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largest < 1e-11, $"max |ΔT| {largest:G3}: the truncated solution was returned");   // 4.7e-10 without the closing dense sweep
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(1854)]
    public void The_vector_count_of_kept_entries_equals_a_plain_count_in_both_precisions(int length)
    {
        var random = new Random(length);
        double[] row = [.. Enumerable.Range(0, length).Select(_ => random.Next(4) switch { 0 => 0.5, 1 => 0.25, _ => random.NextDouble() })];
        Assert.Equal(row.Count(x => x >= 0.5), TruncatedKernel<double>.CountAtLeast(row, 0.5));
        float[] single = [.. row.Select(x => (float)x)];
        Assert.Equal(single.Count(x => x >= 0.25f), TruncatedKernel<float>.CountAtLeast(single, 0.25f));
    }

    [Fact]
    public void The_truncated_kernel_keeps_exactly_the_entries_at_or_above_the_threshold()
    {
        const int n = 3, m = 4;
        double[] p = [0.5, 0.25, 0.25];
        double t = TruncatedKernel<double>.RelativeThreshold;
        double[] kernel =
        [
            0.5 - 2 * t, t * 0.5, t * 0.5 * 0.999, 0.5 * t,
            0.25, 0, 0, 0,
            0.1, 0.05, 0.05, 0.05,
        ];
        var truncated = new TruncatedKernel<double>(n, m, maxKeptFraction: 1);
        truncated.Build(kernel, p, 1, _ => (0, n));
        Assert.Equal(8, truncated.Kept);   // row 0 drops the entry just below θ·p₀, row 1 its zeros
        Assert.True(truncated.Usable);
        double[] v = [1, 2, 3, 4];
        Assert.Equal((0.5 - 2 * t) + 2 * t * 0.5 + 4 * t * 0.5, truncated.RowDot(0, v), 15);
        var columns = new double[m];
        truncated.AddRow(2, 2, columns);
        Assert.Equal([0.2, 0.1, 0.1, 0.1], columns);

        var strict = new TruncatedKernel<double>(n, m);   // 8 of 12 entries kept: more than a quarter, so the sweeps stay dense
        strict.Build(kernel, p, 1, _ => (0, n));
        Assert.False(strict.Usable);
    }
}
