using Engram.Memory;

namespace Engram.Continual;

/// <summary>
/// Energy-based replay selection (docs/science.md §3): rank the stored samples by their energy under the old memory,
/// E(x_k; X) = −β⁻¹ log Σ_μ exp(β x_μᵀx_k) + ½‖x_k‖², and replay the top K. High energy marks outlier-like samples,
/// which forget most and gain most from replay; random-K and bottom-K are the comparisons.
/// </summary>
public static class ReplaySelection
{
    /// <summary>
    /// Energies closer than this, relative to the largest |E|, rank as equal. Samples of the same shape (the outliers of
    /// a clustered memory, orthogonal to everything else) have mathematically equal energies whose last bits depend on
    /// the CPU's vector width (measured: 2.2e-16 apart with and without AVX2), and the choice must not.
    /// </summary>
    public const double RelativeTieTolerance = 1e-12;

    /// <summary>E(x_k; X) of every stored sample (the selection score).</summary>
    public static double[] Energies(ModernHopfield memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var e = new double[memory.Count];
        for (int k = 0; k < e.Length; k++) e[k] = memory.Energy(memory.Pattern(k));
        return e;
    }

    /// <summary>
    /// Indices of the K samples chosen by <paramref name="policy"/>. Energies that agree to
    /// <see cref="RelativeTieTolerance"/> of the largest |E| are ties, broken by index, so the choice is deterministic
    /// and the same on every CPU; <paramref name="random"/> is used only by <see cref="ReplayPolicy.Random"/>.
    /// </summary>
    /// <exception cref="ArgumentException">K &lt; 0 or K larger than the memory, or a non-finite energy.</exception>
    public static int[] Select(ReadOnlySpan<double> energies, int budget, ReplayPolicy policy, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int n = energies.Length;
        if (budget < 0 || budget > n)
            throw new ArgumentException($"replay budget K must be between 0 and the memory size {n}; got {budget}.", nameof(budget));
        foreach (double e in energies)
            if (!double.IsFinite(e)) throw new ArgumentException($"energies hold a non-finite value ({e}).", nameof(energies));
        int[] order = Enumerable.Range(0, n).ToArray();
        switch (policy)
        {
            case ReplayPolicy.TopK:
            {
                double[] e = RankKeys(energies);
                Array.Sort(order, (a, b) => e[b] != e[a] ? e[b].CompareTo(e[a]) : a.CompareTo(b));
                break;
            }
            case ReplayPolicy.BottomK:
            {
                double[] e = RankKeys(energies);
                Array.Sort(order, (a, b) => e[a] != e[b] ? e[a].CompareTo(e[b]) : a.CompareTo(b));
                break;
            }
            case ReplayPolicy.Random:
                for (int i = 0; i < budget; i++)
                {
                    int j = i + random.Next(n - i);
                    (order[i], order[j]) = (order[j], order[i]);
                }
                break;
            case ReplayPolicy.None:
                return [];
            default:
                throw new ArgumentException($"unknown replay policy {policy}.", nameof(policy));
        }
        return order[..budget];
    }

    // Energies on a grid of RelativeTieTolerance × max|E|: values within the tolerance fall on one grid point (a pair
    // straddling a grid boundary still splits, with probability about its gap over the grid step).
    static double[] RankKeys(ReadOnlySpan<double> energies)
    {
        double scale = 0;
        foreach (double e in energies) scale = Math.Max(scale, Math.Abs(e));
        double step = scale * RelativeTieTolerance;
        var keys = new double[energies.Length];
        for (int i = 0; i < keys.Length; i++) keys[i] = step > 0 ? Math.Round(energies[i] / step) : energies[i];
        return keys;
    }
}
