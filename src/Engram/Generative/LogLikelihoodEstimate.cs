using static TorchSharp.torch;

namespace Engram.Generative;

/// <summary>
/// The importance-sampled estimate of log p_θ(x) (Burda, Grosse &amp; Salakhutdinov 2016) with the encoder as proposal:
/// log p̂_K(x) = log (1/K) Σ_k p_θ(x | z_k) p(z_k) / q_φ(z_k | x), z_k ~ q_φ(z | x). E[log p̂_K] rises with K from the
/// ELBO (K = 1) towards log p_θ(x). The log-weights come from the float32 network and are summed in float64 by
/// log-sum-exp.
/// </summary>
public static class LogLikelihoodEstimate
{
    /// <summary>log p̂_K of every row of <paramref name="x"/>, with <paramref name="samples"/> = K draws from <paramref name="noise"/>.</summary>
    /// <exception cref="ArgumentException">K &lt; 1.</exception>
    public static double[] Estimate(VariationalAutoencoder vae, Tensor x, int samples, Generator noise)
    {
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(x);
        if (samples < 1) throw new ArgumentException($"the number of importance samples must be ≥ 1; got {samples}.", nameof(samples));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long n = x.shape[0], latent = vae.Architecture.Latent;
        var (mu, logVar) = vae.Encode(x);
        Tensor epsilon = randn([samples, n, latent], dtype: mu.dtype, device: mu.device, generator: noise);
        Tensor z = mu + (0.5 * logVar).exp() * epsilon;                               // K × n × L
        Tensor flat = z.reshape(samples * n, latent);
        Tensor logLikelihood = vae.LogLikelihood(x.repeat(samples, 1), vae.Decode(flat)).reshape(samples, n);
        double log2Pi = Math.Log(2 * Math.PI);
        Tensor logPrior = -0.5 * (z.square() + log2Pi).sum(2);
        Tensor logProposal = -0.5 * (epsilon.square() + logVar + log2Pi).sum(2);        // (z − μ)² / σ² = ε²
        Tensor logWeights = (logLikelihood + logPrior - logProposal).to(ScalarType.Float64);
        return (logWeights.logsumexp(0) - Math.Log(samples)).data<double>().ToArray();
    }

    /// <summary><see cref="Estimate"/> over rows in chunks of <paramref name="chunk"/>, to bound memory (K × chunk × pixels floats).</summary>
    public static double[] EstimateInChunks(VariationalAutoencoder vae, Tensor x, int samples, Generator noise, int chunk = 100)
    {
        ArgumentNullException.ThrowIfNull(x);
        var all = new List<double>();
        for (long start = 0; start < x.shape[0]; start += chunk)
        {
            using Tensor part = x.narrow(0, start, Math.Min(chunk, x.shape[0] - start));
            all.AddRange(Estimate(vae, part, samples, noise));
        }
        return all.ToArray();
    }
}
