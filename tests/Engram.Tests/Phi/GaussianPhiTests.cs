using Engram.Phi;

namespace Engram.Tests.Phi;

public class GaussianPhiTests
{
    [Fact]
    public void Mi1_of_two_correlated_channels_is_minus_half_log_one_minus_rho_squared()
    {
        const double rho = 0.6;
        double[] cov = [1, rho, rho, 1];
        var statistics = new GaussianStatistics { Channels = 2, Lag = 1, Samples = 0, Covariance = cov, Past = cov, Present = cov, PastPresent = [0.1, 0, 0, 0.1] };
        double phi = new GaussianPhi(statistics).Evaluate(Partition.FromLabels([1, 2])).Phi;
        Assert.Equal(-0.5 * Math.Log(1 - rho * rho), phi, 1e-15);
    }

    [Fact]
    public void Every_measure_is_zero_across_two_disconnected_blocks_and_positive_across_a_connected_cut()
    {
        var a = new double[4, 4] { { 0.5, 0.2, 0, 0 }, { 0.1, 0.4, 0, 0 }, { 0, 0, 0.3, -0.2 }, { 0, 0, 0.25, 0.5 } };
        var statistics = GaussianStatistics.FromAutoregressive(a);
        foreach (PhiMeasure m in Enum.GetValues<PhiMeasure>())
        {
            var phi = new GaussianPhi(statistics, new PhiSettings { Measure = m });
            Assert.True(Math.Abs(phi.Evaluate(Partition.FromLabels([1, 1, 2, 2])).Phi) < 1e-12, $"{m} across the blocks");
            Assert.True(phi.Evaluate(Partition.FromLabels([1, 2, 1, 2])).Phi > 1e-4, $"{m} across a connected cut");
        }
    }

    [Fact]
    public void Phi_star_lies_between_zero_and_the_mutual_information_and_geometric_phi_below_stochastic_interaction()
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var statistics = RandomSystems.Create(6, seed, 0.8);
            var parts = new[] { new[] { 0, 2, 4 }, new[] { 1, 3, 5 } };
            var (star, beta, information) = MismatchedDecodingPhi.Compute(statistics, parts);
            Assert.InRange(star, 0, information);
            Assert.True(beta > 0);
            double geo = GeometricPhi.Compute(statistics, parts).Phi;
            double si = new GaussianPhi(statistics, new PhiSettings { Measure = PhiMeasure.Si }).Evaluate(Partition.FromParts(6, parts)).Phi;
            Assert.InRange(geo, 0, si + 1e-12);
        }
    }

    [Fact]
    public void The_analytic_covariance_solves_the_lyapunov_equation()
    {
        var a = PhiToySystem.Coupling();
        var s = GaussianStatistics.FromAutoregressive(a);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
            {
                double v = i == j ? 1 : 0;
                for (int k = 0; k < 6; k++) for (int l = 0; l < 6; l++) v += a[i, k] * s.Covariance[k * 6 + l] * a[j, l];
                Assert.Equal(v, s.Covariance[i * 6 + j], 1e-14);
            }
    }

    [Fact]
    public void Bad_partitions_and_data_are_refused_with_one_clear_message()
    {
        Assert.Contains("overlap", Assert.Throws<ArgumentException>(() => Partition.FromParts(4, [[0, 1], [1, 2, 3]])).Message);
        Assert.Contains("does not cover", Assert.Throws<ArgumentException>(() => Partition.FromParts(4, [[0, 1], [2]])).Message);
        var statistics = RandomSystems.Create(4, 1);
        Assert.Contains("covers 3 channels but the data have 4", Assert.Throws<ArgumentException>(() => new GaussianPhi(statistics).Evaluate(Partition.FromLabels([1, 1, 2]))).Message);
        Assert.Contains("not stable", Assert.Throws<ArgumentException>(() => GaussianStatistics.FromAutoregressive(new double[,] { { 1.1, 0 }, { 0, 0.5 } })).Message);
        Assert.Contains("not below the number of samples", Assert.Throws<ArgumentException>(() => GaussianStatistics.FromSeries(new double[2, 5], lag: 5)).Message);
        var series = new double[3, 100];
        series[1, 7] = double.NaN;
        Assert.Contains("non-finite value (NaN) at channel 1, sample 7", Assert.Throws<ArgumentException>(() => GaussianStatistics.FromSeries(series)).Message);
    }
}
