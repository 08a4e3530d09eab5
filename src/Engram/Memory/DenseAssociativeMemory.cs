using Engram.Numerics;

namespace Engram.Memory;

/// <summary>Interaction function F of a dense associative memory.</summary>
public enum DenseEnergyKind
{
    /// <summary>F(u) = u^k (k = 2 is the classical Hopfield network up to constants).</summary>
    Polynomial,

    /// <summary>F(u) = max(u, 0)^k, the rectified polynomial of Krotov &amp; Hopfield (2016).</summary>
    RectifiedPolynomial,

    /// <summary>F(u) = exp(u) (Demircigil et al. 2017): exponential capacity.</summary>
    Exponential,
}

/// <summary>
/// Dense associative memory on binary states (Krotov &amp; Hopfield 2016, "Dense associative memory for
/// pattern recognition"): E(x) = −Σ_μ F(ξ^μ·x), float64. Update of neuron i (asynchronous, never raises E):
/// x_i ← sgn( Σ_μ [F(ξ_i^μ + s_μ) − F(−ξ_i^μ + s_μ)] ), s_μ = Σ_{j≠i} ξ_j^μ x_j, sgn(0) = +1,
/// i.e. x_i takes the value of lower energy given the others. Capacity grows like N^{k−1} for the
/// polynomials. The dots ξ^μ·x are kept up to date incrementally as in <see cref="ClassicalHopfieldNetwork"/>.
/// <para>Exponential energies overflow float64 once ξ·x exceeds about 709; the update stays exact
/// (computed with a max shift) and <see cref="LogNegativeEnergy"/> gives log(−E) = log Σ_μ exp(ξ^μ·x) without overflow.</para>
/// </summary>
public sealed class DenseAssociativeMemory : IEnergyModel
{
    /// <summary>Stores <paramref name="patterns"/> with interaction <paramref name="kind"/> of degree <paramref name="degree"/> (polynomials; ignored for exp).</summary>
    /// <exception cref="ArgumentException">A polynomial degree below 1.</exception>
    public DenseAssociativeMemory(PatternSet patterns, DenseEnergyKind kind, int degree = 3)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (kind != DenseEnergyKind.Exponential && degree < 1) throw new ArgumentException($"the polynomial degree k must be ≥ 1; got {degree}.", nameof(degree));
        Patterns = patterns;
        Kind = kind;
        Degree = degree;
    }

    /// <summary>The stored patterns.</summary>
    public PatternSet Patterns { get; }

    /// <summary>The interaction function.</summary>
    public DenseEnergyKind Kind { get; }

    /// <summary>Polynomial degree k.</summary>
    public int Degree { get; }

    /// <summary>Neurons N.</summary>
    public int Size => Patterns.Length;

    /// <inheritdoc/>
    public int Dimension => Size;

    /// <summary>F(u).</summary>
    public double F(double u) => Kind switch
    {
        DenseEnergyKind.Polynomial => Power(u, Degree),
        DenseEnergyKind.RectifiedPolynomial => u > 0 ? Power(u, Degree) : 0,
        _ => Math.Exp(u),
    };

    static double Power(double u, int k)
    {
        double r = 1;
        for (int j = 0; j < k; j++) r *= u;
        return r;
    }

    /// <summary>E(x) = −Σ_μ F(ξ^μ·x).</summary>
    public double Energy(SpinVector x)
    {
        int[] d = Dots(x);
        if (Kind == DenseEnergyKind.Exponential) return -Math.Exp(LogSumExp(d));
        double e = 0;
        foreach (int v in d) e -= F(v);
        return e;
    }

    /// <inheritdoc/>
    public double Energy(ReadOnlySpan<double> state) => Energy(SpinVector.FromSigns(state));

    /// <summary>log(−E) = log Σ_μ exp(ξ^μ·x) for the exponential energy (finite for any N).</summary>
    /// <exception cref="InvalidOperationException">The energy is not exponential.</exception>
    public double LogNegativeEnergy(SpinVector x)
    {
        if (Kind != DenseEnergyKind.Exponential) throw new InvalidOperationException("log(−E) is defined here for the exponential energy only.");
        return LogSumExp(Dots(x));
    }

    /// <summary>d_μ = ξ^μ·x.</summary>
    public int[] Dots(SpinVector x)
    {
        Check(x);
        var d = new int[Patterns.Count];
        for (int mu = 0; mu < d.Length; mu++) d[mu] = Size - 2 * BitKernels.XorPopCount(Patterns.PatternWords(mu), x.RawWords);
        return d;
    }

    /// <summary>Updates neuron i of x in place given its dots (kept up to date); returns whether it flipped.</summary>
    bool UpdateNeuron(SpinVector x, int i, int[] dots)
    {
        int xi = x[i], p = Patterns.Count;
        ulong[] t = Patterns.RawTransposed;
        int offset = i * Patterns.WordsPerNeuron;
        int Xi(int mu) => ((t[offset + (mu >> 6)] >> (mu & 63)) & 1UL) != 0 ? -1 : 1;
        double diff = 0; // E(x_i = −1) − E(x_i = +1) = Σ_μ F(s + ξ) − F(s − ξ)
        if (Kind == DenseEnergyKind.Exponential)
        {
            // Σ_μ ξ_i^μ exp(s_μ)·2 sinh 1: only the sign matters, so shift by max s_μ.
            double max = double.NegativeInfinity;
            for (int mu = 0; mu < p; mu++) max = Math.Max(max, dots[mu] - Xi(mu) * xi);
            for (int mu = 0; mu < p; mu++)
            {
                int xim = Xi(mu);
                diff += xim * Math.Exp(dots[mu] - xim * xi - max);
            }
        }
        else
        {
            for (int mu = 0; mu < p; mu++)
            {
                int xim = Xi(mu);
                int s = dots[mu] - xim * xi;
                diff += F(s + xim) - F(s - xim);
            }
        }
        int target = diff >= 0 ? 1 : -1;
        if (target == xi) return false;
        x.Flip(i);
        for (int mu = 0; mu < p; mu++) dots[mu] += 2 * target * Xi(mu);
        return true;
    }

    /// <summary>One asynchronous sweep in place, in a random order from <paramref name="random"/>; returns the flips.</summary>
    public int AsynchronousSweep(SpinVector x, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int[] dots = Dots(x);
        int[] order = new int[Size];
        for (int i = 0; i < Size; i++) order[i] = i;
        random.Shuffle(order);
        int flips = 0;
        foreach (int i in order) if (UpdateNeuron(x, i, dots)) flips++;
        return flips;
    }

    /// <summary>
    /// Runs asynchronous sweeps from <paramref name="start"/> (not modified) until a sweep flips nothing or
    /// <paramref name="maxSweeps"/>; returns the final state and the sweeps run.
    /// </summary>
    public (SpinVector Final, int Sweeps, bool Converged) Retrieve(SpinVector start, int maxSweeps = 50, int seed = 0)
    {
        Check(start);
        if (maxSweeps <= 0) throw new ArgumentException($"maxSweeps must be > 0; got {maxSweeps}.", nameof(maxSweeps));
        var x = start.Clone();
        var random = Seeding.Create(seed);
        for (int sweep = 1; sweep <= maxSweeps; sweep++)
            if (AsynchronousSweep(x, random) == 0) return (x, sweep, true);
        return (x, maxSweeps, false);
    }

    /// <summary>Batch retrieval: every query run to a fixed point in parallel (query q uses seed Derive(seed, q)).</summary>
    public SpinVector[] Retrieve(IReadOnlyList<SpinVector> queries, int maxSweeps = 50, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var results = new SpinVector[queries.Count];
        Parallel.For(0, queries.Count, q => results[q] = Retrieve(queries[q], maxSweeps, Seeding.Derive(seed, q)).Final);
        return results;
    }

    static double LogSumExp(int[] d)
    {
        double max = double.NegativeInfinity;
        foreach (int v in d) max = Math.Max(max, v);
        double s = 0;
        foreach (int v in d) s += Math.Exp(v - max);
        return max + Math.Log(s);
    }

    void Check(SpinVector x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length != Size) throw new ArgumentException($"the state has {x.Length} neurons, but the memory has N = {Size}.", nameof(x));
    }
}
