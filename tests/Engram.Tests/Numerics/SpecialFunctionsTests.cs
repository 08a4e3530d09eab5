using Engram.Numerics;
using Engram.Tests.Population;

namespace Engram.Tests.Numerics;

public class SpecialFunctionsTests
{
    static void Close(double expected, double actual, double relative, string what)
    {
        double tolerance = relative * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void LogGamma_and_digamma_match_scipy_from_1e_minus_8_to_1e8()
    {
        var root = PopulationFixture.Load("special");
        double[] x = PopulationFixture.Vector(root.GetProperty("x"));
        double[] gammaln = PopulationFixture.Vector(root.GetProperty("gammaln"));
        double[] digamma = PopulationFixture.Vector(root.GetProperty("digamma"));
        for (int i = 0; i < x.Length; i++)
        {
            Close(gammaln[i], SpecialFunctions.LogGamma(x[i]), 1e-13, $"LogGamma({x[i]})");
            Close(digamma[i], SpecialFunctions.Digamma(x[i]), 1e-13, $"Digamma({x[i]})");
        }
    }

    [Fact]
    public void LogBeta_matches_scipy()
    {
        foreach (var c in PopulationFixture.Load("special").GetProperty("betaln").EnumerateArray())
        {
            double a = c.GetProperty("a").GetDouble(), b = c.GetProperty("b").GetDouble();
            Close(c.GetProperty("value").GetDouble(), SpecialFunctions.LogBeta(a, b), 1e-13, $"LogBeta({a}, {b})");
        }
    }

    [Fact]
    public void Known_values_hold_exactly_enough()
    {
        Assert.Equal(0, SpecialFunctions.LogGamma(1), 15);
        Assert.Equal(0, SpecialFunctions.LogGamma(2), 15);
        Assert.Equal(Math.Log(Math.Sqrt(Math.PI)), SpecialFunctions.LogGamma(0.5), 14);
        Assert.Equal(-0.57721566490153286, SpecialFunctions.Digamma(1), 14); // −Euler–Mascheroni
        // ψ(x + 1) = ψ(x) + 1/x and log Γ(x + 1) = log Γ(x) + log x across the branch points.
        foreach (double x in new[] { 0.2, 0.49, 0.5, 0.51, 7.3, 9.5, 9.999, 10, 10.01, 55 })
        {
            Close(SpecialFunctions.Digamma(x) + 1 / x, SpecialFunctions.Digamma(x + 1), 1e-14, $"ψ recurrence at {x}");
            Close(SpecialFunctions.LogGamma(x) + Math.Log(x), SpecialFunctions.LogGamma(x + 1), 1e-14, $"log Γ recurrence at {x}");
        }
    }

    [Fact]
    public void Non_positive_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => SpecialFunctions.LogGamma(0));
        Assert.Throws<ArgumentException>(() => SpecialFunctions.Digamma(-1));
        Assert.Throws<ArgumentException>(() => SpecialFunctions.Digamma(double.NaN));
    }
}
