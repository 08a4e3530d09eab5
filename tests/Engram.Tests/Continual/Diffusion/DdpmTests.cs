using Engram.Continual.Diffusion;
using Engram.Tests.Data;
using Engram.Training;
using static TorchSharp.torch;

namespace Engram.Tests.Continual.Diffusion;

[Collection(nameof(TorchTraining))]
public class DdpmTests
{
    static (float[] Weights, float[] Losses) Train(int steps, string? checkpoint = null, int seed = 0, bool replay = false)
    {
        using Ddpm model = TinyDdpm.Model();
        using Tensor data = TinyDdpm.Data();
        using Tensor buffer = TinyDdpm.Data(6, seed: 9);
        ITrainable trainable = replay ? new ReplayMixing(model, buffer, 0.5) : model;
        TrainingHistory history = TorchTrainer.Train(trainable, data, TinyDdpm.Trainer(steps, seed), checkpoint);
        return (TinyDdpm.Weights(model), history.StepLosses);
    }

    [Fact]
    public void The_same_seed_gives_the_same_losses_and_weights_to_the_bit()
    {
        var a = Train(6);
        var b = Train(6);
        Assert.Equal(a.Weights, b.Weights);
        Assert.Equal(a.Losses, b.Losses);
        Assert.NotEqual(a.Losses, Train(6, seed: 1).Losses);
        Assert.NotEqual(a.Losses, Train(6, replay: true).Losses);   // replay changes the batches
    }

    [Fact]
    public void Training_with_replay_k_steps_stopping_and_resuming_equals_training_n_steps_to_the_last_bit()
    {
        using var temp = new TempFolder();
        var straight = Train(10, temp.File("straight.ckpt"), replay: true);
        Train(4, temp.File("resumed.ckpt"), replay: true);
        var resumed = Train(10, temp.File("resumed.ckpt"), replay: true);
        Assert.Equal(straight.Weights, resumed.Weights);
        Assert.Equal(straight.Losses, resumed.Losses);
    }

    [Fact]
    public void Noising_follows_sqrt_alpha_bar_x0_plus_sqrt_one_minus_alpha_bar_epsilon()
    {
        using Ddpm model = TinyDdpm.Model();
        using Tensor x0 = TinyDdpm.Data(3), epsilon = TinyDdpm.Data(3, seed: 8), t = tensor(new long[] { 1, 40, 100 });
        using Tensor xt = model.Noised(x0, t, epsilon);
        float[] a = x0.data<float>().ToArray(), e = epsilon.data<float>().ToArray(), y = xt.data<float>().ToArray();
        int[] steps = [1, 40, 100];
        for (int i = 0; i < y.Length; i++)
        {
            double ab = model.Schedule.AlphaBar(steps[i / 64]);
            Assert.True(Math.Abs(Math.Sqrt(ab) * a[i] + Math.Sqrt(1 - ab) * e[i] - y[i]) < 1e-6, $"value {i}");
        }
    }

    [Fact]
    public void The_denoising_error_of_fixed_noise_is_the_mean_squared_epsilon_error_and_repeats_exactly()
    {
        using Ddpm model = TinyDdpm.Model();
        using Tensor x0 = TinyDdpm.Data(5), epsilon = TinyDdpm.Data(5, seed: 8);
        double[] first = model.DenoisingError(x0, 30, epsilon);
        Assert.Equal(first, model.DenoisingError(x0, 30, epsilon));
        double[] batched = model.DenoisingError(x0, 30, epsilon, batchSize: 2);   // other batch sizes: float32 rounding only
        for (int i = 0; i < 5; i++) Assert.Equal(first[i], batched[i], 6);
        using var _ = no_grad();
        using Tensor t = full([5], 30L);
        using Tensor predicted = model.Network.call(model.Noised(x0, t, epsilon), t);
        double[] direct = (predicted - epsilon).square().flatten(1).mean([1]).to(ScalarType.Float64).data<double>().ToArray();
        for (int i = 0; i < 5; i++) Assert.Equal(direct[i], first[i], 6);
    }

    [Theory]
    [InlineData(SamplerKind.Ddim)]
    [InlineData(SamplerKind.Ancestral)]
    public void Sampling_gives_finite_items_of_the_data_shape_and_the_same_seed_gives_the_same_samples(SamplerKind sampler)
    {
        using Ddpm model = TinyDdpm.Model(schedule: ScheduleKind.Cosine);
        using var g1 = new Generator(3, CPU);
        using var g2 = new Generator(3, CPU);
        using Tensor a = model.Sample(4, (1, 8, 8), sampler, g1, ddimSteps: 10);
        using Tensor b = model.Sample(4, (1, 8, 8), sampler, g2, ddimSteps: 10);
        Assert.Equal(new long[] { 4, 1, 8, 8 }, a.shape);
        Assert.True(a.isfinite().all().item<bool>());
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
    }
}
