using Engram.Continual.Diffusion;
using Engram.Tests.Data;
using Engram.Training;
using static TorchSharp.torch;
using Engram.Generative;

namespace Engram.Tests.Generative;

[Collection(nameof(TorchTraining))]
public class DdpmTests
{
    static (float[] Weights, float[] Losses) Train(int steps, string? checkpoint = null, int seed = 0, bool replay = false)
    {
        var (weights, history) = TrainWithHistory(steps, checkpoint, seed, replay);
        return (weights, history.StepLosses);
    }

    /// <summary>Trains the tiny DDPM on 40 random items (5 batches an epoch); <paramref name="stopAfter"/> cancels after that step, as a kill would.</summary>
    static (float[] Weights, TrainingHistory History) TrainWithHistory(int steps, string? checkpoint = null, int seed = 0, bool replay = false,
        int? stopAfter = null)
    {
        using Ddpm model = TinyDdpm.Model();
        using Tensor data = TinyDdpm.Data();
        using Tensor buffer = TinyDdpm.Data(6, seed: 9);
        ITrainable trainable = replay ? new ReplayMixing(model, buffer, 0.5) : model;
        using var cancel = new CancellationTokenSource();
        TrainingHistory history = TorchTrainer.Train(trainable, data, TinyDdpm.Trainer(steps, seed), checkpoint, cancellation: cancel.Token,
            afterStep: done => { if (done == stopAfter) cancel.Cancel(); });
        return (TinyDdpm.Weights(model), history);
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
        var (weights, history) = TrainWithHistory(10, temp.File("resumed.ckpt"), replay: true);
        Assert.Equal(4, history.ResumedFrom);                      // it continued from the checkpoint, not from step 0
        Assert.Equal(straight.Weights, weights);
        Assert.Equal(straight.Losses, history.StepLosses);
    }

    [Fact]
    public void A_run_killed_between_checkpoints_resumes_in_the_middle_of_an_epoch_from_its_last_checkpoint_to_the_last_bit()
    {
        // 40 items in batches of 8: 5 steps an epoch; checkpoints every 4 steps. Killed after step 10, the run resumes
        // from the checkpoint of step 8, three steps into the second epoch, and redoes steps 9 and 10.
        using var temp = new TempFolder();
        var straight = TrainWithHistory(14);
        Assert.Throws<OperationCanceledException>(() => TrainWithHistory(14, temp.File("killed.ckpt"), stopAfter: 10));
        Assert.Equal(8, TrainingCheckpoint.ReadHeader(temp.File("killed.ckpt")).Step);
        var resumed = TrainWithHistory(14, temp.File("killed.ckpt"));
        Assert.Equal(8, resumed.History.ResumedFrom);
        Assert.Equal(straight.Weights, resumed.Weights);
        Assert.Equal(straight.History.StepLosses, resumed.History.StepLosses);
    }

    /// <summary>Two 8 × 8 patterns in [−1, 1]: a vertical bar and a horizontal bar on a dark ground.</summary>
    static float[][] Bars()
    {
        var vertical = new float[64];
        var horizontal = new float[64];
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++)
            {
                vertical[i * 8 + j] = j is 3 or 4 ? 1 : -1;
                horizontal[i * 8 + j] = i is 3 or 4 ? 1 : -1;
            }
        return [vertical, horizontal];
    }

    /// <summary>Mean over samples of the mean squared pixel distance to the nearest bar.</summary>
    static double DistanceToNearestBar(Tensor samples)
    {
        float[] x = samples.data<float>().ToArray();
        float[][] bars = Bars();
        double total = 0;
        int count = x.Length / 64;
        for (int s = 0; s < count; s++)
            total += bars.Min(bar => Enumerable.Range(0, 64).Average(p => Math.Pow(x[s * 64 + p] - bar[p], 2)));
        return total / count;
    }

    [Fact]
    public void On_two_bars_the_loss_falls_and_samples_lie_nearer_the_bars_than_the_untrained_models_samples()
    {
        float[][] bars = Bars();
        using Tensor data = tensor(Enumerable.Range(0, 32).SelectMany(i => bars[i % 2]).ToArray(), [32, 1, 8, 8]);
        using Ddpm untrained = TinyDdpm.Model(schedule: ScheduleKind.Cosine);
        using Ddpm model = TinyDdpm.Model(schedule: ScheduleKind.Cosine);
        TrainingHistory history = TorchTrainer.Train(model, data, TinyDdpm.Trainer(200) with { LearningRate = 5e-3 });
        double first = history.StepLosses[..20].Average(), last = history.StepLosses[^20..].Average();
        Assert.True(last < 0.5 * first, $"the loss fell from {first:G4} (first 20 steps) only to {last:G4} (last 20)");

        using var g1 = new Generator(11, CPU);
        using var g2 = new Generator(11, CPU);
        using Tensor trained = model.Sample(16, (1, 8, 8), DdpmSampler.Ddim, g1, ddimSteps: 20);
        using Tensor noise = untrained.Sample(16, (1, 8, 8), DdpmSampler.Ddim, g2, ddimSteps: 20);
        double ours = DistanceToNearestBar(trained), baseline = DistanceToNearestBar(noise);
        Assert.True(ours < 0.5 * baseline, $"samples are {ours:G4} from the nearest bar, the untrained model's {baseline:G4}");
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
        for (int i = 0; i < 5; i++) Assert.Equal(first[i], batched[i], tolerance: 1e-6);   // a tolerance, not rounding to 6 places: 0.46516250 and 0.46516262 round apart
        using var _ = no_grad();
        using Tensor t = full([5], 30L);
        using Tensor predicted = model.Network.call(model.Noised(x0, t, epsilon), t);
        double[] direct = (predicted - epsilon).square().flatten(1).mean([1]).to(ScalarType.Float64).data<double>().ToArray();
        for (int i = 0; i < 5; i++) Assert.Equal(direct[i], first[i], 6);
    }

    [Theory]
    [InlineData(DdpmSampler.Ddim)]
    [InlineData(DdpmSampler.Ancestral)]
    public void Sampling_gives_finite_items_of_the_data_shape_and_the_same_seed_gives_the_same_samples(DdpmSampler sampler)
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
