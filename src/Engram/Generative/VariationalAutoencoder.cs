using Engram.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Generative;

/// <summary>
/// A variational autoencoder (Kingma &amp; Welling 2014) on flattened images: the encoder q_φ(z | x) = N(μ(x), diag
/// e^{ℓ(x)}), the prior p(z) = N(0, I), the decoder p_θ(x | z) Bernoulli or Gaussian per pixel. Trained by
/// maximising the evidence lower bound ELBO(x) = E_q[log p_θ(x | z)] − KL(q_φ(z | x) ‖ p(z)) ≤ log p_θ(x), with one
/// reparameterised sample z = μ + e^{ℓ/2} ε per image. float32 throughout: the network is the hot path and the
/// bound is a sum of a few thousand well-scaled terms; the log-likelihood estimate sums in float64.
/// </summary>
public sealed class VariationalAutoencoder : nn.Module, ITrainable
{
    readonly nn.Module<Tensor, Tensor> encoder, decoder;
    readonly nn.Module<Tensor, Tensor> mean, logVariance;
    readonly double logScale;

    /// <summary>A VAE of <paramref name="architecture"/>, its weights drawn from <paramref name="seed"/> (PyTorch's default uniform ranges ±1/√fan-in).</summary>
    public VariationalAutoencoder(VaeArchitecture architecture, int seed, string device = "cpu") : base("vae")
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.Validate();
        Architecture = architecture;
        int pixels = architecture.Height * architecture.Width, hidden = architecture.Hidden, latent = architecture.Latent;
        if (architecture.Network == VaeNetwork.Mlp)
        {
            encoder = nn.Sequential(nn.Linear(pixels, hidden), nn.ReLU());
            decoder = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, pixels));
        }
        else
        {
            long h4 = architecture.Height / 4, w4 = architecture.Width / 4;
            encoder = nn.Sequential(
                nn.Unflatten(1, [1, architecture.Height, architecture.Width]),
                nn.Conv2d(1, 32, 4, stride: 2, padding: 1), nn.ReLU(),
                nn.Conv2d(32, 64, 4, stride: 2, padding: 1), nn.ReLU(),
                nn.Flatten(), nn.Linear(64 * h4 * w4, hidden), nn.ReLU());
            decoder = nn.Sequential(
                nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, 64 * h4 * w4), nn.ReLU(),
                nn.Unflatten(1, [64, h4, w4]),
                nn.ConvTranspose2d(64, 32, 4, stride: 2, padding: 1), nn.ReLU(),
                nn.ConvTranspose2d(32, 1, 4, stride: 2, padding: 1),
                nn.Flatten());
        }
        mean = nn.Linear(hidden, latent);
        logVariance = nn.Linear(hidden, latent);
        logScale = Math.Log(architecture.GaussianScale);
        RegisterComponents();
        FanInInitialisation.Apply(this, seed);
        this.to(torch.device(device));
    }

    /// <summary>The shape of this VAE.</summary>
    public VaeArchitecture Architecture { get; }

    /// <inheritdoc/>
    public nn.Module Module => this;

    /// <inheritdoc/>
    public string Kind => Architecture.Kind;

    /// <summary>The encoder's mean μ(x) and log-variance ℓ(x) of q_φ(z | x) for rows <paramref name="x"/> (B × pixels).</summary>
    public (Tensor Mean, Tensor LogVariance) Encode(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor h = encoder.call(x);
        return (mean.call(h).MoveToOuterDisposeScope(), logVariance.call(h).MoveToOuterDisposeScope());
    }

    /// <summary>The decoder's output for latent rows <paramref name="z"/>: Bernoulli logits, or the Gaussian mean before its sigmoid.</summary>
    public Tensor Decode(Tensor z) => decoder.call(z);

    /// <summary>The mean image E[x | z] = σ(decoder output), in [0, 1].</summary>
    public static Tensor MeanImage(Tensor output) => sigmoid(output);

    /// <summary>
    /// log p_θ(x | z) per row, summed over pixels. Bernoulli: Σ x log σ(l) + (1 − x) log(1 − σ(l)), computed as
    /// −softplus(−l)·x − softplus(l)·(1 − x). Gaussian: −Σ (x − σ(o))² / (2s²) − D log s − (D/2) log 2π.
    /// </summary>
    public Tensor LogLikelihood(Tensor x, Tensor output)
    {
        using var scope = NewDisposeScope();
        Tensor result;
        if (Architecture.Likelihood == VaeLikelihood.Bernoulli)
            result = -(nn.functional.softplus(-output) * x + nn.functional.softplus(output) * (1 - x)).sum(1);
        else
        {
            long d = x.shape[1];
            double s2 = Math.Exp(2 * logScale);
            result = -(x - sigmoid(output)).square().sum(1) / (2 * s2) - d * logScale - 0.5 * d * Math.Log(2 * Math.PI);
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>KL(N(μ, diag e^ℓ) ‖ N(0, I)) = ½ Σ_j (μ_j² + e^{ℓ_j} − ℓ_j − 1) per row (closed form).</summary>
    public static Tensor KlToStandardNormal(Tensor mean, Tensor logVariance)
    {
        using var scope = NewDisposeScope();
        return (0.5 * (mean.square() + logVariance.exp() - logVariance - 1).sum(1)).MoveToOuterDisposeScope();
    }

    /// <summary>A reparameterised draw z = μ + e^{ℓ/2} ε, ε ~ N(0, I) from <paramref name="noise"/>.</summary>
    public static Tensor SampleLatent(Tensor mean, Tensor logVariance, Generator noise)
    {
        using var scope = NewDisposeScope();
        Tensor epsilon = randn(mean.shape, dtype: mean.dtype, device: mean.device, generator: noise);
        return (mean + (0.5 * logVariance).exp() * epsilon).MoveToOuterDisposeScope();
    }

    /// <summary>A draw x ~ p_θ(x | z) from the decoder's <paramref name="output"/>: binary pixels, or the mean plus Gaussian noise of scale s.</summary>
    public Tensor SampleImage(Tensor output, Generator noise)
    {
        using var scope = NewDisposeScope();
        Tensor p = sigmoid(output);
        Tensor x = Architecture.Likelihood == VaeLikelihood.Bernoulli
            ? rand(p.shape, dtype: p.dtype, device: p.device, generator: noise).lt(p).to(p.dtype)
            : p + Math.Exp(logScale) * randn(p.shape, dtype: p.dtype, device: p.device, generator: noise);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>One-sample ELBO of every row: log p_θ(x | z) at a reparameterised z, minus the closed-form KL.</summary>
    public Tensor Elbo(Tensor x, Generator noise)
    {
        using var scope = NewDisposeScope();
        var (mu, logVar) = Encode(x);
        Tensor z = SampleLatent(mu, logVar, noise);
        return (LogLikelihood(x, Decode(z)) - KlToStandardNormal(mu, logVar)).MoveToOuterDisposeScope();
    }

    /// <summary>The training loss: the negative mean one-sample ELBO of the batch, in nats per image.</summary>
    public Tensor Loss(Tensor batch, Generator noise)
    {
        using var scope = NewDisposeScope();
        return (-Elbo(batch, noise).mean()).MoveToOuterDisposeScope();
    }
}
