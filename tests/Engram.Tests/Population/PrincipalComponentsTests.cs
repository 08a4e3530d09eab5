using Engram.Population;

namespace Engram.Tests.Population;

public class PrincipalComponentsTests
{
    [Fact]
    public void Matches_scikit_learn_PCA_up_to_the_sign_of_each_axis_for_wide_tall_and_square_data()
    {
        foreach (var c in PopulationFixture.Cases("pca"))
        {
            var (x, n, d) = PopulationFixture.Matrix(c.GetProperty("x"));
            int k = c.GetProperty("k").GetInt32();
            PcaResult pca = PrincipalComponents.Fit(x, n, d, k);
            double[] variance = PopulationFixture.Vector(c.GetProperty("explained_variance"));
            double[] ratio = PopulationFixture.Vector(c.GetProperty("explained_variance_ratio"));
            var (axes, _, _) = PopulationFixture.Matrix(c.GetProperty("components"));
            var (scores, _, _) = PopulationFixture.Matrix(c.GetProperty("scores"));
            for (int a = 0; a < k; a++)
            {
                Assert.Equal(1, variance[a] / pca.ExplainedVariance[a], 10);
                Assert.Equal(ratio[a], pca.ExplainedVarianceRatio[a], 10);
                double sign = Math.Sign(Enumerable.Range(0, d).Sum(j => axes[a * d + j] * pca.Components[a, j]));
                for (int j = 0; j < d; j++) Assert.Equal(axes[a * d + j], sign * pca.Components[a, j], 8);
                for (int i = 0; i < n; i++) Assert.Equal(scores[i * k + a], sign * pca.Scores[i, a], 7);
            }
        }
    }

    [Fact]
    public void Axes_are_orthonormal_with_their_largest_entry_positive_and_scores_are_the_projections()
    {
        var random = new Random(3);
        foreach ((int n, int d) in new[] { (7, 30), (50, 4) })
        {
            var x = new double[n, d];
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i, j] = random.NextDouble() * (1 + j % 3);
            PcaResult pca = PrincipalComponents.Fit(x, 3);
            for (int a = 0; a < 3; a++)
            {
                for (int b = 0; b < 3; b++)
                {
                    double dot = Enumerable.Range(0, d).Sum(j => pca.Components[a, j] * pca.Components[b, j]);
                    Assert.Equal(a == b ? 1 : 0, dot, 10);
                }
                int largest = Enumerable.Range(0, d).MaxBy(j => Math.Abs(pca.Components[a, j]));
                Assert.True(pca.Components[a, largest] > 0);
                for (int i = 0; i < n; i++)
                {
                    double projection = Enumerable.Range(0, d).Sum(j => (x[i, j] - pca.Mean[j]) * pca.Components[a, j]);
                    Assert.Equal(projection, pca.Scores[i, a], 10);
                }
            }
            Assert.True(pca.ExplainedVariance[0] >= pca.ExplainedVariance[1] && pca.ExplainedVariance[1] >= pca.ExplainedVariance[2]);
        }
    }

    [Fact]
    public void All_components_of_centred_data_explain_all_the_variance()
    {
        var random = new Random(5);
        var x = new double[6, 4];
        for (int i = 0; i < 6; i++) for (int j = 0; j < 4; j++) x[i, j] = random.NextGaussianLike();
        PcaResult pca = PrincipalComponents.Fit(x, 4);
        Assert.Equal(1.0, pca.ExplainedVarianceRatio.Sum(), 12);
    }

    [Fact]
    public void Rank_deficient_wide_data_give_zero_axes_for_zero_variance()
    {
        // Three samples span at most two directions after centring: the third axis has no variance.
        var x = new double[,] { { 1, 0, 0, 0, 2 }, { 0, 1, 0, 0, 2 }, { 0, 0, 1, 0, 2 } };
        PcaResult pca = PrincipalComponents.Fit(x, 3);
        Assert.Equal(0, pca.ExplainedVariance[2], 12);
        for (int j = 0; j < 5; j++) Assert.Equal(0, pca.Components[2, j]);
        Assert.Equal(0.5, pca.ExplainedVariance[0], 12);
    }

    [Fact]
    public void Bad_shapes_and_values_are_rejected_with_the_reason()
    {
        Assert.Contains("at least 2 samples", Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit(new double[1, 3], 1)).Message);
        Assert.Contains("[1, 3]", Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit(new double[3, 5], 4)).Message);
        var nan = new double[3, 2];
        nan[1, 1] = double.NaN;
        Assert.Contains("data[1, 1] is NaN", Assert.Throws<ArgumentException>(() => PrincipalComponents.Fit(nan, 1)).Message);
    }
}

static class RandomExtensions
{
    public static double NextGaussianLike(this Random random) => random.NextDouble() + random.NextDouble() - 1;
}
