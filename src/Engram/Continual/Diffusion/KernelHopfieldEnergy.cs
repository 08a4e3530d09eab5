using Engram.Numerics;

namespace Engram.Continual.Diffusion;

/// <summary>
/// The Gaussian-kernel modern Hopfield energy of a query under a set of stored patterns x_μ,
/// E_σ(x) = −σ² log Σ_μ exp(−‖x − x_μ‖² / (2σ²)) (docs/science.md §3): at noise level σ the optimal denoiser of the
/// empirical distribution is one softmax update of this energy with β = 1/σ² (Ramsauer et al. 2020; Kadkhodaie et al.
/// 2024). Leave-one-out: a stored pattern's energy is taken over the other patterns, so it measures how far the
/// sample lies from the rest of its task rather than the zero distance to itself.
/// </summary>
public static class KernelHopfieldEnergy
{
    const int Block = 256;

    /// <summary>
    /// Leave-one-out energies E_σ(x_q) over the memory without x_q, for each query index q (a row of
    /// <paramref name="memory"/>) and each σ: result[s][k] for σ = <paramref name="sigmas"/>[s], q =
    /// <paramref name="queries"/>[k]. Squared distances ‖x‖² + ‖y‖² − 2 x·y from float64 GEMMs over blocks of queries,
    /// then a float64 log-sum-exp, so no exp overflows for any σ.
    /// </summary>
    /// <param name="memory">N × D patterns, row-major.</param>
    /// <param name="patterns">N.</param>
    /// <param name="dimension">D.</param>
    /// <param name="queries">Row indices of the patterns whose energies are wanted.</param>
    /// <param name="sigmas">Kernel widths σ &gt; 0.</param>
    /// <exception cref="ArgumentException">Shapes disagree, fewer than 2 patterns, an index out of range or σ ≤ 0.</exception>
    public static double[][] LeaveOneOut(ReadOnlySpan<float> memory, int patterns, int dimension, IReadOnlyList<int> queries, IReadOnlyList<double> sigmas)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(sigmas);
        if (patterns < 2) throw new ArgumentException($"a leave-one-out energy needs at least 2 stored patterns; got {patterns}.", nameof(patterns));
        if (dimension < 1 || memory.Length != (long)patterns * dimension)
            throw new ArgumentException($"the memory holds {memory.Length} values, expected {patterns} × {dimension}.", nameof(memory));
        if (queries.Any(q => q < 0 || q >= patterns)) throw new ArgumentException($"every query must index a stored pattern (0…{patterns - 1}).", nameof(queries));
        if (sigmas.Count == 0 || sigmas.Any(s => !(s > 0) || double.IsInfinity(s))) throw new ArgumentException("every σ must be a finite number > 0.", nameof(sigmas));

        var transposed = new double[(long)dimension * patterns];
        var norms = new double[patterns];
        for (int p = 0; p < patterns; p++)
            for (int j = 0; j < dimension; j++)
            {
                double v = memory[p * dimension + j];
                transposed[(long)j * patterns + p] = v;
                norms[p] += v * v;
            }
        var result = sigmas.Select(_ => new double[queries.Count]).ToArray();
        var block = new double[Block * dimension];
        var products = new double[Block * patterns];
        var exponents = new double[patterns - 1];
        for (int start = 0; start < queries.Count; start += Block)
        {
            int rows = Math.Min(Block, queries.Count - start);
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < dimension; j++) block[r * dimension + j] = memory[queries[start + r] * dimension + j];
            Gemm.Multiply(block.AsSpan(0, rows * dimension), transposed, products.AsSpan(0, rows * patterns), rows, dimension, patterns);
            for (int r = 0; r < rows; r++)
            {
                int q = queries[start + r];
                for (int s = 0; s < sigmas.Count; s++)
                {
                    double scale = 1 / (2 * sigmas[s] * sigmas[s]);
                    int k = 0;
                    for (int p = 0; p < patterns; p++)
                    {
                        if (p == q) continue;
                        double squared = Math.Max(0, norms[q] + norms[p] - 2 * products[r * patterns + p]);
                        exponents[k++] = -squared * scale;
                    }
                    result[s][start + r] = -sigmas[s] * sigmas[s] * StableMath.LogSumExp(exponents);
                }
            }
        }
        return result;
    }
}
