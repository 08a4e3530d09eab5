using Engram.Tests.Data;
using Engram.Generative;
using Engram.Tests.Generative;
using Engram.Training;
using static TorchSharp.torch;

namespace Engram.Tests.Training;

[Collection(nameof(TorchTraining))]
public class TorchTrainerTests
{
    static (float[] Weights, float[] Losses) TrainFresh(TrainerSettings settings, string? checkpoint = null) =>
        Train(settings, checkpoint) is var (weights, history) ? (weights, history.StepLosses) : default;

    /// <summary>Trains a fresh tiny VAE; <paramref name="stopAfter"/> cancels the run after that many steps, as a kill would.</summary>
    static (float[] Weights, TrainingHistory History) Train(TrainerSettings settings, string? checkpoint = null, int? stopAfter = null,
        List<int>? steps = null)
    {
        var (train, _) = TinyVae.Bundled;
        using var vae = new VariationalAutoencoder(TinyVae.Architecture(), seed: 7);
        using Tensor data = tensor(train.Pixels, [train.Count, train.PixelsPerImage]);
        using var cancel = new CancellationTokenSource();
        TrainingHistory history = TorchTrainer.Train(vae, data, settings, checkpoint, cancellation: cancel.Token, afterStep: done =>
        {
            steps?.Add(done);
            if (done == stopAfter) cancel.Cancel();
        });
        return (TinyVae.Weights(vae), history);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_losses_to_the_bit()
    {
        var a = TrainFresh(TinyVae.Trainer(30));
        var b = TrainFresh(TinyVae.Trainer(30));
        Assert.Equal(a.Weights, b.Weights);
        Assert.Equal(a.Losses, b.Losses);
        var other = TrainFresh(TinyVae.Trainer(30, seed: 2));
        Assert.NotEqual(a.Losses, other.Losses);
    }

    [Fact]
    public void Training_k_steps_stopping_and_resuming_equals_training_n_steps_to_the_last_bit()
    {
        using var temp = new TempFolder();
        string folder = temp.Path;
        {
            string straightPath = Path.Combine(folder, "straight.ckpt"), resumedPath = Path.Combine(folder, "resumed.ckpt");
            var (straightWeights, straightHistory) = Train(TinyVae.Trainer(40), straightPath);
            var straight = (Weights: straightWeights, Losses: straightHistory.StepLosses);
            Assert.Equal(0, straightHistory.ResumedFrom);
            var first = TrainFresh(TinyVae.Trainer(15), resumedPath);
            Assert.Equal(15, TrainingCheckpoint.ReadHeader(resumedPath).Step);
            var steps = new List<int>();
            var (resumedWeights, resumedHistory) = Train(TinyVae.Trainer(40), resumedPath, steps: steps);   // a fresh model picks up the checkpoint
            var resumed = (Weights: resumedWeights, Losses: resumedHistory.StepLosses);
            Assert.Equal(15, resumedHistory.ResumedFrom);                        // it continued from the checkpoint, not from step 0
            Assert.Equal(Enumerable.Range(16, 25), steps);                       // and trained only the 25 steps left
            Assert.Equal(straight.Weights, resumed.Weights);
            Assert.Equal(straight.Losses, resumed.Losses);
            Assert.Equal(first.Losses, resumed.Losses[..15]);
            // The trained model holds the averaged weights; the checkpoints hold them and the trained ones, alike in both runs.
            using var a = new VariationalAutoencoder(TinyVae.Architecture(), 0);
            using var b = new VariationalAutoencoder(TinyVae.Architecture(), 0);
            TrainingCheckpoint.LoadWeights(straightPath, a, averaged: true);
            Assert.Equal(straight.Weights, TinyVae.Weights(a));
            TrainingCheckpoint.LoadWeights(straightPath, a, averaged: false);
            TrainingCheckpoint.LoadWeights(resumedPath, b, averaged: false);
            Assert.Equal(TinyVae.Weights(a), TinyVae.Weights(b));
            Assert.NotEqual(straight.Weights, TinyVae.Weights(a));
        }
    }

    [Fact]
    public void A_run_killed_between_checkpoints_resumes_in_the_middle_of_an_epoch_from_its_last_checkpoint_to_the_last_bit()
    {
        // 600 images in batches of 32: 18 steps an epoch. Checkpoints every 5 steps; the run dies after step 23, so the
        // last checkpoint is at step 20, two steps into the second epoch, and the steps 21–23 it did are lost and redone.
        using var temp = new TempFolder();
        var straight = Train(TinyVae.Trainer(40));
        string path = temp.File("killed.ckpt");
        Assert.Throws<OperationCanceledException>(() => Train(TinyVae.Trainer(40), path, stopAfter: 23));
        Assert.Equal(20, TrainingCheckpoint.ReadHeader(path).Step);
        var steps = new List<int>();
        var resumed = Train(TinyVae.Trainer(40), path, steps: steps);
        Assert.Equal(20, resumed.History.ResumedFrom);
        Assert.Equal(Enumerable.Range(21, 20), steps);
        Assert.Equal(straight.Weights, resumed.Weights);
        Assert.Equal(straight.History.StepLosses, resumed.History.StepLosses);
        Assert.Equal(40, TrainingCheckpoint.ReadHeader(path).Step);
    }

    [Fact]
    public void A_checkpoint_of_a_shuffled_run_is_refused_by_an_unshuffled_one()
    {
        Assert.NotEqual(TorchTrainer.Signature(TinyVae.Trainer(5)), TorchTrainer.Signature(TinyVae.Trainer(5) with { Shuffle = false }));
        Assert.DoesNotContain("in order", TorchTrainer.Signature(TinyVae.Trainer(5)));   // signatures of existing checkpoints unchanged
    }

    [Fact]
    public void A_checkpoint_of_another_shape_or_newer_format_or_other_settings_is_refused_with_one_clear_message()
    {
        using var temp = new TempFolder();
        string folder = temp.Path;
        {
            string path = Path.Combine(folder, "model.ckpt");
            TrainFresh(TinyVae.Trainer(5), path);
            using var wider = new VariationalAutoencoder(TinyVae.Architecture(latent: 6), 0);
            var shape = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.LoadWeights(path, wider, averaged: false));
            Assert.Contains("another model shape", shape.Message);
            Assert.Contains("784-32-4", shape.Message);

            var settings = Assert.Throws<InvalidDataException>(() => TrainFresh(TinyVae.Trainer(10, seed: 3), path));
            Assert.Contains("other training settings", settings.Message);

            byte[] bytes = File.ReadAllBytes(path);
            BitConverter.GetBytes(TrainingCheckpoint.FormatVersion + 1).CopyTo(bytes, 8);
            string newer = Path.Combine(folder, "newer.ckpt");
            File.WriteAllBytes(newer, bytes);
            var version = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.ReadHeader(newer));
            Assert.Contains($"format {TrainingCheckpoint.FormatVersion + 1}", version.Message);

            string junk = Path.Combine(folder, "junk.ckpt");
            File.WriteAllText(junk, "not a checkpoint at all");
            Assert.Contains("not an Engram checkpoint", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.ReadHeader(junk)).Message);
            File.WriteAllBytes(junk, File.ReadAllBytes(path)[..20]);
            Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.ReadHeader(junk)).Message);
        }
    }

    [Fact]
    public void The_loss_falls_during_training()
    {
        var (_, losses) = TrainFresh(TinyVae.Trainer(60) with { EmaDecay = null });
        Assert.True(losses[^10..].Average() < 0.8 * losses[..5].Average(), $"first {losses[..5].Average()}, last {losses[^10..].Average()}");
    }
}
