using System.Globalization;
using Engram.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Generative;

/// <summary>
/// A small convolutional autoencoder with a spatial latent, the first stage of latent diffusion (Rombach et al. 2022,
/// "High-resolution image synthesis with latent diffusion models", CVPR): images [N, H·W] in [0, 1], zero-padded to a
/// multiple of 16 on each side (28 → 32), are encoded by two stride-2 4 × 4 convolutions (32, 64 channels, ReLU) and a
/// 3 × 3 convolution to C channels at a quarter of the padded size (C × 8 × 8 for 28 × 28 images); the decoder mirrors
/// it with transposed convolutions and crops back. Loss: the binary cross-entropy of the decoded logits against the grey
/// levels, summed over pixels, mean over the batch. Deterministic (no KL term): the diffusion space rescales the codes
/// to unit second moment instead, as Stable Diffusion's latent scale factor does.
/// </summary>
public sealed class ConvAutoencoder : nn.Module, ITrainable
{
    readonly nn.Module<Tensor, Tensor> encoder, decoder;

    /// <summary>A fresh autoencoder for images of <paramref name="height"/> × <paramref name="width"/> with <paramref name="channels"/> latent channels.</summary>
    /// <exception cref="ArgumentException">A size or channel count below 1.</exception>
    public ConvAutoencoder(int height, int width, int channels, int seed, string device = "cpu") : base("autoencoder")
    {
        if (height < 1 || width < 1) throw new ArgumentException($"image size must be ≥ 1 × 1; got {height} × {width}.", nameof(height));
        if (channels < 1) throw new ArgumentException($"the latent needs ≥ 1 channel; got {channels}.", nameof(channels));
        Height = height;
        Width = width;
        Channels = channels;
        PaddedHeight = (height + 15) / 16 * 16;
        PaddedWidth = (width + 15) / 16 * 16;
        encoder = nn.Sequential(
            nn.Conv2d(1, 32, 4, stride: 2, padding: 1), nn.ReLU(),
            nn.Conv2d(32, 64, 4, stride: 2, padding: 1), nn.ReLU(),
            nn.Conv2d(64, channels, 3, padding: 1));
        decoder = nn.Sequential(
            nn.Conv2d(channels, 64, 3, padding: 1), nn.ReLU(),
            nn.ConvTranspose2d(64, 32, 4, stride: 2, padding: 1), nn.ReLU(),
            nn.ConvTranspose2d(32, 1, 4, stride: 2, padding: 1));
        RegisterComponents();
        FanInInitialisation.Apply(this, seed);
        this.to(torch.device(device));
    }

    /// <summary>Image rows.</summary>
    public int Height { get; }

    /// <summary>Image columns.</summary>
    public int Width { get; }

    /// <summary>Latent channels C.</summary>
    public int Channels { get; }

    int PaddedHeight { get; }

    int PaddedWidth { get; }

    /// <summary>Shape of one code: C × (padded H)/4 × (padded W)/4.</summary>
    public (int Channels, int Height, int Width) LatentShape => (Channels, PaddedHeight / 4, PaddedWidth / 4);

    /// <inheritdoc/>
    public nn.Module Module => this;

    /// <inheritdoc/>
    public string Kind => string.Create(CultureInfo.InvariantCulture, $"conv autoencoder {Height}×{Width} → {Channels}×{PaddedHeight / 4}×{PaddedWidth / 4}");

    /// <summary>Codes [N, C, h, w] of images [N, H·W].</summary>
    public Tensor Encode(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        int top = (PaddedHeight - Height) / 2, left = (PaddedWidth - Width) / 2;
        Tensor x = nn.functional.pad(images.reshape(-1, 1, Height, Width), [left, PaddedWidth - Width - left, top, PaddedHeight - Height - top]);
        return encoder.call(x).MoveToOuterDisposeScope();
    }

    /// <summary>Pixel logits [N, H·W] of codes [N, C, h, w] (the grey level is their sigmoid).</summary>
    public Tensor DecodeLogits(Tensor codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        using var scope = NewDisposeScope();
        int top = (PaddedHeight - Height) / 2, left = (PaddedWidth - Width) / 2;
        Tensor y = decoder.call(codes);
        return y[.., 0, top..(top + Height), left..(left + Width)].reshape(-1, Height * Width).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Tensor Loss(Tensor batch, Generator noise)
    {
        using var scope = NewDisposeScope();
        Tensor logits = DecodeLogits(Encode(batch));
        Tensor perImage = nn.functional.binary_cross_entropy_with_logits(logits, batch, reduction: nn.Reduction.None).sum(1);
        return perImage.mean().MoveToOuterDisposeScope();
    }
}
