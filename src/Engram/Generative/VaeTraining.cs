using Engram.Data;
using Engram.Numerics;
using Engram.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Generative;

/// <summary>
/// Early stopping on a validation split (Prechelt 1998, "Early stopping — but when?"): a fraction of the training
/// images is held out, the mean one-sample ELBO on it is measured every few steps with the same noise each time
/// (so two evaluations differ only by the weights), and training stops when it has not improved for
/// <see cref="Patience"/> evaluations in a row; the weights of the best evaluation are kept.
/// </summary>
public sealed record VaeEarlyStopping
{
    /// <summary>Fraction of the training images held out for validation (a seeded draw, the same for every evaluation).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Steps between evaluations.</summary>
    public int Every { get; init; } = 100;

    /// <summary>Evaluations without improvement after which training stops.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (!(ValidationFraction > 0 && ValidationFraction < 1)) throw new ArgumentException($"the validation fraction must be in (0, 1); got {ValidationFraction}.", nameof(ValidationFraction));
        if (Every < 1) throw new ArgumentException($"the evaluation interval must be ≥ 1 step; got {Every}.", nameof(Every));
        if (Patience < 1) throw new ArgumentException($"the patience must be ≥ 1 evaluation; got {Patience}.", nameof(Patience));
    }
}

/// <summary>What early stopping saw and did.</summary>
/// <param name="Steps">The steps at which the validation ELBO was measured.</param>
/// <param name="ValidationElbo">The mean validation ELBO (nats per image) at each of them.</param>
/// <param name="BestStep">The step whose weights were kept (highest validation ELBO, the first on ties).</param>
/// <param name="StoppedAt">The last step trained.</param>
/// <param name="Stopped">Whether training stopped before the step limit.</param>
/// <param name="Patience">Evaluations without improvement that stop training.</param>
/// <param name="ValidationImages">Training images held out for validation.</param>
/// <param name="StepLimit">The most steps training was allowed (the trainer's steps).</param>
public sealed record VaeEarlyStopResult(int[] Steps, double[] ValidationElbo, int BestStep, int StoppedAt, bool Stopped, int Patience, int ValidationImages, int StepLimit)
{
    /// <summary>
    /// Which rule ended training: the patience ("stopped at step S: …"), the step limit ("reached the step limit …"),
    /// or both at once when the patience ran out at the limit's last evaluation, which is said as such so that it
    /// does not read like a stop before the limit.
    /// </summary>
    public string Reason => (Stopped, StoppedAt == StepLimit) switch
    {
        (true, false) => $"stopped at step {StoppedAt}: validation ELBO did not improve for {Patience} evaluations; best at step {BestStep}",
        (true, true) => $"reached the step limit {StoppedAt} as the patience ran out there too (validation ELBO did not improve for {Patience} evaluations); best at step {BestStep}",
        _ => $"reached the step limit {StoppedAt} before the validation ELBO stopped improving (patience {Patience} evaluations); best at step {BestStep}",
    };
}

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

    /// <summary>Stop when the ELBO on a held-out part of the training images stops improving (the trainer's steps are then the limit); null to train every step.</summary>
    public VaeEarlyStopping? EarlyStopping { get; init; }

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
        EarlyStopping?.Validate();
        if (EarlyStopping is not null && Trainer.EmaDecay is not null)
            throw new ArgumentException("early stopping keeps the best evaluated weights; it cannot be combined with weight averaging (EMA).", nameof(EarlyStopping));
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

    /// <summary>The validation curve and the stop, when early stopping was on.</summary>
    public VaeEarlyStopResult? EarlyStop { get; init; }
}

/// <summary>
/// Trains a <see cref="VariationalAutoencoder"/> with <see cref="TorchTrainer"/> (negative ELBO, Adam, seeded,
/// checkpointed, resumable) and measures the test ELBO and the importance-sampled test log-likelihood.
/// </summary>
public static class VaeTraining
{
    /// <summary>
    /// Trains a VAE on <paramref name="train"/>; with a <paramref name="checkpointPath"/> a checkpoint there is resumed
    /// and kept up to date. Returns the trained model (the averaged weights when EMA is on, the best validated ones
    /// with early stopping) and the result. Early stopping holds out part of <paramref name="train"/> and is not
    /// resumable (its best weights and patience count live in memory), so it takes no checkpoint.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid settings, images of another size, or a checkpoint with early stopping.</exception>
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
        if (settings.EarlyStopping is not null && checkpointPath is not null)
            throw new ArgumentException("early stopping is not resumable, so it trains without a checkpoint; leave the checkpoint out.", nameof(checkpointPath));
        train = settings.Architecture.Prepare(train);
        test = settings.Architecture.Prepare(test);
        var vae = new VariationalAutoencoder(settings.Architecture, Seeding.Derive(settings.Trainer.Seed, -1), settings.Trainer.Device);
        TrainingHistory history;
        VaeEarlyStopResult? stop = null;
        if (settings.EarlyStopping is { } early)
        {
            var (fit, validation) = HoldOut(train, early.ValidationFraction, settings.Trainer.Seed);
            if (fit.Count == 0 || validation.Count == 0)
                throw new ArgumentException($"early stopping needs training and validation images; {train.Count} training images with a validation fraction of {early.ValidationFraction} leave {fit.Count} and {validation.Count}.", nameof(train));
            var monitor = new ValidationMonitor(vae, validation, early, settings);
            using (Tensor data = tensor(fit.Pixels, [fit.Count, fit.PixelsPerImage]))
                history = TorchTrainer.Train(vae, data, settings.Trainer, null, progress, cancellation, stop: monitor.ShouldStop);
            stop = monitor.Finish(history.StepLosses.Length);
            train = fit;
        }
        else
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
            EarlyStop = stop,
        });
    }

    /// <summary>The training images split into those trained on and a validation set of round(f·n) images drawn by a permutation seeded from <paramref name="seed"/> (both in their original order).</summary>
    public static (ImageSet Fit, ImageSet Validation) HoldOut(ImageSet train, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        int held = (int)Math.Round(fraction * train.Count, MidpointRounding.AwayFromZero);
        int[] order = Enumerable.Range(0, train.Count).ToArray();
        Seeding.Create(Seeding.Derive(seed, -4)).Shuffle(order);
        var validation = order.Take(held).Order().ToArray();
        var fit = order.Skip(held).Order().ToArray();
        return (train.Select(fit), train.Select(validation));
    }

    /// <summary>Measures the validation ELBO every few steps, keeps a copy of the best weights, and says when to stop.</summary>
    sealed class ValidationMonitor(VariationalAutoencoder vae, ImageSet validation, VaeEarlyStopping early, VaeTrainingSettings settings)
    {
        readonly List<int> steps = [];
        readonly List<double> elbos = [];
        Tensor[]? best;
        int bestStep, sinceBest;
        bool stopped;

        public bool ShouldStop(int done)
        {
            if (done % early.Every != 0 && done != settings.Trainer.Steps) return false;
            double elbo = ValidationElbo();
            steps.Add(done);
            elbos.Add(elbo);
            if (best is null || elbo > elbos[steps.IndexOf(bestStep)])
            {
                using (no_grad())
                {
                    if (best is not null) foreach (Tensor t in best) t.Dispose();
                    best = vae.parameters().Select(p => p.detach().clone()).ToArray();
                }
                bestStep = done;
                sinceBest = 0;
                return false;
            }
            stopped = ++sinceBest >= early.Patience;
            return stopped;
        }

        double ValidationElbo()
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            Device device = torch.device(settings.Trainer.Device);
            Tensor x = tensor(validation.Pixels, [validation.Count, validation.PixelsPerImage], device: device);
            // The same noise at every evaluation: the curve moves only with the weights.
            using var noise = new Generator((ulong)Seeding.Derive(settings.Trainer.Seed, -5), device);
            return vae.Elbo(x, noise).to(ScalarType.Float64).mean().item<double>();
        }

        /// <summary>Puts the best weights into the model and describes the run.</summary>
        public VaeEarlyStopResult Finish(int trained)
        {
            if (best is null) throw new InvalidOperationException("early stopping finished without an evaluation.");
            using (no_grad())
            {
                Tensor[] parameters = vae.parameters().ToArray();
                for (int i = 0; i < parameters.Length; i++) parameters[i].copy_(best[i]);
            }
            foreach (Tensor t in best) t.Dispose();
            return new VaeEarlyStopResult([.. steps], [.. elbos], bestStep, trained, stopped, early.Patience, validation.Count, settings.Trainer.Steps);
        }
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
        return TorchRuntime.Run(settings.Trainer.Threads, () =>
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
