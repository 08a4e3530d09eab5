using System.Numerics.Tensors;

namespace Engram.Numerics;

/// <summary>
/// Anderson acceleration of a fixed-point iteration x ← F(x) (type II, Walker &amp; Ni 2011, "Anderson acceleration for
/// fixed-point iterations", SIAM J. Numer. Anal. 49(4)): from the last M pairs of differences
/// ΔGᵢ = F(xᵢ₊₁) − F(xᵢ), ΔRᵢ = rᵢ₊₁ − rᵢ of the residual r = F(x) − x, the next iterate is
/// <code>
/// γ = argmin ‖r_k − ΔR γ‖₂ + λ‖γ‖₂²,   x_{k+1} = F(x_k) − ΔG γ,   λ = 1e-10 · tr(ΔRᵀΔR)
/// </code>
/// (the small ridge keeps the M × M normal equations solvable when differences are nearly parallel). With no history the
/// step is the plain F(x_k). For a linear contraction it is a Krylov method (equivalent to GMRES with full memory), so
/// it needs about √ of the plain iteration's steps on a slow contraction, without any rate to estimate.
/// <see cref="Restart"/> forgets the history (after a change of variables, or when a step made things worse).
/// </summary>
public sealed class AndersonAcceleration
{
    const double Ridge = 1e-10;

    readonly int size, memory;
    readonly double[][] deltaF, deltaR;   // ring buffers of ΔG and ΔR
    readonly double[] lastF, lastR;
    int stored, next;
    bool hasLast;

    /// <summary>An accelerator for vectors of <paramref name="size"/> entries keeping <paramref name="memory"/> (≥ 1) differences.</summary>
    public AndersonAcceleration(int size, int memory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memory, 1);
        this.size = size;
        this.memory = memory;
        deltaF = [.. Enumerable.Range(0, memory).Select(_ => new double[size])];
        deltaR = [.. Enumerable.Range(0, memory).Select(_ => new double[size])];
        lastF = new double[size];
        lastR = new double[size];
    }

    /// <summary>Differences currently held (0 after <see cref="Restart"/>).</summary>
    public int Stored => stored;

    /// <summary>Forgets the history: the next <see cref="Next"/> returns F(x) itself.</summary>
    public void Restart()
    {
        stored = 0;
        next = 0;
        hasLast = false;
    }

    /// <summary>
    /// Re-expresses the history after the change of variables x′ = x − <paramref name="offset"/> (F′(x′) = F(x′ + c) − c, as when
    /// a scaling is absorbed into a potential): the differences ΔG and ΔR do not change, only the last image does, so
    /// the acceleration goes on instead of restarting.
    /// </summary>
    public void Shift(ReadOnlySpan<double> offset)
    {
        if (offset.Length != size) throw new ArgumentException($"the accelerator holds vectors of {size} entries; got {offset.Length}.");
        if (hasLast) TensorPrimitives.Subtract(lastF, offset, lastF);
    }

    /// <summary>
    /// Given the current iterate <paramref name="x"/> and its image <paramref name="image"/> = F(x), overwrites
    /// <paramref name="x"/> with the accelerated next iterate.
    /// </summary>
    public void Next(Span<double> x, ReadOnlySpan<double> image)
    {
        if (x.Length != size || image.Length != size)
            throw new ArgumentException($"the accelerator holds vectors of {size} entries; got {x.Length} and {image.Length}.");
        if (hasLast)
        {
            double[] df = deltaF[next], dr = deltaR[next];
            for (int j = 0; j < size; j++)
            {
                double r = image[j] - x[j];
                df[j] = image[j] - lastF[j];
                dr[j] = r - lastR[j];
            }
            next = (next + 1) % memory;
            stored = Math.Min(stored + 1, memory);
        }
        for (int j = 0; j < size; j++)
        {
            lastR[j] = image[j] - x[j];
            lastF[j] = image[j];
        }
        hasLast = true;
        image.CopyTo(x);
        if (stored == 0) return;

        // Normal equations (ΔRᵀΔR + λI) γ = ΔRᵀ r by Cholesky; a singular system (all differences zero) keeps F(x).
        int k = stored;
        Span<double> gram = stackalloc double[k * k], gamma = stackalloc double[k];
        for (int a = 0; a < k; a++)
        {
            gamma[a] = TensorPrimitives.Dot<double>(deltaR[a], lastR);
            for (int b = 0; b <= a; b++) gram[a * k + b] = gram[b * k + a] = TensorPrimitives.Dot<double>(deltaR[a], deltaR[b]);
        }
        double trace = 0;
        for (int a = 0; a < k; a++) trace += gram[a * k + a];
        if (!(trace > 0) || !double.IsFinite(trace)) return;
        for (int a = 0; a < k; a++) gram[a * k + a] += Ridge * trace;
        if (!Cholesky.TryFactor(gram, k)) return;
        Cholesky.SolveWithFactor(gram, k, gamma, 1);
        for (int a = 0; a < k; a++) TensorPrimitives.MultiplyAdd<double>(deltaF[a], -gamma[a], x, x);
    }
}
