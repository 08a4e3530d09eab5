using Engram.Memory;

namespace Engram.Continual;

/// <summary>How replay samples are chosen from the old memory.</summary>
public enum ReplayPolicy
{
    /// <summary>The K samples with the highest energy E(x_k; X) (the energy-based rule of science.md §3).</summary>
    TopEnergy,

    /// <summary>K samples drawn uniformly without replacement.</summary>
    Random,

    /// <summary>The K samples with the lowest energy.</summary>
    BottomEnergy,
}

/// <summary>
/// Energy-based replay selection (science.md §3): rank the stored samples by their energy under the old memory,
/// E(x_k; X) = −β⁻¹ log Σ_μ exp(β x_μᵀx_k) + ½‖x_k‖², and replay the top K. High energy marks outlier-like samples,
/// which forget most and gain most from replay; random-K and bottom-K are the comparisons.
/// </summary>
public static class ReplaySelection
{
    /// <summary>E(x_k; X) of every stored sample (the selection score).</summary>
    public static double[] Energies(ModernHopfield memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var e = new double[memory.Count];
        for (int k = 0; k < e.Length; k++) e[k] = memory.Energy(memory.Pattern(k));
        return e;
    }

    /// <summary>
    /// Indices of the K samples chosen by <paramref name="policy"/>. Energy ties are broken by index, so the choice
    /// is deterministic; <paramref name="random"/> is used only by <see cref="ReplayPolicy.Random"/>.
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
            case ReplayPolicy.TopEnergy:
            {
                double[] e = energies.ToArray();
                Array.Sort(order, (a, b) => e[b] != e[a] ? e[b].CompareTo(e[a]) : a.CompareTo(b));
                break;
            }
            case ReplayPolicy.BottomEnergy:
            {
                double[] e = energies.ToArray();
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
            default:
                throw new ArgumentException($"unknown replay policy {policy}.", nameof(policy));
        }
        return order[..budget];
    }
}
