using Engram.Continual;
using Engram.Memory;

namespace Engram.Tests.Continual;

public class ReplayGainTests
{
    const double Beta = 8;

    static (double[,] X, double[,] Y, ForgettingResult F) Drifted(double eps = 0.05, int seed = 2)
    {
        double[,] x = ClusteredMemory.Generate(MemoryLayout.Protocol, 50, new Random(seed)).Patterns;
        double[,] y = new RotationDrift(eps).Apply(x, new Random(seed + 100));
        return (x, y, IntrinsicForgetting.Measure(x, y, Beta));
    }

    static double[] Row(double[,] m, int r) => Enumerable.Range(0, m.GetLength(1)).Select(j => m[r, j]).ToArray();

    [Fact]
    public void Closed_form_gain_equals_the_direct_energy_drop_to_1e_10_for_every_pair()
    {
        var (x, y, f) = Drifted();
        var drifted = new ModernHopfield(y, Beta);
        ReplayGainMatrix g = ReplayGain.Matrix(f, Beta);
        for (int r = 0; r < 13; r++)
            for (int k = 0; k < 13; k++)
            {
                double direct = ReplayGain.Direct(drifted, Row(x, r), f.FixedPoints[k].State);
                Assert.True(Math.Abs(direct - g.ClosedForm[r, k]) < 1e-10, $"r = {r}, k = {k}: direct {direct:G12}, closed form {g.ClosedForm[r, k]:G12}");
            }
    }

    [Fact]
    public void Baseline_is_the_energy_drop_of_the_same_replay_without_drift()
    {
        var (x, _, f) = Drifted();
        var old = new ModernHopfield(x, Beta);
        ReplayGainMatrix g = ReplayGain.Matrix(f, Beta);
        for (int r = 0; r < 13; r += 3)
            for (int k = 0; k < 13; k++)
            {
                double direct = ReplayGain.Direct(old, Row(x, r), f.FixedPoints[k].State);
                Assert.Equal(direct, g.Baseline[r, k], 1e-12);
                Assert.Equal(g.ClosedForm[r, k] - g.Baseline[r, k], g.Net[r, k], 1e-15);
            }
    }

    [Fact]
    public void Without_drift_the_net_gain_is_zero_and_with_drift_it_is_positive()
    {
        var (x, _, _) = Drifted();
        ReplayGainMatrix none = ReplayGain.Matrix(IntrinsicForgetting.Measure(x, x, Beta), Beta);
        foreach (double v in none.Net) Assert.Equal(0.0, v, 1e-16);
        ReplayGainMatrix drift = ReplayGain.Matrix(Drifted().F, Beta);
        foreach (double v in drift.Net) Assert.True(v > 0);
    }

    [Fact]
    public void After_replay_of_nothing_the_forgetting_is_delta_E_and_one_replay_removes_its_gain()
    {
        var (_, _, f) = Drifted();
        ReplayGainMatrix g = ReplayGain.Matrix(f, Beta);
        var (left0, net0) = ReplayGain.AfterReplay(f, Beta, []);
        for (int k = 0; k < 13; k++)
        {
            Assert.Equal(f.EnergyIncrease[k], left0[k], 1e-15);
            Assert.Equal(f.EnergyIncrease[k], net0[k], 1e-15);
        }
        var (left, net) = ReplayGain.AfterReplay(f, Beta, [12]);
        for (int k = 0; k < 13; k++)
        {
            Assert.Equal(g.ClosedForm[12, k], f.EnergyIncrease[k] - left[k], 1e-13);
            Assert.Equal(g.Net[12, k], f.EnergyIncrease[k] - net[k], 1e-13);
        }
    }

    [Fact]
    public void Closed_form_helpers_match_their_formulas()
    {
        Assert.Equal(Math.Log(1 + 0.3 * Math.Exp(8 * 0.02)) / 8, ReplayGain.ClosedForm(0.3, 0.02, 8), 1e-15);
        Assert.Equal(Math.Log(1.3) / 8, ReplayGain.Baseline(0.3, 8), 1e-15);
        // log1p stays accurate where 1 + p rounds: p = 1e-17 gives gain p/β, not 0.
        Assert.Equal(1e-17 / 8, ReplayGain.Baseline(1e-17, 8), 1e-30);
    }

    [Fact]
    public void A_replayed_index_outside_the_memory_is_rejected()
    {
        var (_, _, f) = Drifted();
        Assert.Contains("13", Assert.Throws<ArgumentException>(() => ReplayGain.AfterReplay(f, Beta, [13])).Message);
    }
}
