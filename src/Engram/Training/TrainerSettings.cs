namespace Engram.Training;

/// <summary>
/// Settings of <see cref="TorchTrainer"/>: Adam (Kingma &amp; Ba 2015) on a model's loss, an optional exponential moving
/// average of the weights, checkpoints every few steps, a seed and the device. Defaults suit the small image models
/// of Engram (VAE, DDPM) on a CPU.
/// </summary>
public sealed record TrainerSettings
{
    /// <summary>Optimiser steps in all (a resumed run continues up to this number).</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Samples per minibatch.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam learning rate (β₁ = 0.9, β₂ = 0.999, ε = 1e-8: PyTorch's defaults).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>
    /// Decay d of the exponential moving average of the weights, θ̄ ← d θ̄ + (1 − d) θ after every step (Polyak
    /// averaging as in Ho et al. 2020, who use 0.9999); null = no average.
    /// </summary>
    public double? EmaDecay { get; init; }

    /// <summary>Write a checkpoint every this many steps (and at the end) when a checkpoint path is given.</summary>
    public int CheckpointEvery { get; init; } = 500;

    /// <summary>Record the mean training loss over every this many steps.</summary>
    public int LossEvery { get; init; } = 50;

    /// <summary>
    /// Whether every epoch takes the samples in a fresh random order (the default). False takes them in their stored
    /// order, so a batch as large as the data is the whole data set: full-batch training.
    /// </summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the minibatch order and of every random draw inside the loss.</summary>
    public int Seed { get; init; }

    /// <summary>The libtorch device, e.g. "cpu" (the only one the TorchSharp-cpu package has) or "cuda:0".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// libtorch intra-op threads for the run. The result is bit-for-bit the same for the same thread count; one thread
    /// is fastest for models this small on a shared 2-core machine (docs/benchmarks.md).
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"training steps must be ≥ 1; got {Steps}.", nameof(Steps));
        if (BatchSize < 1) throw new ArgumentException($"the batch size must be ≥ 1; got {BatchSize}.", nameof(BatchSize));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"the learning rate must be a finite number > 0; got {LearningRate}.", nameof(LearningRate));
        if (EmaDecay is { } d && !(d >= 0 && d < 1)) throw new ArgumentException($"the EMA decay must lie in [0, 1); got {d}.", nameof(EmaDecay));
        if (CheckpointEvery < 1) throw new ArgumentException($"the checkpoint interval must be ≥ 1 step; got {CheckpointEvery}.", nameof(CheckpointEvery));
        if (LossEvery < 1) throw new ArgumentException($"the loss interval must be ≥ 1 step; got {LossEvery}.", nameof(LossEvery));
        if (Threads < 1) throw new ArgumentException($"threads must be ≥ 1; got {Threads}.", nameof(Threads));
        if (string.IsNullOrWhiteSpace(Device)) throw new ArgumentException("the device must be named, e.g. \"cpu\".", nameof(Device));
    }
}
