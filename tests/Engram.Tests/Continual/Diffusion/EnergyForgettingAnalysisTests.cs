using Engram.Continual.Diffusion;

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
}
