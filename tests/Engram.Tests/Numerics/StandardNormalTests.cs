using Engram.Numerics;

namespace Engram.Tests.Numerics;

public class StandardNormalTests
{
    [Fact]
    public void Fill_and_NextGaussian_have_mean_zero_and_variance_one()
    {
        const int n = 200_000;
        double[] filled = StandardNormal.Draw(new Random(1), n);
        var random = new Random(2);
        double[] single = Enumerable.Range(0, n).Select(_ => random.NextGaussian()).ToArray();
        foreach (double[] x in new[] { filled, single })
        {
            double mean = x.Average(), variance = x.Select(v => (v - mean) * (v - mean)).Sum() / (n - 1);
            Assert.InRange(mean, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));                // 5 standard errors
            Assert.InRange(variance, 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
            Assert.InRange(x.Count(v => Math.Abs(v) < 1) / (double)n, 0.6827 - 0.005, 0.6827 + 0.005);
        }
    }

    [Fact]
    public void NextGaussian_is_Box_Muller_on_two_uniforms_and_Fill_uses_both_outputs_of_each_pair()
    {
        var uniforms = new Random(3);
        double u1 = 1.0 - uniforms.NextDouble(), u2 = uniforms.NextDouble();
        Assert.Equal(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2), new Random(3).NextGaussian());
        double[] pair = StandardNormal.Draw(new Random(3), 2);                       // one transform: r cos θ, r sin θ
        Assert.Equal(-2.0 * Math.Log(u1), pair[0] * pair[0] + pair[1] * pair[1], 12);
        Assert.Equal(StandardNormal.Draw(new Random(9), 17), StandardNormal.Draw(new Random(9), 17));
    }
}
