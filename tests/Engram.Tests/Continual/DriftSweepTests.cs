using Engram.Continual;

namespace Engram.Tests.Continual;

public class DriftSweepTests
{
    [Fact]
    public void Energy_increase_scales_as_epsilon_squared_for_small_epsilon()
    {
        var settings = new DriftSweepSettings
        {
            Base = new DriftExperimentSettings { Draws = 40 },
            Epsilons = [0.001, 0.002, 0.005, 0.01, 0.02],
            Correlations = [],
        };
        DriftSweepResult r = DriftSweep.Run(settings, cancellation: TestContext.Current.CancellationToken);
        Assert.InRange(r.SlopeCluster.Slope, 1.95, 2.05);
        Assert.InRange(r.SlopeOutlier!.Slope, 1.95, 2.05);
        Assert.Equal(5, r.EpsilonPoints.Count);
    }

    [Fact]
    public void Denser_clusters_have_lower_energy_and_forget_less()
    {
        var settings = new DriftSweepSettings
        {
            Base = new DriftExperimentSettings { Draws = 30 },
            Epsilons = [0.02, 0.05],
            Correlations = [0.1, 0.35, 0.6],
        };
        DriftSweepResult r = DriftSweep.Run(settings, cancellation: TestContext.Current.CancellationToken);
        var points = r.CorrelationPoints;
        Assert.True(points[0].EnergyCluster > points[1].EnergyCluster && points[1].EnergyCluster > points[2].EnergyCluster);
        Assert.True(points[0].DECluster > points[2].DECluster);
        Assert.All(points.Skip(1), p => Assert.True(p.DEOutlier > p.DECluster)); // at c = 0.1 members are almost outliers themselves
    }

    [Fact]
    public void Power_law_fit_recovers_an_exact_power_law()
    {
        double[] x = [0.1, 0.2, 0.4, 0.8];
        PowerLawFit fit = PowerLawFit.Fit(x, x.Select(v => 3 * v * v).ToArray());
        Assert.Equal(2.0, fit.Slope, 1e-12);
        Assert.Equal(Math.Log(3), fit.Intercept, 1e-12);
        Assert.Equal(0.0, fit.SlopeStandardError, 1e-10);
    }

    [Fact]
    public void A_single_epsilon_or_a_non_positive_one_is_rejected()
    {
        Assert.Contains("two distinct", Assert.Throws<ArgumentException>(() => DriftSweep.Run(new DriftSweepSettings { Epsilons = [0.05] }, cancellation: TestContext.Current.CancellationToken)).Message);
        Assert.Contains("> 0", Assert.Throws<ArgumentException>(() => DriftSweep.Run(new DriftSweepSettings { Epsilons = [0, 0.05] }, cancellation: TestContext.Current.CancellationToken)).Message);
    }
}
