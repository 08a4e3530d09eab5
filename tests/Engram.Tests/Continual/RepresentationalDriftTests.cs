using Engram.Continual;
using Engram.Numerics;

namespace Engram.Tests.Continual;

public class RepresentationalDriftTests
{
    static double[,] Memory() => ClusteredMemory.Generate(MemoryLayout.Protocol, 50, new Random(1)).Patterns;

    static double[,] Gram(double[,] x)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var g = new double[n, n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
                for (int j = 0; j < d; j++) g[a, b] += x[a, j] * x[b, j];
        return g;
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.05)]
    [InlineData(2.0)]
    public void Rotation_is_orthogonal_to_1e_12(double eps)
    {
        double[,] v = RotationDrift.Rotation(50, eps, new Random(4));
        Assert.True(MatrixExponential.OrthogonalityError(v) < 1e-12);
    }

    [Fact]
    public void Rotation_keeps_every_inner_product_between_patterns()
    {
        double[,] x = Memory();
        double[,] y = new RotationDrift(0.3).Apply(x, new Random(9));
        double[,] gx = Gram(x), gy = Gram(y);
        for (int a = 0; a < 13; a++)
            for (int b = 0; b < 13; b++) Assert.Equal(gx[a, b], gy[a, b], 1e-12);
    }

    [Fact]
    public void Rotation_applies_Y_equals_X_V_transposed_with_V_from_the_same_stream()
    {
        double[,] x = Memory();
        double[,] v = RotationDrift.Rotation(50, 0.05, new Random(21));
        double[,] y = new RotationDrift(0.05).Apply(x, new Random(21));
        for (int mu = 0; mu < 13; mu++)
            for (int i = 0; i < 50; i++)
            {
                double s = 0;
                for (int j = 0; j < 50; j++) s += x[mu, j] * v[i, j];
                Assert.Equal(s, y[mu, i], 1e-14);
            }
    }

    [Fact]
    public void Zero_epsilon_and_zero_sigma_leave_the_memory_unchanged()
    {
        double[,] x = Memory();
        double[,] rotated = new RotationDrift(0).Apply(x, new Random(2));
        double[,] noisy = new AdditiveDrift(0).Apply(x, new Random(2));
        for (int mu = 0; mu < 13; mu++)
            for (int j = 0; j < 50; j++)
            {
                Assert.Equal(x[mu, j], rotated[mu, j], 1e-15);
                Assert.Equal(x[mu, j], noisy[mu, j]);
            }
    }

    [Fact]
    public void Additive_drift_has_the_requested_standard_deviation()
    {
        var x = new double[200, 50];
        double[,] y = new AdditiveDrift(0.3).Apply(x, new Random(5));
        double ss = 0;
        foreach (double v in y) ss += v * v;
        Assert.Equal(0.3, Math.Sqrt(ss / y.Length), 0.01);
    }

    [Fact]
    public void Given_patterns_must_match_the_memory_shape_and_be_finite()
    {
        double[,] x = Memory();
        Assert.Contains("shape", Assert.Throws<ArgumentException>(() => new GivenPatterns(new double[12, 50]).Apply(x, new Random(0))).Message);
        var bad = (double[,])x.Clone();
        bad[3, 4] = double.PositiveInfinity;
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => new GivenPatterns(bad).Apply(x, new Random(0))).Message);
        Assert.Equal(x, new GivenPatterns(x).Apply(Memory(), new Random(0)));
    }

    [Fact]
    public void Negative_epsilon_is_rejected_naming_epsilon()
    {
        var e = Assert.Throws<ArgumentException>(() => new RotationDrift(-0.01).Apply(Memory(), new Random(0)));
        Assert.Contains("ε", e.Message);
        Assert.Contains("-0.01", e.Message);
    }
}
