namespace Engram.Memory;

/// <summary>
/// The textbook Hopfield network with an explicit N × N coupling matrix J_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ,
/// J_ii = 0, in float64. O(N²) memory: meant for small N, as the test oracle of
/// <see cref="ClassicalHopfieldNetwork"/> and for teaching. Same rules: sgn(0) = +1, H(x) = −½ xᵀJx.
/// </summary>
public sealed class ClassicalHopfieldMatrix : IEnergyModel
{
    readonly double[] j; // row-major N × N, holding N·J_ab: integers, so every field sum is exact in float64

    /// <summary>Hebbian couplings from <paramref name="patterns"/>.</summary>
    /// <exception cref="ArgumentException">N &gt; 20 000 (the matrix would need more than 3 GB).</exception>
    public ClassicalHopfieldMatrix(PatternSet patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        int n = patterns.Length;
        if (n > 20_000) throw new ArgumentException($"a dense coupling matrix for N = {n} is too large; use ClassicalHopfieldNetwork.", nameof(patterns));
        Size = n;
        j = new double[(long)n * n];
        sbyte[,] xi = patterns.ToSbytes();
        for (int mu = 0; mu < patterns.Count; mu++)
            for (int a = 0; a < n; a++)
            {
                int sa = xi[mu, a];
                int row = a * n;
                for (int b = 0; b < n; b++) j[row + b] += sa * xi[mu, b];
            }
        for (int a = 0; a < n; a++) j[a * n + a] = 0;
    }

    /// <summary>Number of neurons N.</summary>
    public int Size { get; }

    /// <inheritdoc/>
    public int Dimension => Size;

    /// <summary>Coupling J_ab.</summary>
    public double Coupling(int a, int b) => j[a * Size + b] / Size;

    /// <summary>Local fields h_a = Σ_b J_ab x_b.</summary>
    public double[] LocalFields(ReadOnlySpan<double> x)
    {
        Check(x);
        var h = new double[Size];
        for (int a = 0; a < Size; a++)
        {
            double s = 0;
            ReadOnlySpan<double> row = j.AsSpan(a * Size, Size);
            for (int b = 0; b < Size; b++) s += row[b] * x[b];
            h[a] = s / Size;
        }
        return h;
    }

    /// <summary>H(x) = −½ Σ_ab J_ab x_a x_b.</summary>
    public double Energy(ReadOnlySpan<double> x)
    {
        double[] h = LocalFields(x);
        double e = 0;
        for (int a = 0; a < Size; a++) e += h[a] * x[a];
        return -0.5 * e;
    }

    /// <summary>One synchronous update sgn(Jx), sgn(0) = +1.</summary>
    public double[] SynchronousStep(ReadOnlySpan<double> x)
    {
        double[] h = LocalFields(x);
        for (int a = 0; a < Size; a++) h[a] = h[a] >= 0 ? 1 : -1;
        return h;
    }

    /// <summary>Updates neuron <paramref name="a"/> of <paramref name="x"/> in place; returns whether it flipped.</summary>
    public bool UpdateNeuron(Span<double> x, int a)
    {
        Check(x);
        double s = 0;
        ReadOnlySpan<double> row = j.AsSpan(a * Size, Size);
        for (int b = 0; b < Size; b++) s += row[b] * x[b];
        double target = s >= 0 ? 1 : -1;
        if (target == x[a]) return false;
        x[a] = target;
        return true;
    }

    void Check(ReadOnlySpan<double> x)
    {
        if (x.Length != Size) throw new ArgumentException($"the state has {x.Length} entries, but the network has N = {Size}.", nameof(x));
    }
}
