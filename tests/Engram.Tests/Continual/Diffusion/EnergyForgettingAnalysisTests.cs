using Engram.Continual.Diffusion;
using ReplayPolicy = Engram.Continual.ReplayPolicy;

namespace Engram.Tests.Continual.Diffusion;

public class EnergyForgettingAnalysisTests
{
    [Fact]
    public void A_perfectly_monotone_relation_has_rho_one_with_a_degenerate_interval_and_a_reversed_one_minus_one()
    {
        double[] energy = Enumerable.Range(0, 50).Select(i => (double)i).ToArray();
        double[] forgetting = energy.Select(e => Math.Exp(e / 10)).ToArray();
        var up = EnergyForgettingAnalysis.SpearmanInterval(energy, forgetting, 200, 0);
        Assert.Equal((1.0, 1.0, 1.0), (up.Estimate, up.Lower, up.Upper));
        var down = EnergyForgettingAnalysis.SpearmanInterval(energy, forgetting.Select(f => -f).ToArray(), 200, 0);
        Assert.Equal(-1, down.Estimate, 12);
    }

    [Fact]
    public void Decile_means_average_the_values_of_each_tenth_of_the_energies()
    {
        double[] energy = Enumerable.Range(0, 20).Select(i => (double)(19 - i)).ToArray();   // descending
        double[] values = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        double[] means = EnergyForgettingAnalysis.DecileMeans(energy, values);
        // Lowest energies (0, 1) belong to items 19 and 18: mean 18.5; the top decile holds items 0 and 1.
        Assert.Equal(18.5, means[0], 12);
        Assert.Equal(0.5, means[9], 12);
        Assert.Throws<ArgumentException>(() => EnergyForgettingAnalysis.DecileMeans([1, 2, 3], [1, 2, 3]));
    }

    // One seed of 60 held-out images (two classes alternating, energy = index): no replay forgets 0.1 each (plus a
    // seed-wide level), random-K 0.01 less everywhere, top-K 0.05 less on the top energy decile only.
    static SeedOutcome PlantedSeed(int seed)
    {
        const int n = 60;
        var random = new Random(seed);
        double level = 0.02 * seed + 0.001 * random.NextDouble();
        double[] energy = [.. Enumerable.Range(0, n).Select(i => (double)i)];
        double[] none = [.. Enumerable.Range(0, n).Select(_ => 0.1 + level + 0.001 * random.NextDouble())];
        double[] randomK = [.. none.Select(f => f - 0.01)];
        double[] topK = [.. none.Select((f, i) => i >= 54 ? f - 0.05 - 0.001 * random.NextDouble() : f)];
        PolicyOutcome Outcome(ReplayPolicy policy, double[] f) => new(policy, policy == ReplayPolicy.None ? [] : [0], [f], [f], [f, f, f, f], f,
            policy == ReplayPolicy.None ? [] : [0.0]);
        double[][] perSigma = [energy, energy, energy, energy];
        double[] baseline = [.. Enumerable.Range(0, n).Select(_ => 0.5 + random.NextDouble())];
        return new SeedOutcome(seed, [.. Enumerable.Range(0, n)], [.. Enumerable.Range(0, n).Select(i => i % 2)], [.. energy.Select(e => 100 + e)],
            perSigma, [baseline, baseline, baseline, baseline], baseline,
            [Outcome(ReplayPolicy.None, none), Outcome(ReplayPolicy.TopK, topK), Outcome(ReplayPolicy.Random, randomK)]);
    }

    [Fact]
    public void Top_k_is_contrasted_with_each_policy_paired_over_seeds_and_not_from_one_seed()
    {
        var settings = DiffusionContinualSettings.Quick() with { Policies = [ReplayPolicy.None, ReplayPolicy.TopK, ReplayPolicy.Random], Seeds = [0, 1, 2], Resamples = 100 };
        double[] sigmas = [0.17, 0.34, 0.95, 3.4];
        SeedOutcome[] seeds = [PlantedSeed(0), PlantedSeed(1), PlantedSeed(2)];
        DiffusionContinualResult r = EnergyForgettingAnalysis.Summarise(settings, "planted", "pixels", sigmas, seeds, []);
        TopKContrast againstRandom = r.Contrasts.Single(c => c.Against == ReplayPolicy.Random);
        // Top decile: top-K −0.05 against none, random-K −0.01: the difference is −0.04 (up to the planted noise), and
        // the seed-wide levels (0, 0.02, 0.04), which would widen a comparison of the per-policy intervals, cancel.
        Assert.InRange(againstRandom.TopDecile.Estimate, -0.0415, -0.0395);
        Assert.True(againstRandom.TopDecile.Upper < 0);
        Assert.InRange(againstRandom.Overall.Estimate, 0.0040, 0.0060);   // over all 60: −0.05·6/60 against −0.01, so +0.005
        TopKContrast againstNone = r.Contrasts.Single(c => c.Against == ReplayPolicy.None);
        Assert.InRange(againstNone.TopDecile.Estimate, -0.0515, -0.0495);
        Assert.Contains(Engram.Reports.DiffusionContinualReport.Lines(r), l => l.Contains("prediction 2, top-K − random paired over seeds: top energy decile") && l.Contains(": holds;"));

        DiffusionContinualResult one = EnergyForgettingAnalysis.Summarise(settings with { Seeds = [0] }, "planted", "pixels", sigmas, [PlantedSeed(0)], []);
        Assert.Empty(one.Contrasts);   // a one-seed "interval" has no width and would claim too much
    }
}
