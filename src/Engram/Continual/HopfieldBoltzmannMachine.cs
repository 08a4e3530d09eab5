using Engram.Memory;
using Engram.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Continual;

/// <summary>
/// The modern Hopfield network as an energy-based model ("MHN as a Boltzmann machine", docs/science.md §3). The energy
/// E(x) = −β⁻¹ log Σ_μ exp(β w_μᵀx) + ½‖x‖² defines p(x) = exp(−βE(x)) / Z. Completing the square,
/// exp(−βE(x)) = Σ_μ exp(β‖w_μ‖²/2) · exp(−β‖x − w_μ‖²/2), so p is a Gaussian mixture with means w_μ, covariance I/β and
/// weights ∝ exp(β‖w_μ‖²/2), and the log-partition function is exact:
/// log Z = (d/2) log(2π/β) + log Σ_μ exp(β‖w_μ‖²/2).
/// The negative log-likelihood of a sample is NLL(x) = βE(x) + log Z. All in float64: the quantities compared are
/// differences of NLLs and energies.
/// </summary>
public static class HopfieldBoltzmannMachine
{
    /// <summary>log Z = (d/2) log(2π/β) + LSE_μ(β‖w_μ‖²/2), with a max-shifted log-sum-exp.</summary>
    /// <exception cref="ArgumentException">No patterns, β ≤ 0, or a non-finite entry.</exception>
    public static double LogPartition(double[,] patterns, double beta)
    {
        var net = new ModernHopfield(patterns, beta); // validates shape, β and finiteness
        int n = net.Count, d = net.Dimension;
        var half = new double[n];
        for (int mu = 0; mu < n; mu++)
        {
            double[] w = net.Pattern(mu);
            half[mu] = 0.5 * beta * DenseMatrix.Dot(w, w);
        }
        return 0.5 * d * Math.Log(2 * Math.PI / beta) + StableMath.LogSumExp(half);
    }

    /// <summary>NLL(x) = βE(x; W) + log Z(W) for every row of <paramref name="samples"/>.</summary>
    /// <exception cref="ArgumentException">Shapes differ, β ≤ 0, or a non-finite entry.</exception>
    public static double[] NegativeLogLikelihood(double[,] patterns, double beta, double[,] samples)
    {
        var net = new ModernHopfield(patterns, beta);
        PatternChecks.RequireFinite(samples, nameof(samples));
        double logZ = LogPartition(patterns, beta);
        double[] e = net.Energies(samples);
        for (int i = 0; i < e.Length; i++) e[i] = beta * e[i] + logZ;
        return e;
    }

    /// <summary>
    /// Energies E(x; W) as a tensor: W is (…, n, d) (a stack of models is allowed), X is (N, d) or (…, N, d); the
    /// result is (…, N). Differentiable in W.
    /// </summary>
    internal static Tensor Energy(Tensor patterns, Tensor samples, double beta)
    {
        using var scope = NewDisposeScope();
        Tensor scores = samples.matmul(patterns.transpose(-2, -1)).mul(beta);
        Tensor energy = scores.logsumexp(-1).div(-beta).add(samples.pow(2).sum(-1).mul(0.5));
        return energy.MoveToOuterDisposeScope();
    }

    /// <summary>log Z(W) for W of shape (…, n, d); the result is (…). Differentiable in W.</summary>
    internal static Tensor LogPartition(Tensor patterns, double beta)
    {
        using var scope = NewDisposeScope();
        long d = patterns.shape[^1];
        Tensor lse = patterns.pow(2).sum(-1).mul(0.5 * beta).logsumexp(-1);
        return lse.add(0.5 * d * Math.Log(2 * Math.PI / beta)).MoveToOuterDisposeScope();
    }

    /// <summary>Mean NLL over the rows of <paramref name="samples"/>, one value per model in the stack W (…, n, d).</summary>
    internal static Tensor MeanNegativeLogLikelihood(Tensor patterns, Tensor samples, double beta)
    {
        using var scope = NewDisposeScope();
        Tensor nll = Energy(patterns, samples, beta).mean([-1]).mul(beta).add(LogPartition(patterns, beta));
        return nll.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Weighted NLL Σ_i w_i (βE(x_i) + log Z) with Σ_i w_i = 1 per model: W (R, n, d), X (R, N, d), weights (R, N).
    /// Padding rows get weight 0, so models trained on data sets of different sizes share one batched computation.
    /// </summary>
    internal static Tensor WeightedNegativeLogLikelihood(Tensor patterns, Tensor samples, Tensor weights, double beta)
    {
        using var scope = NewDisposeScope();
        Tensor nll = Energy(patterns, samples, beta).mul(weights).sum(-1).mul(beta).add(LogPartition(patterns, beta));
        return nll.MoveToOuterDisposeScope();
    }

    /// <summary>A float64 tensor on <paramref name="device"/> holding <paramref name="m"/>.</summary>
    internal static Tensor ToTensor(double[,] m, Device device)
    {
        return tensor(DenseMatrix.Flatten(m), [m.GetLength(0), m.GetLength(1)], dtype: ScalarType.Float64, device: device);
    }

    /// <summary>A float64 tensor (n × d) back as a matrix.</summary>
    internal static double[,] ToMatrix(Tensor t)
    {
        double[] flat;
        using (NewDisposeScope()) flat = t.detach().cpu().contiguous().data<double>().ToArray();
        return DenseMatrix.ToMatrix(flat, (int)t.shape[0], (int)t.shape[1]);
    }
}
