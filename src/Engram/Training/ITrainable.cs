using static TorchSharp.torch;

namespace Engram.Training;

/// <summary>
/// A model that <see cref="TorchTrainer"/> can train: its parameters (a TorchSharp module) and the loss of one
/// minibatch. The VAE and the DDPM implement it; the trainer owns the loop, the optimiser, the weight average,
/// the checkpoints and the seeds.
/// </summary>
public interface ITrainable
{
    /// <summary>The module whose parameters are trained.</summary>
    nn.Module Module { get; }

    /// <summary>
    /// What the model is, e.g. "vae mlp bernoulli 784-256-8". A checkpoint records it, and one written for another
    /// kind is refused with a message naming both.
    /// </summary>
    string Kind { get; }

    /// <summary>
    /// The scalar loss of <paramref name="batch"/> (rows are samples), to be minimised. Every random draw inside
    /// (noise, timesteps) must come from <paramref name="noise"/>, which the trainer seeds from (seed, step).
    /// </summary>
    Tensor Loss(Tensor batch, Generator noise);
}
