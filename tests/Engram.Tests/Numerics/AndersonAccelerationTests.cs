using Engram.Numerics;

namespace Engram.Tests.Numerics;

public class AndersonAccelerationTests
{
    /// <summary>x ← A x + b with A symmetric, eigenvalues spread in [0, 0.99]: a slow linear contraction with fixed point x* = (I − A)⁻¹ b.</summary>
    static (Func<double[], double[]> Map, double[] FixedPoint) SlowContraction(int size)
    {
        var random = new Random(7);
        var eigen = Enumerable.Range(0, size).Select(k => 0.99 * k / (size - 1)).ToArray();
        var fixedPoint = Enumerable.Range(0, size).Select(_ => random.NextDouble()).ToArray();
        // Diagonal in the standard basis is enough: Anderson is invariant under an orthogonal change of basis.
        var b = Enumerable.Range(0, size).Select(k => (1 - eigen[k]) * fixedPoint[k]).ToArray();
        return (x => [.. Enumerable.Range(0, size).Select(k => eigen[k] * x[k] + b[k])], fixedPoint);
    }

    static int StepsToReach(Func<double[], double[]> map, double[] fixedPoint, AndersonAcceleration? anderson, double tolerance, int cap)
    {
        var x = new double[fixedPoint.Length];
        for (int step = 1; step <= cap; step++)
        {
            double[] image = map(x);
            if (anderson is null) x = image;
            else anderson.Next(x, image);
            if (x.Zip(fixedPoint, (a, c) => Math.Abs(a - c)).Max() < tolerance) return step;
        }
        return cap;
    }

    [Fact]
    public void On_a_slow_linear_contraction_it_needs_a_few_steps_where_the_plain_iteration_needs_thousands()
    {
        var (map, fixedPoint) = SlowContraction(8);
        int plain = StepsToReach(map, fixedPoint, null, 1e-8, 10_000);
        int accelerated = StepsToReach(map, fixedPoint, new AndersonAcceleration(8, 8), 1e-8, 10_000);
        Assert.True(plain > 1500, $"plain: {plain} steps");       // 0.99^k < 1e-8 needs k ≈ 1830
        // With memory ≥ the dimension it is GMRES in disguise: exact after about dimension + 1 steps (ridge aside).
        Assert.True(accelerated <= 15, $"Anderson: {accelerated} steps");
    }

    [Fact]
    public void A_short_memory_still_beats_the_plain_iteration_by_far()
    {
        var (map, fixedPoint) = SlowContraction(200);
        int plain = StepsToReach(map, fixedPoint, null, 1e-8, 10_000);
        int accelerated = StepsToReach(map, fixedPoint, new AndersonAcceleration(200, 5), 1e-8, 10_000);
        Assert.True(accelerated * 5 < plain, $"Anderson(5): {accelerated} steps, plain: {plain}");
    }

    [Fact]
    public void After_a_restart_the_next_iterate_is_the_plain_image()
    {
        var anderson = new AndersonAcceleration(3, 4);
        double[] x = [0, 0, 0];
        anderson.Next(x, [1, 2, 3]);
        anderson.Next(x, [1.5, 2.5, 2]);
        Assert.Equal(1, anderson.Stored);
        anderson.Restart();
        Assert.Equal(0, anderson.Stored);
        double[] image = [4, 5, 6];
        anderson.Next(x, image);
        Assert.Equal(image, x);
    }

    [Fact]
    public void A_shift_of_variables_continues_the_same_iteration()
    {
        var (map, _) = SlowContraction(6);
        double[] offset = [0.3, -1, 2, 0, 5, -0.5];
        Func<double[], double[]> shiftedMap = y => [.. map([.. y.Zip(offset, (a, c) => a + c)]).Zip(offset, (a, c) => a - c)];
        AndersonAcceleration plain = new(6, 3), shifted = new(6, 3);
        double[] x = new double[6], y = new double[6];
        for (int step = 0; step < 3; step++) { plain.Next(x, map(x)); shifted.Next(y, map(y)); }
        shifted.Shift(offset);
        y = [.. y.Zip(offset, (a, c) => a - c)];
        for (int step = 0; step < 3; step++) { plain.Next(x, map(x)); shifted.Next(y, shiftedMap(y)); }
        for (int j = 0; j < 6; j++) Assert.Equal(x[j] - offset[j], y[j], 1e-12);
    }
}
