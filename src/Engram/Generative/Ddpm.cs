using Engram.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Generative;

/// <summary>How <see cref="Ddpm.Sample"/> runs the reverse process.</summary>
public enum DdpmSampler
{
    /// <summary>Ancestral sampling over all T steps with the posterior variance β̃_t (Ho et al. 2020, Algorithm 2).</summary>
    Ancestral,

    /// <summary>Deterministic DDIM (η = 0) over an evenly spaced subsequence of the steps (Song, Meng &amp; Ermon 2021).</summary>
    Ddim,
}

/// <summary>
/// A denoising diffusion probabilistic model (Ho et al. 2020) with ε-prediction: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε,
/// trained on L = E_{t, ε} ‖ε − ε_θ(x_t, t)‖² with t uniform on 1…T. It works in whatever space the data tensors live
/// in (pixels, or the latent codes of an autoencoder); float32 throughout, as the network is trained in float32.
/// </summary>
public sealed class Ddpm : ITrainable, IDisposable
{
    readonly Tensor alphaBars;

    /// <summary>A DDPM with a fresh U-Net of <paramref name="architecture"/> (weights from <paramref name="seed"/>) on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentException">An invalid architecture.</exception>
    public Ddpm(UNetArchitecture architecture, NoiseSchedule schedule, int seed, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Schedule = schedule;
        Network = new DiffusionUNet(architecture, seed);
        Network.to(torch.device(device));
        alphaBars = tensor(schedule.AlphaBars, dtype: ScalarType.Float32, device: torch.device(device));
    }

    /// <summary>The ε-prediction network.</summary>
    public DiffusionUNet Network { get; }

    /// <summary>The forward process.</summary>
    public NoiseSchedule Schedule { get; }

    /// <inheritdoc/>
    public nn.Module Module => Network;

    /// <inheritdoc/>
    public string Kind => $"ddpm eps {Schedule.Kind.ToString().ToLowerInvariant()} T{Schedule.Steps} {Network.Architecture.Kind}";

    /// <summary>Number of trained parameters.</summary>
    public long ParameterCount => Network.parameters().Sum(p => p.numel());

    /// <summary>x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε for per-row steps t (1…T).</summary>
    public Tensor Noised(Tensor x0, Tensor t, Tensor epsilon)
    {
        ArgumentNullException.ThrowIfNull(x0);
        using var scope = NewDisposeScope();
        Tensor a = alphaBars.index_select(0, t.to(ScalarType.Int64) - 1).reshape(-1, 1, 1, 1);
        return (a.sqrt() * x0 + (1 - a).sqrt() * epsilon).MoveToOuterDisposeScope();
    }

    /// <summary>The training loss of a batch [N, C, H, W]: mean ‖ε − ε_θ(x_t, t)‖² per value, t and ε drawn from <paramref name="noise"/>.</summary>
    public Tensor Loss(Tensor batch, Generator noise)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        Tensor t = randint(1, Schedule.Steps + 1, [batch.shape[0]], dtype: ScalarType.Int64, device: batch.device, generator: noise);
        Tensor epsilon = randn(batch.shape, dtype: batch.dtype, device: batch.device, generator: noise);
        return nn.functional.mse_loss(Network.call(Noised(batch, t, epsilon), t), epsilon).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The denoising error of every row of <paramref name="x0"/> at step <paramref name="t"/> with the given noise:
    /// ‖ε − ε_θ(x_t, t)‖² / D (D values per item). Computed in batches without gradients.
    /// </summary>
    public double[] DenoisingError(Tensor x0, int t, Tensor epsilon, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(epsilon);
        Schedule.AlphaBar(t);
        using var _ = no_grad();
        long n = x0.shape[0];
        var errors = new double[n];
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long count = Math.Min(batchSize, n - start);
            Tensor x = x0.narrow(0, start, count), e = epsilon.narrow(0, start, count);
            Tensor steps = full([count], t, dtype: ScalarType.Int64, device: x.device);
            Tensor error = (Network.call(Noised(x, steps, e), steps) - e).square().flatten(1).mean([1]).to(ScalarType.Float64).cpu();
            error.data<double>().CopyTo(errors.AsSpan((int)start, (int)count));
        }
        return errors;
    }

    /// <summary>
    /// Draws <paramref name="count"/> items [count, C, H, W] by the reverse process from x_T ~ N(0, I), every draw from
    /// <paramref name="noise"/>. DDIM uses <paramref name="ddimSteps"/> evenly spaced steps; both clip the predicted x̂_0
    /// to [−1, 1] when <paramref name="clip"/> (the pixel range).
    /// </summary>
    public Tensor Sample(int count, (int Channels, int Height, int Width) shape, DdpmSampler sampler, Generator noise, int ddimSteps = 50, bool clip = true)
    {
        ArgumentNullException.ThrowIfNull(noise);
        if (count < 1) throw new ArgumentException($"the sample count must be ≥ 1; got {count}.", nameof(count));
        if (ddimSteps < 1 || ddimSteps > Schedule.Steps) throw new ArgumentException($"DDIM steps must lie in 1…{Schedule.Steps}; got {ddimSteps}.", nameof(ddimSteps));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Device device = alphaBars.device;
        Tensor x = randn([count, shape.Channels, shape.Height, shape.Width], device: device, generator: noise);
        int[] steps = sampler == DdpmSampler.Ancestral
            ? Enumerable.Range(1, Schedule.Steps).Reverse().ToArray()
            : Enumerable.Range(0, ddimSteps).Select(i => (int)Math.Round(1 + (Schedule.Steps - 1) * (ddimSteps - 1 - i) / (double)Math.Max(1, ddimSteps - 1))).Distinct().ToArray();
        for (int k = 0; k < steps.Length; k++)
        {
            using var inner = NewDisposeScope();
            int t = steps[k];
            double a = Schedule.AlphaBar(t);
            Tensor epsilon = Network.call(x, full([count], t, dtype: ScalarType.Int64, device: device));
            Tensor x0 = (x - Math.Sqrt(1 - a) * epsilon) / Math.Sqrt(a);
            if (clip) x0 = x0.clamp(-1, 1);
            Tensor next;
            if (sampler == DdpmSampler.Ancestral)
            {
                double previous = t > 1 ? Schedule.AlphaBar(t - 1) : 1, beta = Schedule.Betas[t - 1];
                // Posterior q(x_{t−1} | x_t, x̂_0): mean from x̂_0 and x_t, variance β̃_t = (1 − ᾱ_{t−1}) / (1 − ᾱ_t) β_t.
                Tensor mean = Math.Sqrt(previous) * beta / (1 - a) * x0 + Math.Sqrt(1 - beta) * (1 - previous) / (1 - a) * x;
                next = t > 1 ? mean + Math.Sqrt((1 - previous) / (1 - a) * beta) * randn(x.shape, device: device, generator: noise) : mean;
            }
            else
                next = DdimStep(x, x0, a, k + 1 < steps.Length ? Schedule.AlphaBar(steps[k + 1]) : 1);
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Reconstruction from step <paramref name="t"/>: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε with the given noise, then
    /// deterministic DDIM (η = 0) back to 0 over <paramref name="ddimSteps"/> evenly spaced steps t … 1; returns x̂_0
    /// [N, C, H, W] (clipped to [−1, 1] when <paramref name="clip"/>). The same ε and weights give the same x̂_0.
    /// </summary>
    public Tensor Reconstruct(Tensor x0, int t, Tensor epsilon, int ddimSteps, bool clip = true)
    {
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(epsilon);
        Schedule.AlphaBar(t);
        if (ddimSteps < 1) throw new ArgumentException($"DDIM steps must be ≥ 1; got {ddimSteps}.", nameof(ddimSteps));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long n = x0.shape[0];
        int[] steps = ddimSteps == 1 ? [t] : Enumerable.Range(0, ddimSteps).Select(i => (int)Math.Round(t - (t - 1) * i / (double)(ddimSteps - 1))).Distinct().ToArray();
        Tensor x = Noised(x0, full([n], t, dtype: ScalarType.Int64, device: x0.device), epsilon);
        for (int k = 0; k < steps.Length; k++)
        {
            double a = Schedule.AlphaBar(steps[k]);
            Tensor predicted = Network.call(x, full([n], steps[k], dtype: ScalarType.Int64, device: x0.device));
            Tensor estimate = (x - Math.Sqrt(1 - a) * predicted) / Math.Sqrt(a);
            if (clip) estimate = estimate.clamp(-1, 1);
            x = DdimStep(x, estimate, a, k + 1 < steps.Length ? Schedule.AlphaBar(steps[k + 1]) : 1);
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>One DDIM step (η = 0) from x_t with ᾱ_t = <paramref name="a"/> and the predicted x̂_0 to the step of ᾱ = <paramref name="previous"/> (1: x̂_0 itself).</summary>
    static Tensor DdimStep(Tensor x, Tensor x0, double a, double previous)
    {
        Tensor direction = (x - Math.Sqrt(a) * x0) / Math.Sqrt(1 - a);
        return Math.Sqrt(previous) * x0 + Math.Sqrt(1 - previous) * direction;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Network.Dispose();
        alphaBars.Dispose();
    }
}
