using Engram.Generative;
using Engram.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Tests.Generative;

[Collection(nameof(TorchTraining))]
public class VariationalAutoencoderTests
{
    [Fact]
    public void Kl_term_equals_its_closed_form_and_a_monte_carlo_estimate()
    {
        double[] mu = [0.3, -1.2, 2.0], logVar = [-0.5, 0.4, -2.0];
        using var m = tensor(mu, [1, 3]);
        using var l = tensor(logVar, [1, 3]);
        double kl = VariationalAutoencoder.KlToStandardNormal(m, l).item<double>();
        double closed = 0;
        for (int j = 0; j < 3; j++) closed += 0.5 * (Math.Exp(logVar[j]) + mu[j] * mu[j] - 1 - logVar[j]);
        Assert.Equal(closed, kl, 12);

        // Independent check: KL = E_q[log q(z) − log p(z)] by sampling, within 4 standard errors.
        var random = new Random(3);
        const int draws = 200_000;
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < draws; i++)
        {
            double logRatio = 0;
            for (int j = 0; j < 3; j++)
            {
                double sd = Math.Exp(0.5 * logVar[j]), eps = Engram.Numerics.StandardNormal.NextGaussian(random), z = mu[j] + sd * eps;
                logRatio += -0.5 * eps * eps - Math.Log(sd) + 0.5 * z * z;
            }
            sum += logRatio;
            sumSquares += logRatio * logRatio;
        }
        double mean = sum / draws, se = Math.Sqrt((sumSquares / draws - mean * mean) / draws);
        Assert.True(Math.Abs(mean - kl) < 4 * se, $"Monte Carlo {mean} ± {se}, closed form {kl}");
    }

    [Fact]
    public void Bernoulli_log_likelihood_matches_the_direct_formula()
    {
        using var vae = new VariationalAutoencoder(new VaeArchitecture { Latent = 2, Hidden = 4, Height = 1, Width = 3 }, 0);
        float[] x = [0, 1, 0.25f], logits = [-3f, 0.5f, 20f];
        using var xs = tensor(x, [1, 3]);
        using var ls = tensor(logits, [1, 3]);
        double expected = 0;
        for (int i = 0; i < 3; i++)
        {
            double p = 1 / (1 + Math.Exp(-logits[i]));
            expected += x[i] * Math.Log(p) + (1 - x[i]) * Math.Log(1 - p);
        }
        Assert.Equal(expected, vae.LogLikelihood(xs, ls).item<float>(), 3);
    }

    [Fact]
    public void Gaussian_log_likelihood_matches_the_normal_density()
    {
        var architecture = new VaeArchitecture { Latent = 2, Hidden = 4, Height = 1, Width = 2, Likelihood = VaeLikelihood.Gaussian, GaussianScale = 0.2 };
        using var vae = new VariationalAutoencoder(architecture, 0);
        float[] x = [0.1f, 0.9f], output = [0f, 1f];
        using var xs = tensor(x, [1, 2]);
        using var os = tensor(output, [1, 2]);
        double expected = 0;
        for (int i = 0; i < 2; i++)
        {
            double mean = 1 / (1 + Math.Exp(-output[i]));
            expected += -0.5 * Math.Pow((x[i] - mean) / 0.2, 2) - Math.Log(0.2) - 0.5 * Math.Log(2 * Math.PI);
        }
        Assert.Equal(expected, vae.LogLikelihood(xs, os).item<float>(), 3);
    }

    [Fact]
    public void Convolutional_vae_maps_images_to_latents_and_back_to_images()
    {
        using var vae = new VariationalAutoencoder(new VaeArchitecture { Network = VaeNetwork.Conv, Latent = 3, Hidden = 16 }, 0);
        using var x = rand(5, 784);
        var (mu, logVar) = vae.Encode(x);
        Assert.Equal([5L, 3L], mu.shape);
        Assert.Equal([5L, 3L], logVar.shape);
        using var output = vae.Decode(mu);
        Assert.Equal([5L, 784L], output.shape);
        using var noise = new Generator(1);
        Assert.True(float.IsFinite(vae.Loss(x, noise).item<float>()));
    }

    [Fact]
    public void Elbo_lies_below_the_importance_sampled_log_likelihood_of_a_trained_vae()
    {
        var (train, test) = TinyVae.Bundled;
        var settings = new VaeTrainingSettings
        {
            Architecture = TinyVae.Architecture(latent: 4, hidden: 64),
            Trainer = TinyVae.Trainer(300, ema: null),
            EvaluationImages = 100,
            ImportanceSamples = 1,
        };
        var (vae, _) = VaeTraining.Train(train, test, settings);
        using (vae)
        using (no_grad())
        {
            using var x = tensor(test.Pixels.AsSpan(0, 100 * 784).ToArray(), [100, 784]);
            // The ELBO (closed-form KL), averaged over 20 independent draws per image.
            using var g = new Generator(11);
            double[] elbo = Enumerable.Range(0, 20).Select(_ => vae.Elbo(x, g).to(ScalarType.Float64).mean().item<double>()).ToArray();
            double meanElbo = elbo.Average(), seElbo = Math.Sqrt(elbo.Select(e => (e - meanElbo) * (e - meanElbo)).Sum() / 19 / 20);
            // log p̂_1 is an unbiased estimate of the ELBO: its log q and log p(z) terms must reproduce the closed-form KL.
            using var g1 = new Generator(12);
            double[] one = Enumerable.Range(0, 20).Select(_ => LogLikelihoodEstimate.Estimate(vae, x, 1, g1).Average()).ToArray();
            double meanOne = one.Average(), seOne = Math.Sqrt(one.Select(e => (e - meanOne) * (e - meanOne)).Sum() / 19 / 20);
            Assert.True(Math.Abs(meanOne - meanElbo) < 4 * Math.Sqrt(seOne * seOne + seElbo * seElbo), $"log p̂_1 {meanOne} ± {seOne}, ELBO {meanElbo} ± {seElbo}");
            // With many samples the bound tightens: ELBO ≤ log p̂_10 ≤ log p̂_500 (on average, by clear margins).
            using var g2 = new Generator(13);
            double ten = LogLikelihoodEstimate.Estimate(vae, x, 10, g2).Average();
            double many = LogLikelihoodEstimate.EstimateInChunks(vae, x, 500, g2, chunk: 25).Average();
            Assert.True(meanElbo + 10 * seElbo < ten, $"ELBO {meanElbo} ± {seElbo}, log p̂_10 {ten}");
            Assert.True(ten < many, $"log p̂_10 {ten}, log p̂_500 {many}");
        }
    }
}
