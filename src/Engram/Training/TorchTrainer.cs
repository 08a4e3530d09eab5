using System.Diagnostics;
using System.Globalization;
using Engram.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Training;

/// <summary>
/// The one training loop for Engram's TorchSharp models (VAE, DDPM): minibatches from a
/// <see cref="MinibatchSchedule"/>, Adam (Kingma &amp; Ba 2015, PyTorch's defaults), an optional exponential moving
/// average of the weights θ̄ ← d θ̄ + (1 − d) θ, atomic checkpoints every few steps, and resume. Every random draw of
/// step s comes from a generator seeded by (seed, s) and the batch of step s is a function of (seed, s), so training
/// N steps equals training k steps, stopping and resuming for N − k, to the last bit.
/// </summary>
public static class TorchTrainer
{
    /// <summary>
    /// Trains <paramref name="model"/> on the rows of <paramref name="data"/> for <see cref="TrainerSettings.Steps"/>
    /// steps. With a <paramref name="checkpointPath"/>, a checkpoint there is resumed (it must come from the same model
    /// and training settings) and a new one is written every <see cref="TrainerSettings.CheckpointEvery"/> steps and at
    /// the end. Afterwards the model holds the averaged weights when <see cref="TrainerSettings.EmaDecay"/> is set (the
    /// checkpoint keeps both), else the trained ones. <paramref name="afterStep"/>, when given, is called on the training
    /// thread after every step with the number of steps done (to record a curve of the model as it trains).
    /// <paramref name="stop"/>, when given, is asked after every step, with the same count, whether to stop there (early stopping):
    /// training ends at that step (its checkpoint is written) instead of at <see cref="TrainerSettings.Steps"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid settings or no data.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is corrupt, newer, or from another model or settings.</exception>
    /// <exception cref="InvalidOperationException">The loss became non-finite.</exception>
    public static TrainingHistory Train(ITrainable model, Tensor data, TrainerSettings settings, string? checkpointPath = null,
        IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default, Action<int>? afterStep = null, Func<int, bool>? stop = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (data.shape.Length == 0 || data.shape[0] < 1) throw new ArgumentException("training needs at least one sample (a tensor with rows).", nameof(data));
        if (torch.device(settings.Device).type == DeviceType.CPU && model.Module.modules().Any(m => m is TorchSharp.Modules.Conv2d or TorchSharp.Modules.ConvTranspose2d))
            ConvolutionGradientCheck.EnsureCorrect();
        return TorchRuntime.Run(settings.Threads, () => TrainValidated(model, data, settings, checkpointPath, progress, cancellation, afterStep, stop));
    }

    /// <summary>The settings that must agree between a checkpoint and a run resuming it.</summary>
    public static string Signature(TrainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return string.Create(CultureInfo.InvariantCulture,
            $"seed {settings.Seed}, batch {settings.BatchSize}{(settings.Shuffle ? "" : " in order")}, lr {settings.LearningRate:R}, ema {(settings.EmaDecay is { } d ? d.ToString("R", CultureInfo.InvariantCulture) : "off")}, threads {settings.Threads}");
    }

    static TrainingHistory TrainValidated(ITrainable model, Tensor data, TrainerSettings settings, string? checkpointPath,
        IProgress<WorkProgress>? progress, CancellationToken cancellation, Action<int>? afterStep, Func<int, bool>? stop)
    {
        Device device = torch.device(settings.Device);
        var schedule = new MinibatchSchedule((int)data.shape[0], settings.BatchSize, settings.Seed, settings.Shuffle);
        TorchSharp.Modules.Parameter[] parameters = model.Module.parameters().ToArray();
        using var optimizer = optim.Adam(parameters, lr: settings.LearningRate);
        List<Tensor>? average = settings.EmaDecay is null ? null : parameters.Select(p => p.detach().clone()).ToList();
        string signature = Signature(settings);
        var losses = new List<float>();
        int start = 0;
        if (checkpointPath is not null && File.Exists(checkpointPath))
        {
            var (header, saved) = TrainingCheckpoint.Restore(checkpointPath, model, optimizer, average, signature);
            start = Math.Min(header.Step, settings.Steps);
            losses.AddRange(saved.Take(start));
        }
        using Tensor onDevice = data.to(device);
        var clock = Stopwatch.StartNew();
        progress?.Report(new WorkProgress("training", start, settings.Steps));
        for (int step = start; step < settings.Steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            double value;
            using (NewDisposeScope())
            {
                using var noise = new Generator((ulong)Seeding.Derive(settings.Seed, step), device);
                Tensor index = tensor(schedule.Batch(step), device: device);
                Tensor batch = onDevice.index_select(0, index);
                optimizer.zero_grad();
                Tensor loss = model.Loss(batch, noise);
                // Read as float64 whatever the model's dtype (exact for a float32 loss): a float64 loss is checked before rounding.
                value = loss.to_type(ScalarType.Float64).item<double>();
                if (!double.IsFinite(value))
                    throw new InvalidOperationException($"training diverged: the loss became {value} at step {step}; lower the learning rate.");
                loss.backward();
                optimizer.step();
                losses.Add((float)value);
                if (average is not null)
                    using (no_grad())
                        for (int i = 0; i < parameters.Length; i++)
                            average[i].mul_(settings.EmaDecay!.Value).add_(parameters[i], alpha: 1 - settings.EmaDecay.Value);
            }
            int done = step + 1;
            bool stopping = stop?.Invoke(done) == true;
            if (checkpointPath is not null && (done % settings.CheckpointEvery == 0 || done == settings.Steps || stopping))
                TrainingCheckpoint.Write(checkpointPath, new TrainingCheckpoint.Header(model.Kind, TrainingCheckpoint.Shapes(model.Module), signature, done),
                    losses.ToArray(), model.Module, optimizer, average);
            if (done % settings.LossEvery == 0 || done == settings.Steps)
                progress?.Report(new WorkProgress("training", done, settings.Steps, string.Create(CultureInfo.InvariantCulture, $"loss {(float)value:G5}")));
            afterStep?.Invoke(done);
            if (stopping) break;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        int stepsRun = losses.Count - start;
        if (average is not null)
        {
            using (no_grad())
                for (int i = 0; i < parameters.Length; i++) parameters[i].copy_(average[i]);
            foreach (Tensor t in average) t.Dispose();
        }
        return new TrainingHistory(losses.ToArray(), start, seconds, stepsRun == 0 ? 0 : stepsRun * (double)schedule.BatchSize / seconds);
    }
}
