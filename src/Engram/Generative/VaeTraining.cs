using Engram.Data;
using Engram.Numerics;
using Engram.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Generative;

/// <summary>Settings of <see cref="VaeTraining.Train"/>.</summary>
public sealed record VaeTrainingSettings
{
    /// <summary>The VAE's shape (image size is checked against the data).</summary>
    public VaeArchitecture Architecture { get; init; } = new();

    /// <summary>The training loop: steps, batch, Adam, EMA, checkpoints, seed, device, threads.</summary>
    public TrainerSettings Trainer { get; init; } = new();

    /// <summary>Test images on which the ELBO and the log-likelihood are measured (the first ones).</summary>
    public int EvaluationImages { get; init; } = 1000;

    /// <summary>Importance samples K of the log-likelihood estimate.</summary>
    public int ImportanceSamples { get; init; } = 100;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Architecture);
        ArgumentNullException.ThrowIfNull(Trainer);
        Architecture.Validate();
        Trainer.Validate();
        if (EvaluationImages < 1) throw new ArgumentException($"evaluation images must be ≥ 1; got {EvaluationImages}.", nameof(EvaluationImages));
        if (ImportanceSamples < 1) throw new ArgumentException($"importance samples must be ≥ 1; got {ImportanceSamples}.", nameof(ImportanceSamples));
    }
}

/// <summary>Result of <see cref="VaeTraining.Train"/>.</summary>
public sealed record VaeTrainingResult
{
    /// <summary>What produced it.</summary>
    public required VaeTrainingSettings Settings { get; init; }

    /// <summary>The model kind recorded in its checkpoint.</summary>
    public required string Kind { get; init; }

    /// <summary>Training images.</summary>
    public required int TrainImages { get; init; }

    /// <summary>Mean training loss (−ELBO, nats per image) over every <see cref="TrainerSettings.LossEvery"/> steps.</summary>
    public required double[] LossCurve { get; init; }

    /// <summary>Mean one-sample ELBO of the evaluated test images (nats per image).</summary>
    public required double TestElbo { get; init; }

    /// <summary>Mean importance-sampled log p̂_K of the evaluated test images (nats per image).</summary>
    public required double TestLogLikelihood { get; init; }

    /// <summary>Test images evaluated.</summary>
    public required int TestImages { get; init; }

    /// <summary>The step this run resumed from (0 for a fresh start).</summary>
    public required int ResumedFrom { get; init; }

    /// <summary>Wall time of this run's training steps, in seconds.</summary>
    public required double Seconds { get; init; }

    /// <summary>Training throughput of this run, images per second.</summary>
    public required double ImagesPerSecond { get; init; }
}

/// <summary>
/// Trains a <see cref="VariationalAutoencoder"/> with <see cref="TorchTrainer"/> (negative ELBO, Adam, seeded,
/// checkpointed, resumable) and measures the test ELBO and the importance-sampled test log-likelihood.
/// </summary>
public static class VaeTraining
{
    /// <summary>
    /// Trains a VAE on <paramref name="train"/>; with a <paramref name="checkpointPath"/> a checkpoint there is resumed
    /// and kept up to date. Returns the trained model (the averaged weights when EMA is on) and the result.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid settings or images of another size.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is corrupt or of another model or settings.</exception>
    public static (VariationalAutoencoder Model, VaeTrainingResult Result) Train(ImageSet train, ImageSet test, VaeTrainingSettings settings,
        string? checkpointPath = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        RequireSize(train, settings.Architecture, nameof(train));
        RequireSize(test, settings.Architecture, nameof(test));
        train = settings.Architecture.Prepare(train);
        test = settings.Architecture.Prepare(test);
        var vae = new VariationalAutoencoder(settings.Architecture, Seeding.Derive(settings.Trainer.Seed, -1), settings.Trainer.Device);
        TrainingHistory history;
        using (Tensor data = tensor(train.Pixels, [train.Count, train.PixelsPerImage]))
            history = TorchTrainer.Train(vae, data, settings.Trainer, checkpointPath, progress, cancellation);
        var (elbo, logLikelihood, count) = Evaluate(vae, test, settings);
        return (vae, new VaeTrainingResult
        {
            Settings = settings,
            Kind = vae.Kind,
            TrainImages = train.Count,
            LossCurve = history.WindowedLosses(settings.Trainer.LossEvery),
            TestElbo = elbo,
            TestLogLikelihood = logLikelihood,
            TestImages = count,
            ResumedFrom = history.ResumedFrom,
            Seconds = history.Seconds,
            ImagesPerSecond = history.SamplesPerSecond,
        });
    }

    /// <summary>A VAE of <paramref name="architecture"/> with the weights of the checkpoint at <paramref name="checkpointPath"/> (averaged ones when it has them).</summary>
    /// <exception cref="InvalidDataException">The checkpoint is corrupt or of another shape.</exception>
    public static VariationalAutoencoder Load(VaeArchitecture architecture, string checkpointPath, string device = "cpu")
    {
        var vae = new VariationalAutoencoder(architecture, 0, device);
        TrainingCheckpoint.LoadWeights(checkpointPath, vae, averaged: true);
        return vae;
    }

    /// <summary>Mean one-sample ELBO and mean log p̂_K on the first <see cref="VaeTrainingSettings.EvaluationImages"/> of <paramref name="test"/> (as given: prepared by the caller).</summary>
    public static (double Elbo, double LogLikelihood, int Images) Evaluate(VariationalAutoencoder vae, ImageSet test, VaeTrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(settings);
        int count = Math.Min(settings.EvaluationImages, test.Count);
        return TorchThreads.Run(settings.Trainer.Threads, () =>
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            Device device = torch.device(settings.Trainer.Device);
            Tensor x = tensor(test.Pixels.AsSpan(0, count * test.PixelsPerImage).ToArray(), [count, test.PixelsPerImage], device: device);
            using var elboNoise = new Generator((ulong)Seeding.Derive(settings.Trainer.Seed, -2), device);
            using var samplingNoise = new Generator((ulong)Seeding.Derive(settings.Trainer.Seed, -3), device);
            double elbo = vae.Elbo(x, elboNoise).to(ScalarType.Float64).mean().item<double>();
            double[] logLikelihood = LogLikelihoodEstimate.EstimateInChunks(vae, x, settings.ImportanceSamples, samplingNoise);
            return (elbo, logLikelihood.Average(), count);
        });
    }

    static void RequireSize(ImageSet images, VaeArchitecture architecture, string name)
    {
        if (images.Height != architecture.Height || images.Width != architecture.Width)
            throw new ArgumentException($"the {name} images are {images.Height} × {images.Width}; the VAE is built for {architecture.Height} × {architecture.Width}.", name);
        if (images.Count == 0) throw new ArgumentException($"the {name} set holds no images.", name);
    }
}
