using Engram.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Continual.Diffusion;

/// <summary>
/// A model trained with experience replay: in every minibatch of B current-task items, the first ⌊ρB⌉ are replaced by
/// items drawn uniformly (with replacement) from a fixed replay buffer. The draw comes from the step's generator, so a
/// resumed run replays exactly what an uninterrupted one would. It wraps the model's module and kind, so checkpoints
/// are interchangeable with the plain model's.
/// </summary>
/// <param name="Model">The model being fine-tuned.</param>
/// <param name="Buffer">Replay items [K, …], on the training device.</param>
/// <param name="Ratio">Fraction ρ ∈ [0, 1] of each batch taken from the buffer.</param>
public sealed record ReplayMixing(ITrainable Model, Tensor Buffer, double Ratio) : ITrainable
{
    /// <inheritdoc/>
    public nn.Module Module => Model.Module;

    /// <inheritdoc/>
    public string Kind => Model.Kind;

    /// <inheritdoc/>
    public Tensor Loss(Tensor batch, Generator noise)
    {
        ArgumentNullException.ThrowIfNull(batch);
        long replayed = Math.Min(batch.shape[0], (long)Math.Round(Ratio * batch.shape[0]));
        if (replayed == 0 || Buffer.shape[0] == 0) return Model.Loss(batch, noise);
        using var scope = NewDisposeScope();
        Tensor pick = randint(0, Buffer.shape[0], [replayed], dtype: ScalarType.Int64, device: batch.device, generator: noise);
        Tensor mixed = cat([Buffer.index_select(0, pick), batch.narrow(0, replayed, batch.shape[0] - replayed)], 0);
        return Model.Loss(mixed, noise).MoveToOuterDisposeScope();
    }
}
