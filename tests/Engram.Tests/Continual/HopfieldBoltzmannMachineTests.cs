using Engram.Continual;
using Engram.Memory;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Tests.Continual;

[Collection(nameof(TorchTraining))]
public class HopfieldBoltzmannMachineTests
{
    /// <summary>log ∫ exp(−βE(x)) dx by the trapezoid rule on a grid (spectrally accurate for these Gaussian sums).</summary>
    static double NumericalLogPartition(double[,] w, double beta, int dims)
    {
        var net = new ModernHopfield(w, beta);
        double sigma = 1 / Math.Sqrt(beta), h = sigma / 10;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in w) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        lo -= 14 * sigma;
        hi += 14 * sigma;
        int count = (int)Math.Ceiling((hi - lo) / h) + 1;
        // Shift by the largest exponent so the sum never overflows: max_x −βE(x) ≤ max_μ β‖w_μ‖²/2.
        double shift = 0;
        for (int mu = 0; mu < w.GetLength(0); mu++)
        {
            double n2 = 0;
            for (int j = 0; j < dims; j++) n2 += w[mu, j] * w[mu, j];
            shift = Math.Max(shift, beta * n2 / 2);
        }
        double sum = 0;
        var x = new double[dims];
        if (dims == 1)
            for (int i = 0; i < count; i++) { x[0] = lo + i * h; sum += Math.Exp(-beta * net.Energy(x) - shift); }
        else
            for (int i = 0; i < count; i++)
                for (int j = 0; j < count; j++) { x[0] = lo + i * h; x[1] = lo + j * h; sum += Math.Exp(-beta * net.Energy(x) - shift); }
        return Math.Log(sum) + dims * Math.Log(h) + shift;
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(0.5)]
    public void Exact_log_partition_matches_numerical_integration_in_one_dimension(double beta)
    {
        var w = new double[,] { { 0.7 }, { -1.2 }, { 2.0 } };
        Assert.Equal(NumericalLogPartition(w, beta, 1), HopfieldBoltzmannMachine.LogPartition(w, beta), 1e-9);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(6.0)]
    public void Exact_log_partition_matches_numerical_integration_in_two_dimensions(double beta)
    {
        var w = new double[,] { { 0.5, -1.0 }, { 1.5, 0.3 }, { -0.8, 0.9 }, { 0.0, 0.0 } };
        Assert.Equal(NumericalLogPartition(w, beta, 2), HopfieldBoltzmannMachine.LogPartition(w, beta), 1e-9);
    }

    [Fact]
    public void Torch_NLL_equals_the_float64_closed_form_and_its_gradient_matches_finite_differences()
    {
        var w = new double[,] { { 0.5, -1.0, 0.2 }, { 1.5, 0.3, -0.4 } };
        var x = new double[,] { { 0.1, 0.2, 0.3 }, { -1.0, 0.5, 0.0 }, { 2.0, 0.1, -0.3 }, { 0.4, -0.9, 1.1 } };
        const double beta = 2.5;
        double Closed(double[,] ww) => HopfieldBoltzmannMachine.NegativeLogLikelihood(ww, beta, x).Average();

        using var wt = HopfieldBoltzmannMachine.ToTensor(w, TorchSharp.torch.CPU).requires_grad_(true);
        using var xt = HopfieldBoltzmannMachine.ToTensor(x, TorchSharp.torch.CPU);
        using var loss = HopfieldBoltzmannMachine.MeanNegativeLogLikelihood(wt, xt, beta);
        Assert.Equal(ScalarType.Float64, loss.dtype);
        Assert.Equal(Closed(w), loss.item<double>(), 1e-12);
        loss.backward();
        double[] grad = wt.grad!.data<double>().ToArray();
        for (int mu = 0; mu < 2; mu++)
            for (int j = 0; j < 3; j++)
            {
                var plus = (double[,])w.Clone();
                var minus = (double[,])w.Clone();
                plus[mu, j] += 1e-6;
                minus[mu, j] -= 1e-6;
                Assert.Equal((Closed(plus) - Closed(minus)) / 2e-6, grad[mu * 3 + j], 1e-7);
            }
    }

    [Fact]
    public void NLL_is_beta_times_energy_plus_log_Z()
    {
        var w = new double[,] { { 1.0, 0.0 }, { 0.0, 1.0 } };
        var x = new double[,] { { 0.3, 0.4 } };
        double e = new ModernHopfield(w, 2).Energy([0.3, 0.4]);
        Assert.Equal(2 * e + HopfieldBoltzmannMachine.LogPartition(w, 2), HopfieldBoltzmannMachine.NegativeLogLikelihood(w, 2, x)[0], 1e-14);
    }

    [Fact]
    public void Bad_beta_and_non_finite_samples_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => HopfieldBoltzmannMachine.LogPartition(new double[,] { { 1.0 } }, 0));
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() =>
            HopfieldBoltzmannMachine.NegativeLogLikelihood(new double[,] { { 1.0 } }, 1, new double[,] { { double.NaN } })).Message);
    }
}
