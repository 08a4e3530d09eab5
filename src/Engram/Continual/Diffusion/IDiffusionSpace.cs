using static TorchSharp.torch;

namespace Engram.Continual.Diffusion;

/// <summary>
/// Where the diffusion runs: pixels (<see cref="PixelSpace"/>), or the latent space of an autoencoder put in front, as
/// in latent diffusion (Rombach et al. 2022). The experiment encodes images once, trains, measures energies and
/// denoising errors in this space, and decodes only to draw samples, so a latent model plugs in here alone.
/// </summary>
public interface IDiffusionSpace
{
    /// <summary>What the space is, recorded in checkpoints (e.g. "pixels [-1, 1]").</summary>
    string Name { get; }

    /// <summary>Shape of one encoded item: channels, height, width.</summary>
    (int Channels, int Height, int Width) Shape { get; }

    /// <summary>Encodes images [N, H·W] with values in [0, 1] to [N, C, h, w].</summary>
    Tensor Encode(Tensor images);

    /// <summary>Decodes [N, C, h, w] back to images [N, H·W] with values in [0, 1].</summary>
    Tensor Decode(Tensor encoded);
}

/// <summary>Pixel-space diffusion (Ho et al. 2020): grey levels x ∈ [0, 1] become 2x − 1 ∈ [−1, 1], one channel.</summary>
/// <param name="Height">Image rows.</param>
/// <param name="Width">Image columns.</param>
public sealed record PixelSpace(int Height, int Width) : IDiffusionSpace
{
    /// <inheritdoc/>
    public string Name => "pixels [-1, 1]";

    /// <inheritdoc/>
    public (int Channels, int Height, int Width) Shape => (1, Height, Width);

    /// <inheritdoc/>
    public Tensor Encode(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return (images.reshape(-1, 1, Height, Width) * 2 - 1).to(ScalarType.Float32);
    }

    /// <inheritdoc/>
    public Tensor Decode(Tensor encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return ((encoded.reshape(-1, Height * Width) + 1) / 2).clamp(0, 1);
    }
}
