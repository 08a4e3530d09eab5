using Engram.Continual.Diffusion;
using Engram.Numerics;

namespace Engram.Tests.Continual.Diffusion;

public class EnergyForgettingConfoundsTests
{
    /// <summary>
    /// A planted Simpson's paradox: class 0 (like trousers) has low energy and loses a lot, class 1 (like T-shirts) has
    /// high energy and loses little; within each class forgetting rises with energy (plus noise).
    /// </summary>
    static (double[] Energy, double[] Forgetting, int[] Classes, double[] Baseline, double[] Ink) TwoClasses(int perClass = 100)
    {
        var random = new Random(7);
        var energy = new List<double>();
        var forgetting = new List<double>();
        var classes = new List<int>();
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < perClass; i++)
            {
                double e = (c == 0 ? 10 : 20) + 5 * random.NextDouble();
                energy.Add(e);
                forgetting.Add((c == 0 ? 1.0 : 0.2) + 0.02 * (e - (c == 0 ? 10 : 20)) + 0.01 * random.NextGaussian());
                classes.Add(c);
            }
        double[] ink = [.. energy.Select(e => 10 * e + random.Next(20))];
        double[] baseline = [.. energy.Select(e => 0.01 * e + 0.05 * random.NextDouble())];
        return ([.. energy], [.. forgetting], [.. classes], baseline, ink);
    }

    [Fact]
    public void A_planted_paradox_is_reported_as_a_negative_pooled_rho_and_positive_within_class_and_partial_rho()
    {
        var (energy, forgetting, classes, baseline, ink) = TwoClasses();
        ConfoundAnalysis a = EnergyForgettingConfounds.Analyse(energy, forgetting, classes, baseline, ink, 500, 3);

        Assert.True(a.Pooled.Estimate < -0.5, $"pooled {a.Pooled}");
        Assert.Equal("does not hold", EnergyForgettingConfounds.Verdict(a.Pooled));
        Assert.All(a.Classes, k =>
        {
            Assert.Equal(100, k.Count);
            Assert.True(k.Rho!.Estimate > 0.7, $"class {k.Class}: {k.Rho}");
            Assert.Equal("holds", EnergyForgettingConfounds.Verdict(k.Rho));
            Assert.NotNull(k.Deciles);
            Assert.True(k.Deciles![9] > k.Deciles[0]);   // within the class, the top energy decile loses more
        });
        Assert.True(a.GivenClass.Lower > 0.6, $"partial given class {a.GivenClass}");
        Assert.Equal("holds", EnergyForgettingConfounds.Verdict(a.GivenClass));
        // The class separates the energies completely, and the ink follows the energy.
        Assert.Equal(Correlation.Spearman(energy, [.. classes.Select(c => c == 1 ? 1.0 : 0.0)]), a.Classes[1].EnergyClassRho, 12);
        Assert.True(a.Classes[1].EnergyClassRho > 0.8 && a.Classes[0].EnergyClassRho < -0.8);
        Assert.True(a.EnergyInkRho > 0.8);
        Assert.Equal(0.4, a.Classes[0].MeanForgetting - a.Classes[1].MeanForgetting - 0.4, 1);
    }

    [Fact]
    public void Controlling_for_the_baseline_error_removes_a_relation_that_runs_through_it()
    {
        // Forgetting depends on energy only through the baseline error (regression to the mean in a difference score).
        var random = new Random(9);
        double[] baseline = [.. Enumerable.Range(0, 300).Select(_ => random.NextDouble())];
        double[] energy = [.. baseline.Select(b => b + 0.05 * random.NextGaussian())];
        double[] forgetting = [.. baseline.Select(b => -b + 0.05 * random.NextGaussian())];
        int[] classes = new int[300];
        ConfoundAnalysis a = EnergyForgettingConfounds.Analyse(energy, forgetting, classes, baseline, energy, 400, 1);
        Assert.Equal("does not hold", EnergyForgettingConfounds.Verdict(a.GivenClass));
        Assert.Equal("not resolved", EnergyForgettingConfounds.Verdict(a.GivenClassAndBaseline));
        Assert.True(a.EnergyBaselineRho > 0.8 && a.BaselineForgettingRho < -0.8);
    }

    [Fact]
    public void The_wording_follows_the_interval()
    {
        Assert.Equal("holds", EnergyForgettingConfounds.Verdict(new Interval(0.3, 0.1, 0.5, 0.95)));
        Assert.Equal("does not hold", EnergyForgettingConfounds.Verdict(new Interval(-0.3, -0.5, -0.1, 0.95)));
        Assert.Equal("not resolved", EnergyForgettingConfounds.Verdict(new Interval(0.1, -0.05, 0.3, 0.95)));
    }
}
