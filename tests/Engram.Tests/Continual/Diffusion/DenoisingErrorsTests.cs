using Engram.Continual.Diffusion;
using Engram.Tests.Generative;
using static TorchSharp.torch;

namespace Engram.Tests.Continual.Diffusion;

[Collection(nameof(TorchTraining))]
public class DenoisingErrorsTests
{
    [Fact]
    public void An_images_draws_depend_on_the_seed_the_step_and_the_image_only()
    {
        using Tensor all = DenoisingErrors.Noise(3, 50, [10, 11, 12], 4, (1, 8, 8), CPU);
        using Tensor one = DenoisingErrors.Noise(3, 50, [12], 4, (1, 8, 8), CPU);
        using Tensor other = DenoisingErrors.Noise(3, 51, [12], 4, (1, 8, 8), CPU);
        Assert.Equal([4L, 3, 1, 8, 8], all.shape);
        Assert.True(all.narrow(1, 2, 1).allclose(one, 0, 0));
        Assert.False(one.allclose(other, 0, 0));
        Assert.False(one[0].allclose(one[1], 0, 0));
    }

    [Fact]
    public void More_noise_draws_lower_the_variance_of_the_forgetting_score_about_as_one_over_k()
    {
        using var before = TinyDdpm.Model(seed: 1);
        using var after = TinyDdpm.Model(seed: 2);
        using Tensor x0 = TinyDdpm.Data(24);
        int[] images = [.. Enumerable.Range(0, 24)];
        int[] timesteps = [10, 40];
        double[] Scores(int seed, int draws)
        {
            Tensor[] noise = [.. timesteps.Select(t => DenoisingErrors.Noise(seed, t, images, draws, (1, 8, 8), CPU))];
            try
            {
                return DenoisingErrors.Forgetting(DenoisingErrors.Mean(before, x0, timesteps, noise), DenoisingErrors.Mean(after, x0, timesteps, noise), ForgettingScore.Absolute);
            }
            finally
            {
                foreach (Tensor n in noise) n.Dispose();
            }
        }
        // The variance over independent noise seeds of each image's score, averaged over images.
        double Variance(int draws)
        {
            double[][] runs = [.. Enumerable.Range(0, 10).Select(seed => Scores(seed, draws))];
            return images.Average(n =>
            {
                double mean = runs.Average(r => r[n]);
                return runs.Sum(r => (r[n] - mean) * (r[n] - mean)) / (runs.Length - 1);
            });
        }
        double ratio = Variance(8) / Variance(1);
        Assert.InRange(ratio, 1 / 8.0 * 0.5, 1 / 8.0 * 2);
    }

    [Fact]
    public void The_scores_are_the_mean_over_steps_of_the_absolute_and_the_relative_increase()
    {
        double[][] before = [[1, 2], [4, 0.5]], after = [[2, 2], [2, 1]];
        Assert.Equal([(1 + -2) / 2.0, (0 + 0.5) / 2.0], DenoisingErrors.Forgetting(before, after, ForgettingScore.Absolute));
        Assert.Equal([(1 + -0.5) / 2.0, (0 + 1) / 2.0], DenoisingErrors.Forgetting(before, after, ForgettingScore.Relative));
        Assert.Throws<ArgumentException>(() => DenoisingErrors.Forgetting([[0.0]], [[1.0]], ForgettingScore.Relative));
    }
}

[Collection(nameof(TorchTraining))]
public class ReconstructionScoreTests
{
    [Fact]
    public void An_unchanged_model_with_fixed_noise_has_a_reconstruction_score_of_exactly_zero_and_a_changed_one_does_not()
    {
        using var before = TinyDdpm.Model(seed: 1);
        using var after = TinyDdpm.Model(seed: 2);
        using Tensor x0 = TinyDdpm.Data(12);
        using Tensor noise = DenoisingErrors.Noise(0, 30, [.. Enumerable.Range(0, 12)], 2, (1, 8, 8), CPU);
        double[] first = DenoisingErrors.Reconstruction(before, x0, 30, noise, 5);
        double[] again = DenoisingErrors.Reconstruction(before, x0, 30, noise, 5);
        Assert.All(DenoisingErrors.Forgetting([first], [again], ForgettingScore.Absolute), v => Assert.Equal(0, v));
        // Other batches change only the float rounding of the convolutions.
        double[] batched = DenoisingErrors.Reconstruction(before, x0, 30, noise, 5, batchSize: 5);
        Assert.All(first.Zip(batched), p => Assert.Equal(p.First, p.Second, 1e-5));
        double[] changed = DenoisingErrors.Forgetting([first], [DenoisingErrors.Reconstruction(after, x0, 30, noise, 5)], ForgettingScore.Absolute);
        Assert.Contains(changed, v => Math.Abs(v) > 1e-4);
    }

    [Fact]
    public void One_ddim_step_is_the_clipped_one_step_estimate_of_x0()
    {
        using var model = TinyDdpm.Model(seed: 3);
        using Tensor x0 = TinyDdpm.Data(6);
        using Tensor epsilon = randn([6, 1, 8, 8], generator: new TorchSharp.torch.Generator(4, CPU));
        int t = 20;
        double a = model.Schedule.AlphaBar(t);
        using Tensor steps = full([6], t, dtype: ScalarType.Int64);
        using Tensor xt = model.Noised(x0, steps, epsilon);
        using var _ = no_grad();
        using Tensor expected = ((xt - Math.Sqrt(1 - a) * model.Network.call(xt, steps)) / Math.Sqrt(a)).clamp(-1, 1);
        using Tensor actual = model.Reconstruct(x0, t, epsilon, 1);
        Assert.True(actual.allclose(expected, 1e-5, 1e-6));
    }
}
