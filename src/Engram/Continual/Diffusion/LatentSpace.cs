using Engram.Data;
using Engram.Generative;
using Engram.Numerics;
using Engram.Training;
using static TorchSharp.torch;

namespace Engram.Continual.Diffusion;

/// <summary>
/// Settings of the latent space of a latent-diffusion run (Rombach et al. 2022): the autoencoder in front of the DDPM.
/// </summary>
public sealed record LatentSpaceSettings
{
    /// <summary>Latent channels C of the <see cref="ConvAutoencoder"/> (codes C × 8 × 8 for 28 × 28 images).</summary>
    public int Channels { get; init; } = 2;

    /// <summary>Training of the autoencoder: once, on the training images of every task, before the DDPM's task 1.</summary>
    public TrainerSettings Trainer { get; init; } = new() { Steps = 1500, BatchSize = 128, LearningRate = 2e-3, CheckpointEvery = 250, LossEvery = 50 };

    /// <summary>Seed of the autoencoder's weights and minibatches (one autoencoder serves every experiment seed).</summary>
    public int Seed { get; init; }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Trainer);
        if (Channels < 1) throw new ArgumentException($"the latent needs ≥ 1 channel; got {Channels}.", nameof(Channels));
        Trainer.Validate();
    }
}

/// <summary>The autoencoder of a latent run, as trained: what it is, how its training went, and how well it reconstructs.</summary>
/// <param name="Kind">The autoencoder, e.g. "conv autoencoder 28×28 → 2×8×8".</param>
/// <param name="Steps">Its Adam steps.</param>
/// <param name="ResumedFrom">The step this run resumed its training from (equal to <paramref name="Steps"/> when it was already trained).</param>
/// <param name="Seconds">Wall time of this run's steps.</param>
/// <param name="LossCurve">Mean training loss (binary cross-entropy, nats per image) over windows of the trainer's loss interval.</param>
/// <param name="Scale">The root mean square of the raw codes of the training images; codes are divided by it.</param>
/// <param name="ReconstructionRmse">Root mean squared error of the decoded grey levels against the training images (pixels in [0, 1]).</param>
public sealed record LatentAutoencoderSummary(string Kind, int Steps, int ResumedFrom, double Seconds, double[] LossCurve, double Scale, double ReconstructionRmse);

/// <summary>
/// Latent diffusion's space (Rombach et al. 2022): a <see cref="ConvAutoencoder"/> trained once on the training images
/// of every task of the run, then frozen, as Stable Diffusion's autoencoder is trained once on broad data and kept fixed
/// while the diffusion model is fine-tuned. Trained on every task rather than on task 1 alone so that what the later tasks
/// change is the diffusion model and nothing else: an autoencoder of task 1 would code the later classes badly and add
/// its own generalisation to the forgetting measured. Codes are divided by their root mean square over the training
/// images, so that they have unit second moment as the pixels in [−1, 1] of <see cref="PixelSpace"/> roughly do (Stable
/// Diffusion's latent scale factor plays the same role). Energies, denoising errors and replay are then measured on
/// codes; only sample grids are decoded.
/// </summary>
public sealed class LatentSpace : IDiffusionSpace, IDisposable
{
    const int EncodeBatch = 1024;
    readonly ConvAutoencoder model;

    LatentSpace(ConvAutoencoder model, double scale, LatentAutoencoderSummary summary)
    {
        this.model = model;
        Scale = scale;
        Summary = summary;
    }

    /// <summary>The root mean square of the raw codes, by which codes are divided.</summary>
    public double Scale { get; }

    /// <summary>How the autoencoder was trained and how well it reconstructs.</summary>
    public LatentAutoencoderSummary Summary { get; }

    /// <inheritdoc/>
    public string Name => $"latent {Shape.Channels}×{Shape.Height}×{Shape.Width} of a convolutional autoencoder";

    /// <inheritdoc/>
    public (int Channels, int Height, int Width) Shape => model.LatentShape;

    /// <summary>The checkpoint of the autoencoder in a run folder.</summary>
    public static string CheckpointPath(string folder) => Path.Combine(folder, "autoencoder.ckpt");

    /// <summary>
    /// The latent space of the run in <paramref name="folder"/>: with <paramref name="train"/>, trains the autoencoder (or
    /// resumes it; a finished one is only loaded) on the training images of every task; without, loads it and refuses an
    /// unfinished one. Processes training seeds of one folder side by side (<c>--only-seed</c>) wait for each other here,
    /// so the autoencoder is trained once.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="settings"/> has no latent space, or invalid settings.</exception>
    /// <exception cref="FileNotFoundException">Without <paramref name="train"/>: the autoencoder was never trained.</exception>
    /// <exception cref="InvalidDataException">Without <paramref name="train"/>: its training is unfinished; or a corrupt checkpoint.</exception>
    public static LatentSpace Prepare(ImageSet data, DiffusionContinualSettings settings, string folder, bool train,
        IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        LatentSpaceSettings latent = settings.Latent ?? throw new ArgumentException("the settings name no latent space.", nameof(settings));
        int[] indices = [.. DiffusionRun.TaskIndices(data, settings).SelectMany(ix => ix).Order()];
        ImageSet images = data.Select(indices);
        TrainerSettings trainer = latent.Trainer with { Seed = Seeding.Derive(latent.Seed, 20_002) };
        var model = new ConvAutoencoder(data.Height, data.Width, latent.Channels, Seeding.Derive(latent.Seed, 20_001), trainer.Device);
        try
        {
            string checkpoint = CheckpointPath(folder);
            using Tensor pixels = tensor(images.Pixels, [images.Count, images.PixelsPerImage]);
            TrainingHistory? history = null;
            if (train)
            {
                Directory.CreateDirectory(folder);
                using FileStream guard = WaitForLock(checkpoint + ".lock", cancellation);
                history = TorchTrainer.Train(model, pixels, trainer, checkpoint, progress is null ? null : new Relabel(progress), cancellation);
            }
            else
            {
                if (!File.Exists(checkpoint))
                    throw new FileNotFoundException($"the run's autoencoder was never trained (no '{checkpoint}'); train the run first.", checkpoint);
                var header = TrainingCheckpoint.LoadWeights(checkpoint, model, averaged: trainer.EmaDecay is not null);
                if (header.Step < trainer.Steps)
                    throw new InvalidDataException($"the autoencoder '{checkpoint}' stopped at step {header.Step} of {trainer.Steps}; finish the training before evaluating.");
            }
            model.eval();
            var (scale, rmse) = Measure(model, pixels);
            var summary = new LatentAutoencoderSummary(model.Kind, trainer.Steps, history?.ResumedFrom ?? trainer.Steps, history?.Seconds ?? 0,
                history?.WindowedLosses(trainer.LossEvery) ?? [], scale, rmse);
            return new LatentSpace(model, scale, summary);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public Tensor Encode(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        return (Raw(model, images) / Scale).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Tensor Decode(Tensor encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var device = encoded.device;
        Tensor codes = (encoded.to(ScalarType.Float32) * Scale).to(ModelDevice(model));
        return sigmoid(model.DecodeLogits(codes)).to(device).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void Dispose() => model.Dispose();

    static Device ModelDevice(ConvAutoencoder model) => model.parameters().First().device;

    // Codes in batches (a whole task at once would hold every first-layer activation), on the input's device.
    static Tensor Raw(ConvAutoencoder model, Tensor images)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var device = images.device;
        long n = images.shape[0];
        var parts = new List<Tensor>();
        for (long i = 0; i < n; i += EncodeBatch)
            parts.Add(model.Encode(images.narrow(0, i, Math.Min(EncodeBatch, n - i)).to(ScalarType.Float32).to(ModelDevice(model))).to(device));
        return (parts.Count == 1 ? parts[0] : cat(parts, 0)).MoveToOuterDisposeScope();
    }

    static (double Scale, double Rmse) Measure(ConvAutoencoder model, Tensor pixels)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Tensor codes = Raw(model, pixels);
        double scale = Math.Sqrt(codes.square().mean().item<float>());
        if (!(scale > 0) || !double.IsFinite(scale))
            throw new InvalidOperationException($"the autoencoder's codes have root mean square {scale}; its training failed.");
        double squared = 0;
        long n = pixels.shape[0];
        for (long i = 0; i < n; i += EncodeBatch)
        {
            Tensor batch = codes.narrow(0, i, Math.Min(EncodeBatch, n - i)).to(ModelDevice(model));
            Tensor decoded = sigmoid(model.DecodeLogits(batch)).cpu();
            squared += (decoded - pixels.narrow(0, i, Math.Min(EncodeBatch, n - i)).cpu()).square().sum().item<float>();
        }
        return (scale, Math.Sqrt(squared / pixels.numel()));
    }

    static FileStream WaitForLock(string path, CancellationToken cancellation)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                cancellation.ThrowIfCancellationRequested();
                Thread.Sleep(1000);
            }
        }
    }

    /// <summary>Reports the autoencoder's training under its own name.</summary>
    sealed class Relabel(IProgress<WorkProgress> inner) : IProgress<WorkProgress>
    {
        public void Report(WorkProgress value) => inner.Report(value with { Task = "autoencoder" });
    }
}
