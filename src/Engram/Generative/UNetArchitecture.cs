using System.Globalization;

namespace Engram.Generative;

/// <summary>
/// The shape of <see cref="DiffusionUNet"/>: a U-Net (Ronneberger et al. 2015) as in DDPM (Ho et al. 2020), one
/// residual block per resolution, resolutions halved by strided convolutions (28 → 14 → 7 for Fashion-MNIST).
/// </summary>
public sealed record UNetArchitecture
{
    /// <summary>Channels C of the first resolution; resolution i has C · <see cref="ChannelMultipliers"/>[i].</summary>
    public int BaseChannels { get; init; } = 32;

    /// <summary>One multiplier per resolution: two or three resolutions.</summary>
    public int[] ChannelMultipliers { get; init; } = [1, 2, 2];

    /// <summary>Groups of every group normalisation (Wu &amp; He 2018); must divide every channel count.</summary>
    public int Groups { get; init; } = 8;

    /// <summary>Whether a self-attention block follows the residual block at the lowest resolution.</summary>
    public bool Attention { get; init; }

    /// <summary>Channels of the input (1 for grey images; a latent space may have more).</summary>
    public int InputChannels { get; init; } = 1;

    /// <summary>Input height.</summary>
    public int Height { get; init; } = 28;

    /// <summary>Input width.</summary>
    public int Width { get; init; } = 28;

    /// <summary>A short description recorded in checkpoints, e.g. "unet c32 x1-2-2 g8 1×28×28".</summary>
    public string Kind => string.Create(CultureInfo.InvariantCulture,
        $"unet c{BaseChannels} x{string.Join('-', ChannelMultipliers)} g{Groups}{(Attention ? " attn" : "")} {InputChannels}×{Height}×{Width}");

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(ChannelMultipliers);
        if (BaseChannels < 1) throw new ArgumentException($"the U-Net needs ≥ 1 base channel; got {BaseChannels}.", nameof(BaseChannels));
        if (ChannelMultipliers.Length is < 2 or > 3) throw new ArgumentException($"the U-Net has two or three resolutions; got {ChannelMultipliers.Length} channel multipliers.", nameof(ChannelMultipliers));
        if (ChannelMultipliers.Any(m => m < 1)) throw new ArgumentException("every channel multiplier must be ≥ 1.", nameof(ChannelMultipliers));
        if (Groups < 1 || BaseChannels * ChannelMultipliers.Min() % Groups != 0 || ChannelMultipliers.Any(m => BaseChannels * m % Groups != 0))
            throw new ArgumentException($"{Groups} normalisation groups do not divide every channel count ({string.Join(", ", ChannelMultipliers.Select(m => BaseChannels * m))}).", nameof(Groups));
        if (InputChannels < 1) throw new ArgumentException($"input channels must be ≥ 1; got {InputChannels}.", nameof(InputChannels));
        int divisor = 1 << (ChannelMultipliers.Length - 1);
        if (Height < divisor || Width < divisor || Height % divisor != 0 || Width % divisor != 0)
            throw new ArgumentException($"a {ChannelMultipliers.Length}-resolution U-Net needs a height and width divisible by {divisor}; got {Height} × {Width}.", nameof(Height));
    }
}
