using Engram.Data;

namespace Engram.Generative;

/// <summary>The encoder and decoder networks of a <see cref="VariationalAutoencoder"/>.</summary>
public enum VaeNetwork
{
    /// <summary>Fully connected: pixels → hidden (ReLU) → mean and log-variance; latent → hidden (ReLU) → pixels.</summary>
    Mlp,

    /// <summary>Two stride-2 convolutions (32 and 64 channels, 4 × 4 kernels) then a hidden layer; the decoder mirrors them with transposed convolutions. Images must have sides divisible by 4.</summary>
    Conv,
}

/// <summary>The decoder's likelihood p_θ(x | z).</summary>
public enum VaeLikelihood
{
    /// <summary>Independent Bernoulli pixels with the decoder's logits: log p = Σ x log σ(l) + (1 − x) log(1 − σ(l)). For grey levels in [0, 1] this is the usual cross-entropy, a likelihood only for binary images.</summary>
    Bernoulli,

    /// <summary>Independent Gaussian pixels, mean σ(decoder output), fixed standard deviation <see cref="VaeArchitecture.GaussianScale"/>.</summary>
    Gaussian,
}

/// <summary>The shape of a VAE: what its checkpoint must match.</summary>
public sealed record VaeArchitecture
{
    /// <summary>Encoder and decoder type.</summary>
    public VaeNetwork Network { get; init; } = VaeNetwork.Mlp;

    /// <summary>Likelihood of the decoder.</summary>
    public VaeLikelihood Likelihood { get; init; } = VaeLikelihood.Bernoulli;

    /// <summary>Number of latent variables (dimension of z).</summary>
    public int Latent { get; init; } = 8;

    /// <summary>Width of the hidden layer.</summary>
    public int Hidden { get; init; } = 256;

    /// <summary>Image rows.</summary>
    public int Height { get; init; } = 28;

    /// <summary>Image columns.</summary>
    public int Width { get; init; } = 28;

    /// <summary>Pixel standard deviation σ of the Gaussian likelihood (unused by the Bernoulli one).</summary>
    public double GaussianScale { get; init; } = 0.1;

    /// <summary>
    /// Threshold the images at 0.5 the model is trained on, evaluated on and run from; part of the model's kind, so a checkpoint of the other kind is refused. With the
    /// Bernoulli likelihood this makes log p(x) a true log-likelihood and keeps the images sampled from the decoder
    /// in the training distribution, as the near-binary MNIST digits of the paper are.
    /// </summary>
    public bool Binarize { get; init; } = true;

    /// <summary>The images as the model sees them: binarized when <see cref="Binarize"/> is set.</summary>
    public ImageSet Prepare(ImageSet images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return Binarize ? images.Binarized() : images;
    }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (Latent < 1) throw new ArgumentException($"the number of latent variables must be ≥ 1; got {Latent}.", nameof(Latent));
        if (Hidden < 1) throw new ArgumentException($"the hidden width must be ≥ 1; got {Hidden}.", nameof(Hidden));
        if (Height < 1 || Width < 1) throw new ArgumentException($"images must have at least one pixel; got {Height} × {Width}.", nameof(Height));
        if (Network == VaeNetwork.Conv && (Height % 4 != 0 || Width % 4 != 0))
            throw new ArgumentException($"the convolutional VAE needs image sides divisible by 4; got {Height} × {Width}.", nameof(Network));
        if (!(GaussianScale > 0) || double.IsInfinity(GaussianScale)) throw new ArgumentException($"the Gaussian pixel scale must be a finite number > 0; got {GaussianScale}.", nameof(GaussianScale));
        if (!Enum.IsDefined(Network)) throw new ArgumentException($"unknown network {Network}.", nameof(Network));
        if (!Enum.IsDefined(Likelihood)) throw new ArgumentException($"unknown likelihood {Likelihood}.", nameof(Likelihood));
    }

    /// <summary>"vae mlp bernoulli 784-256-8": the kind recorded in checkpoints.</summary>
    public string Kind => FormattableString.Invariant($"vae {Network.ToString().ToLowerInvariant()} {Likelihood.ToString().ToLowerInvariant()} {Height * Width}-{Hidden}-{Latent}")
        + (Likelihood == VaeLikelihood.Gaussian ? FormattableString.Invariant($" σ={GaussianScale:R}") : "")
        + (Binarize ? " binarized" : " grey");
}
