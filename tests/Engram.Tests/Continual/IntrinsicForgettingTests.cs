using Engram.Continual;
using Engram.Memory;
using Engram.Numerics;

namespace Engram.Tests.Continual;

public class IntrinsicForgettingTests
{
    static double[,] Memory(int seed = 1) => ClusteredMemory.Generate(MemoryLayout.Protocol, 50, new Random(seed)).Patterns;

    [Fact]
    public void Without_drift_the_energy_increase_is_zero()
    {
        double[,] x = Memory();
        ForgettingResult f = IntrinsicForgetting.Measure(x, x, 8);
        Assert.All(f.EnergyIncrease, e => Assert.Equal(0.0, e, 1e-15));
        Assert.Equal(0, f.NotConverged);
    }

    [Fact]
    public void Fixed_points_are_fixed_to_1e_12_and_their_energy_matches_the_network()
    {
        double[,] x = Memory();
        var net = new ModernHopfield(x, 8);
        ForgettingResult f = IntrinsicForgetting.Measure(x, new RotationDrift(0.05).Apply(x, new Random(3)), 8);
        for (int k = 0; k < 13; k++)
        {
            double[] z = f.FixedPoints[k].State, next = net.Update(z);
            double step = Math.Sqrt(z.Zip(next, (a, b) => (a - b) * (a - b)).Sum());
            Assert.True(step < 1e-12, $"pattern {k}: ‖update(z*) − z*‖ = {step:G3}");
            Assert.Equal(net.Energy(z), f.OldEnergy[k], 1e-14);
            Assert.Equal(f.NewEnergy[k] - f.OldEnergy[k], f.EnergyIncrease[k], 1e-14);
            Assert.Equal(net.Energy(net.Pattern(k)), f.PatternEnergy[k], 1e-15);
            Assert.Equal(1.0, Enumerable.Range(0, 13).Sum(r => f.Retrieval[k, r]), 1e-13);
        }
    }

    [Fact]
    public void Small_rotation_matches_the_second_order_expansion()
    {
        // ΔE ≈ (ε²/2)[‖Ωz*‖² − β Var_p(x_μᵀΩz*)] at a fixed point (the first-order term z*ᵀΩz* is zero).
        const int d = 50;
        const double beta = 8, eps = 1e-3;
        double[,] x = Memory(4);
        var random = new Random(17);
        var omega = new double[d, d];
        var a = new double[d, d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) a[i, j] = 2 * random.NextDouble() - 1;
        var scaled = new double[d, d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) { omega[i, j] = (a[i, j] - a[j, i]) / 2; scaled[i, j] = eps * omega[i, j]; }
        double[,] v = MatrixExponential.Exp(scaled);
        var y = new double[13, d];
        for (int mu = 0; mu < 13; mu++) for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) y[mu, i] += x[mu, j] * v[i, j];
        ForgettingResult f = IntrinsicForgetting.Measure(x, y, beta);
        for (int k = 0; k < 13; k++)
        {
            double[] z = f.FixedPoints[k].State;
            var oz = new double[d];
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) oz[i] += omega[i, j] * z[j];
            double norm2 = oz.Sum(t => t * t), mean = 0, second = 0;
            for (int mu = 0; mu < 13; mu++)
            {
                double s = 0;
                for (int i = 0; i < d; i++) s += x[mu, i] * oz[i];
                mean += f.Retrieval[k, mu] * s;
                second += f.Retrieval[k, mu] * s * s;
            }
            double predicted = eps * eps / 2 * (norm2 - beta * (second - mean * mean));
            Assert.True(Math.Abs(f.EnergyIncrease[k] - predicted) < 0.01 * predicted, $"pattern {k}: ΔE = {f.EnergyIncrease[k]:G6}, second order {predicted:G6}");
        }
    }

    [Fact]
    public void Non_convergence_is_reported_not_hidden()
    {
        double[,] x = Memory();
        ForgettingResult f = IntrinsicForgetting.Measure(x, x, 8, tolerance: 1e-12, maxIterations: 1);
        Assert.Equal(13, f.NotConverged);
        Assert.All(f.FixedPoints, p => Assert.Equal(1, p.Iterations));
    }

    [Fact]
    public void Networks_of_different_shape_or_beta_are_rejected()
    {
        double[,] x = Memory();
        Assert.Throws<ArgumentException>(() => IntrinsicForgetting.Measure(new ModernHopfield(x, 8), new ModernHopfield(new double[12, 50], 8)));
        Assert.Contains("β", Assert.Throws<ArgumentException>(() => IntrinsicForgetting.Measure(new ModernHopfield(x, 8), new ModernHopfield(x, 4))).Message);
    }
}
