using CsCheck;
using Engram.Memory;

namespace Engram.Tests.Memory;

public class ModernHopfieldTests
{
    /// <summary>12 unit cluster patterns with pairwise correlation c plus one orthogonal outlier (docs/science.md §3).</summary>
    static double[,] ClusterAndOutlier(int d, double c)
    {
        var x = new double[13, d];
        for (int k = 0; k < 12; k++)
        {
            x[k, 0] = Math.Sqrt(c);
            x[k, 1 + k] = Math.Sqrt(1 - c);
        }
        x[12, 13] = 1;
        return x;
    }

    [Fact]
    public void Energies_at_the_stored_patterns_match_the_published_reference()
    {
        var net = new ModernHopfield(ClusterAndOutlier(50, 0.35), beta: 8);
        Assert.Equal(-0.507404, net.Energy(net.Pattern(0)), 6);
        Assert.Equal(-0.500502, net.Energy(net.Pattern(12)), 6);
    }

    [Fact]
    public void Energy_equals_the_direct_formula_without_the_max_shift()
    {
        var x = new double[,] { { 0.3, -0.1 }, { -0.2, 0.5 }, { 0.1, 0.1 } };
        double[] z = [0.4, -0.7];
        const double beta = 2.5;
        double sum = 0;
        for (int mu = 0; mu < 3; mu++) sum += Math.Exp(beta * (x[mu, 0] * z[0] + x[mu, 1] * z[1]));
        double direct = -Math.Log(sum) / beta + 0.5 * (z[0] * z[0] + z[1] * z[1]);
        Assert.Equal(direct, new ModernHopfield(x, beta).Energy(z), 14);
    }

    [Fact]
    public void Energy_never_increases_under_the_update()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var random = new Random(seed);
            int n = random.Next(1, 12), d = random.Next(1, 10);
            var x = new double[n, d];
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i, j] = 3 * (random.NextDouble() - 0.5);
            var net = new ModernHopfield(x, beta: 0.1 + 10 * random.NextDouble());
            double[] z = Enumerable.Range(0, d).Select(_ => 4 * (random.NextDouble() - 0.5)).ToArray();
            double e = net.Energy(z);
            for (int t = 0; t < 20; t++)
            {
                z = net.Update(z);
                double next = net.Energy(z);
                Assert.True(next <= e + 1e-12, $"energy rose from {e} to {next} at step {t}");
                e = next;
            }
        }, iter: 200);
    }

    [Fact]
    public void One_step_retrieves_well_separated_patterns_exactly_at_large_beta()
    {
        var random = new Random(3);
        const int n = 20, d = 64;
        var x = new double[n, d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i, j] = random.NextDouble() < 0.5 ? -1 : 1;
        var net = new ModernHopfield(x, beta: 1.0);
        var queries = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) queries[i, j] = x[i, j] * (j < 8 ? -1 : 1); // 8 of 64 signs flipped
        double[,] retrieved = net.Retrieve(queries, steps: 1);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) Assert.Equal(x[i, j], retrieved[i, j], 6);
    }

    [Fact]
    public void Fixed_point_iteration_reports_convergence_and_the_energy_there()
    {
        var net = new ModernHopfield(ClusterAndOutlier(50, 0.35), beta: 8);
        FixedPointResult fp = net.FixedPoint(net.Pattern(3));
        Assert.True(fp.Converged);
        Assert.True(fp.LastStepNorm < 1e-12);
        Assert.Equal(net.Energy(fp.State), fp.Energy, 15);
        Assert.True(fp.Energy <= net.Energy(net.Pattern(3)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Non_positive_or_nan_beta_is_rejected_with_its_value(double beta)
    {
        var e = Assert.Throws<ArgumentException>(() => new ModernHopfield(new double[,] { { 1 } }, beta));
        Assert.Contains("beta", e.Message);
    }

    [Fact]
    public void A_non_finite_pattern_entry_is_rejected_with_its_position()
    {
        var e = Assert.Throws<ArgumentException>(() => new ModernHopfield(new double[,] { { 1, double.NaN } }, 1));
        Assert.Contains("[0, 1]", e.Message);
    }

    [Fact]
    public void Fixed_points_from_all_patterns_equal_the_fixed_point_iteration_from_each()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var random = new Random(seed);
            int n = random.Next(1, 20), d = random.Next(1, 12);
            var x = new double[n, d];
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i, j] = 2 * (random.NextDouble() - 0.5);
            var net = new ModernHopfield(x, beta: 0.5 + 8 * random.NextDouble());
            FixedPointResult[] all = net.FixedPointsFromPatterns(1e-12, 10_000);
            for (int k = 0; k < n; k++)
            {
                FixedPointResult one = net.FixedPoint(net.Pattern(k), 1e-12, 10_000);
                Assert.True(one.Converged && all[k].Converged, $"seed {seed}, pattern {k}: converged {one.Converged} / {all[k].Converged}");
                Assert.InRange(all[k].Iterations, one.Iterations - 1, one.Iterations + 1); // the step norms agree to rounding
                for (int j = 0; j < d; j++) Assert.Equal(one.State[j], all[k].State[j], 1e-11);
                Assert.Equal(one.Energy, all[k].Energy, 1e-12);
            }
        }, iter: 100);
    }
}
