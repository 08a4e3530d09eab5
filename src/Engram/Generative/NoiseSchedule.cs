namespace Engram.Generative;

/// <summary>How the forward-process variances β_t grow with the step t.</summary>
public enum ScheduleKind
{
    /// <summary>β_t linear from 1e-4 to 0.02 over T steps (Ho et al. 2020).</summary>
    Linear,

    /// <summary>ᾱ_t = f(t)/f(0), f(t) = cos²(((t/T) + s)/(1 + s) · π/2), s = 0.008, β_t clipped at 0.999 (Nichol &amp; Dhariwal 2021).</summary>
    Cosine,
}

/// <summary>
/// The forward (noising) process of a DDPM: q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) with ᾱ_t = Π_{s≤t} (1 − β_s),
/// t = 1…T (Ho et al. 2020). Arrays are indexed by t − 1. Float64 so ᾱ_T ≈ 4e-5 keeps its digits.
/// </summary>
public sealed class NoiseSchedule
{
    /// <summary>A schedule of <paramref name="kind"/> with <paramref name="steps"/> steps T.</summary>
    /// <exception cref="ArgumentException">T &lt; 2.</exception>
    public NoiseSchedule(ScheduleKind kind, int steps = 1000)
    {
        if (steps < 2) throw new ArgumentException($"a diffusion needs at least 2 steps; got {steps}.", nameof(steps));
        Kind = kind;
        Steps = steps;
        Betas = new double[steps];
        AlphaBars = new double[steps];
        if (kind == ScheduleKind.Linear)
        {
            double product = 1;
            for (int i = 0; i < steps; i++)
            {
                Betas[i] = 1e-4 + (0.02 - 1e-4) * i / (steps - 1);
                product *= 1 - Betas[i];
                AlphaBars[i] = product;
            }
        }
        else
        {
            const double s = 0.008;
            double F(int t) => Math.Pow(Math.Cos((t / (double)steps + s) / (1 + s) * Math.PI / 2), 2);
            double product = 1;
            for (int i = 0; i < steps; i++)
            {
                Betas[i] = Math.Min(1 - F(i + 1) / F(i), 0.999);
                product *= 1 - Betas[i];
                AlphaBars[i] = product;
            }
        }
    }

    /// <summary>Which family.</summary>
    public ScheduleKind Kind { get; }

    /// <summary>T, the number of noising steps.</summary>
    public int Steps { get; }

    /// <summary>β_t for t = 1…T (index t − 1).</summary>
    public double[] Betas { get; }

    /// <summary>ᾱ_t = Π_{s≤t} (1 − β_s) for t = 1…T (index t − 1).</summary>
    public double[] AlphaBars { get; }

    /// <summary>ᾱ_t for 1 ≤ t ≤ T.</summary>
    public double AlphaBar(int t) => AlphaBars[Check(t) - 1];

    /// <summary>
    /// The noise level of step t on the data's own scale: x_t / √ᾱ_t = x_0 + σ_t ε with σ_t = √((1 − ᾱ_t)/ᾱ_t). The
    /// Gaussian-kernel Hopfield energy at this σ is the energy whose softmax is the optimal denoiser at step t.
    /// </summary>
    public double DataScaleSigma(int t)
    {
        double a = AlphaBar(t);
        return Math.Sqrt((1 - a) / a);
    }

    int Check(int t) => t >= 1 && t <= Steps ? t : throw new ArgumentException($"the timestep must lie in 1…{Steps}; got {t}.", nameof(t));
}
