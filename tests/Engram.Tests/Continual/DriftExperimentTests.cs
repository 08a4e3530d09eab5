using Engram.Continual;

namespace Engram.Tests.Continual;

public class DriftExperimentTests
{
    // docs/science.md §3 reference table (mean over random draws).
    const double EnergyCluster = -0.507404, EnergyOutlier = -0.500502;
    const double DEClusterEps05 = 0.02623, DEOutlierEps05 = 0.03005;
    const double DEClusterEps02 = 0.004255, DEOutlierEps02 = 0.004853;
    const double GainSelfClusterEps05 = 0.01318, GainSelfOutlierEps05 = 0.01593;

    static readonly Lazy<DriftExperimentResult> Eps05 = new(() => DriftExperiment.Run(new DriftExperimentSettings { Epsilon = 0.05, Draws = 200, Seed = 0 }));
    static readonly Lazy<DriftExperimentResult> Eps02 = new(() => DriftExperiment.Run(new DriftExperimentSettings { Epsilon = 0.02, Draws = 200, Seed = 0 }));

    static void Within3Percent(double reference, double? actual, string what)
    {
        Assert.NotNull(actual);
        double rel = Math.Abs(actual!.Value - reference) / Math.Abs(reference);
        Assert.True(rel < 0.03, $"{what}: {actual:G6} vs reference {reference:G6} ({100 * rel:F2} %)");
    }

    [Fact]
    public void Epsilon_0_05_with_200_draws_reproduces_the_reference_table()
    {
        DriftExperimentResult r = Eps05.Value;
        Assert.Equal(EnergyCluster, r.EnergyCluster!.Value, 1e-6);
        Assert.Equal(EnergyOutlier, r.EnergyOutlier!.Value, 1e-6);
        Within3Percent(DEClusterEps05, r.DECluster, "mean ΔE cluster");
        Within3Percent(DEOutlierEps05, r.DEOutlier, "mean ΔE outlier");
        Within3Percent(GainSelfClusterEps05, r.GainSelfCluster, "net self-replay gain cluster");
        Within3Percent(GainSelfOutlierEps05, r.GainSelfOutlier, "net self-replay gain outlier");
        Assert.InRange(r.GainWithin!.Value, 2.0e-4, 3.0e-4);   // "≈ 2.5e−4"
        Assert.InRange(r.GainCross!.Value, 0.5e-5, 2.0e-5);    // "≈ 1e−5"
        Assert.Equal(0, r.NotConverged);
        Assert.True(r.MaxOrthogonalityError < 1e-12);
        Assert.True(r.MaxClosedFormDirectDifference < 1e-10);
    }

    [Fact]
    public void Epsilon_0_02_with_200_draws_reproduces_the_reference_table()
    {
        DriftExperimentResult r = Eps02.Value;
        Assert.Equal(EnergyCluster, r.EnergyCluster!.Value, 1e-6);
        Assert.Equal(EnergyOutlier, r.EnergyOutlier!.Value, 1e-6);
        Within3Percent(DEClusterEps02, r.DECluster, "mean ΔE cluster");
        Within3Percent(DEOutlierEps02, r.DEOutlier, "mean ΔE outlier");
    }

    [Fact]
    public void Outliers_forget_more_than_cluster_members_on_average()
    {
        DriftExperimentResult r = Eps05.Value;
        double gap = r.DEOutlier!.Value - r.DECluster!.Value;
        double se = Math.Sqrt(r.DEOutlierSe!.Value * r.DEOutlierSe.Value + r.DEClusterSe!.Value * r.DEClusterSe.Value);
        Assert.True(gap > 3 * se, $"outlier ΔE {r.DEOutlier:G5} − cluster ΔE {r.DECluster:G5} = {gap:G3}, standard error {se:G3}");
        Assert.True(r.GainSelfOutlier > r.GainSelfCluster);
    }

    [Fact]
    public void Forgetting_scales_as_epsilon_squared_between_0_02_and_0_05()
    {
        // Same seed → same memories and same Ω in every draw, so the ratio is free of sampling noise between ε.
        double expected = Math.Pow(0.02 / 0.05, 2);
        Assert.Equal(expected, Eps02.Value.DECluster!.Value / Eps05.Value.DECluster!.Value, 0.02 * expected);
        Assert.Equal(expected, Eps02.Value.DEOutlier!.Value / Eps05.Value.DEOutlier!.Value, 0.02 * expected);
    }

    [Fact]
    public void Results_do_not_depend_on_thread_scheduling()
    {
        var settings = new DriftExperimentSettings { Draws = 24, Seed = 5 };
        DriftExperimentResult parallel = DriftExperiment.Run(settings, cancellation: TestContext.Current.CancellationToken);
        var sequentialReversed = Enumerable.Range(0, 24).Reverse().Select(i => (i, DriftExperiment.RunDraw(settings, i)))
            .OrderBy(t => t.i).Select(t => t.Item2).ToArray();
        DriftExperimentResult sequential = DriftExperimentResult.Aggregate(settings, settings.Layout.Groups(), sequentialReversed);
        Assert.Equal(sequential.DECluster, parallel.DECluster);
        Assert.Equal(sequential.DEOutlierSe, parallel.DEOutlierSe);
        Assert.Equal(sequential.GainCross, parallel.GainCross);
        Assert.Equal(sequential.EnergyIncreasePerDraw, parallel.EnergyIncreasePerDraw);
    }

    [Fact]
    public void Standard_errors_are_the_spread_of_the_per_draw_means()
    {
        DriftExperimentResult r = DriftExperiment.Run(new DriftExperimentSettings { Draws = 30, Seed = 1 }, cancellation: TestContext.Current.CancellationToken);
        double[] outlier = r.EnergyIncreasePerDraw.Select(row => row[12]).ToArray();
        double mean = outlier.Average();
        double sd = Math.Sqrt(outlier.Sum(v => (v - mean) * (v - mean)) / (outlier.Length - 1));
        Assert.Equal(mean, r.DEOutlier!.Value, 1e-15);
        Assert.Equal(sd / Math.Sqrt(30), r.DEOutlierSe!.Value, 1e-15);
    }

    [Fact]
    public void A_user_memory_without_groups_reports_per_pattern_values_only()
    {
        double[,] x = ClusteredMemory.Generate(MemoryLayout.Protocol, 50, new Random(3)).Patterns;
        DriftExperimentResult r = DriftExperiment.Run(new DriftExperimentSettings { Patterns = x, Draws = 10 }, cancellation: TestContext.Current.CancellationToken);
        Assert.Null(r.DECluster);
        Assert.Null(r.Groups);
        Assert.Equal(13, r.EnergyIncrease.Length);
        Assert.All(r.EnergyIncrease, e => Assert.True(e > 0));
        Assert.Equal(r.EnergyIncrease.Average(), r.DEAll, 1e-15);
    }

    [Fact]
    public void Additive_drift_moves_the_energies_and_keeps_the_closed_form_exact()
    {
        // Isotropic noise does not necessarily raise E at the fixed points: by Jensen, the log-sum-exp of noisy scores
        // rises on average, so the mean ΔE can be negative. What must hold: σ = 0 changes nothing, σ > 0 moves the
        // energies, and the closed-form gain still equals the direct energy drop.
        var zero = DriftExperiment.Run(new DriftExperimentSettings { Drift = new AdditiveDrift(0), Draws = 4 }, cancellation: TestContext.Current.CancellationToken);
        Assert.All(zero.EnergyIncreasePerDraw.SelectMany(row => row), e => Assert.Equal(0.0, e));
        var r = DriftExperiment.Run(new DriftExperimentSettings { Drift = new AdditiveDrift(0.05), Draws = 20 }, cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(0.0, r.MaxOrthogonalityError);
        Assert.True(r.EnergyIncreasePerDraw.SelectMany(row => row).Max(Math.Abs) > 1e-3);
        Assert.True(r.MaxClosedFormDirectDifference < 1e-10);
        Assert.Equal("additive Gaussian σ = 0.05", r.Drift);
    }

    [Theory]
    [InlineData(-0.1, 8, 0.35, 50, "ε")]
    [InlineData(0.05, 0, 0.35, 50, "β")]
    [InlineData(0.05, 8, 1.0, 50, "[0, 1)")]
    [InlineData(0.05, 8, 0.35, 13, "directions")]
    public void Bad_settings_are_rejected_with_a_message_naming_the_problem(double eps, double beta, double c, int d, string expected)
    {
        var settings = new DriftExperimentSettings { Epsilon = eps, Beta = beta, Correlation = c, Dimension = d };
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => DriftExperiment.Run(settings, cancellation: TestContext.Current.CancellationToken)).Message);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Many_draws_converge_on_the_reference_table_within_1_percent()
    {
        // The table is a mean over random draws; with 10 000 draws the sampling error is about 0.2 % (outlier).
        var eps05 = DriftExperiment.Run(new DriftExperimentSettings { Epsilon = 0.05, Draws = 10_000, Seed = 12345 }, cancellation: TestContext.Current.CancellationToken);
        var eps02 = DriftExperiment.Run(new DriftExperimentSettings { Epsilon = 0.02, Draws = 10_000, Seed = 12345 }, cancellation: TestContext.Current.CancellationToken);
        Assert.InRange(eps05.DECluster!.Value / DEClusterEps05, 0.99, 1.01);
        Assert.InRange(eps05.DEOutlier!.Value / DEOutlierEps05, 0.99, 1.01);
        Assert.InRange(eps05.GainSelfCluster!.Value / GainSelfClusterEps05, 0.99, 1.01);
        Assert.InRange(eps05.GainSelfOutlier!.Value / GainSelfOutlierEps05, 0.99, 1.01);
        Assert.InRange(eps02.DECluster!.Value / DEClusterEps02, 0.99, 1.01);
        Assert.InRange(eps02.DEOutlier!.Value / DEOutlierEps02, 0.99, 1.01);
    }
}
