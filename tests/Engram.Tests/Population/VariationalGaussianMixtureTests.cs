using System.Text.Json;
using Engram.Population;

namespace Engram.Tests.Population;

public class VariationalGaussianMixtureTests
{
    static WeightPriorType Prior(JsonElement c) =>
        c.GetProperty("weight_prior").GetString() == "dirichlet_process" ? WeightPriorType.DirichletProcess : WeightPriorType.DirichletDistribution;

    [Fact]
    public void From_the_same_initial_responsibilities_it_follows_scikit_learn_iteration_by_iteration()
    {
        foreach (var c in PopulationFixture.Cases("vbgmm_given_resp"))
        {
            string name = c.GetProperty("name").GetString()!;
            var (x, n, d) = PopulationFixture.Matrix(c.GetProperty("x"));
            var (resp, _, k) = PopulationFixture.Matrix(c.GetProperty("resp0"));
            var settings = new VariationalGaussianMixtureSettings
            {
                Components = k, WeightPrior = Prior(c), Tolerance = c.GetProperty("tol").GetDouble(),
                MaxIterations = c.GetProperty("max_iter").GetInt32(), RegCovar = c.GetProperty("reg_covar").GetDouble(),
            };
            VariationalGaussianMixtureFit fit = VariationalGaussianMixture.Fit(x, n, d, resp, settings);

            double[] bounds = PopulationFixture.Vector(c.GetProperty("lower_bounds"));
            Assert.True(bounds.Length == fit.LowerBoundHistory.Length, $"{name}: {fit.LowerBoundHistory.Length} iterations, scikit-learn {bounds.Length}");
            for (int i = 0; i < bounds.Length; i++)
                Assert.True(Math.Abs(bounds[i] - fit.LowerBoundHistory[i]) <= 1e-8 * Math.Max(1, Math.Abs(bounds[i])),
                    $"{name}: lower bound at iteration {i + 1}: scikit-learn {bounds[i]:R}, Engram {fit.LowerBoundHistory[i]:R}");
            Assert.Equal(c.GetProperty("n_iter").GetInt32(), fit.Iterations);
            Assert.Equal(c.GetProperty("converged").GetBoolean(), fit.Converged);
            Assert.Equal(PopulationFixture.Ints(c.GetProperty("labels")), fit.Labels);
            double[] weights = PopulationFixture.Vector(c.GetProperty("weights"));
            for (int j = 0; j < k; j++) Assert.Equal(weights[j], fit.Weights[j], 9);
            var (means, _, _) = PopulationFixture.Matrix(c.GetProperty("means"));
            for (int j = 0; j < means.Length; j++) Assert.Equal(means[j], fit.Means[j], 8);
            double[] dof = PopulationFixture.Vector(c.GetProperty("degrees_of_freedom"));
            double[] beta = PopulationFixture.Vector(c.GetProperty("mean_precision"));
            for (int j = 0; j < k; j++)
            {
                Assert.Equal(dof[j], fit.DegreesOfFreedom[j], 8);
                Assert.Equal(beta[j], fit.MeanPrecision[j], 8);
            }
            double[] covariances = c.GetProperty("covariances").EnumerateArray()
                .SelectMany(m => m.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble()))).ToArray();
            for (int j = 0; j < covariances.Length; j++) Assert.Equal(covariances[j], fit.Covariances[j], 8);
        }
    }

    [Fact]
    public void With_its_own_kmeans_start_it_finds_the_partition_scikit_learn_finds_on_separated_blobs()
    {
        foreach (var c in PopulationFixture.Cases("vbgmm_kmeans"))
        {
            var (x, n, d) = PopulationFixture.Matrix(c.GetProperty("x"));
            var settings = new VariationalGaussianMixtureSettings
            {
                Components = c.GetProperty("components").GetInt32(), WeightPrior = Prior(c), MaxIterations = 500, Initializations = 3, Seed = 1,
            };
            VariationalGaussianMixtureFit fit = VariationalGaussianMixture.Fit(x, n, d, settings);
            int[] sklearn = PopulationFixture.Ints(c.GetProperty("labels"));
            Assert.Equal(c.GetProperty("n_clusters").GetInt32(), fit.ClusterCount);
            Assert.Equal(1.0, AdjustedRandIndex.Compute(sklearn, fit.Labels), 12);
        }
    }

    [Fact]
    public void The_lower_bound_never_decreases_from_iteration_to_iteration()
    {
        var random = new Random(9);
        foreach (var prior in new[] { WeightPriorType.DirichletProcess, WeightPriorType.DirichletDistribution })
            for (int trial = 0; trial < 5; trial++)
            {
                int n = 40 + 20 * trial, d = 1 + trial % 3;
                double[] x = Enumerable.Range(0, n * d).Select(i => (i / d % 3) * 3.0 + random.NextDouble() * 2).ToArray();
                var fit = VariationalGaussianMixture.Fit(x, n, d, new VariationalGaussianMixtureSettings
                {
                    Components = 6, WeightPrior = prior, Initialization = MixtureInitialization.Random, Seed = trial, Tolerance = 1e-9, MaxIterations = 300,
                });
                for (int i = 1; i < fit.LowerBoundHistory.Length; i++)
                    Assert.True(fit.LowerBoundHistory[i] >= fit.LowerBoundHistory[i - 1] - 1e-7 * Math.Abs(fit.LowerBoundHistory[i - 1]),
                        $"{prior} trial {trial}: bound fell from {fit.LowerBoundHistory[i - 1]} to {fit.LowerBoundHistory[i]} at iteration {i + 1}");
            }
    }

    [Fact]
    public void Unused_components_are_switched_off_and_the_fit_predicts_its_own_labels()
    {
        var random = new Random(4);
        var x = new List<double>();
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 40; i++) { x.Add(12 * c + random.NextDouble()); x.Add(-7 * c + random.NextDouble()); }
        double[] data = x.ToArray();
        var fit = VariationalGaussianMixture.Fit(data, 120, 2, new VariationalGaussianMixtureSettings { Components = 10, Seed = 2 });
        Assert.Equal(3, fit.ClusterCount);
        Assert.Equal(3, fit.ActiveComponents);
        Assert.Equal(1.0, fit.Weights.Sum(), 12);
        Assert.Equal(fit.Labels, fit.Predict(data));
        Assert.Equal(fit.Labels, VariationalGaussianMixture.Fit(data, 120, 2, new VariationalGaussianMixtureSettings { Components = 10, Seed = 2 }).Labels);
    }

    [Fact]
    public void Invalid_input_is_rejected_with_the_reason()
    {
        double[] x = [0, 1, 2, 3, 4, 5];
        Assert.Contains("[1, n] = [1, 3]", Assert.Throws<ArgumentException>(() =>
            VariationalGaussianMixture.Fit(x, 3, 2, new VariationalGaussianMixtureSettings { Components = 4 })).Message);
        Assert.Contains("x[1, 0] is NaN", Assert.Throws<ArgumentException>(() =>
            VariationalGaussianMixture.Fit([0, 1, double.NaN, 3, 4, 5], 3, 2, new VariationalGaussianMixtureSettings { Components = 2 })).Message);
        Assert.Contains("degrees-of-freedom", Assert.Throws<ArgumentException>(() =>
            VariationalGaussianMixture.Fit(x, 3, 2, new VariationalGaussianMixtureSettings { Components = 2, DegreesOfFreedomPrior = 0.5 })).Message);
        Assert.Contains("n × K", Assert.Throws<ArgumentException>(() =>
            VariationalGaussianMixture.Fit(x, 3, 2, new double[5], new VariationalGaussianMixtureSettings { Components = 2 })).Message);
    }
}
