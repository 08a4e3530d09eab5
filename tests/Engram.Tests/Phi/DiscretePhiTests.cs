using System.Text.Json;
using Engram.Phi;

namespace Engram.Tests.Phi;

/// <summary>
/// Discrete MI1, MI, SI and Φ* against PhiToolbox (GNU Octave) on random binary kinetic-Ising systems (N = 3…5,
/// T = 4000, τ = 1; Fixtures/phi/make_phi_dis_fixtures_octave.m), and analytic cases.
/// </summary>
public class DiscretePhiTests
{
    static readonly PhiMeasure[] Columns = [PhiMeasure.Mi1, PhiMeasure.Mi, PhiMeasure.Si, PhiMeasure.Star];

    public static TheoryData<int> Sizes() => [3, 4, 5];

    static JsonElement Load(int n) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "phi", $"discrete_N{n}.json"))).RootElement;

    static DiscreteStatistics Statistics(JsonElement f)
    {
        JsonElement s = f.GetProperty("series");
        int rows = s.GetArrayLength(), cols = s[0].GetArrayLength();
        var series = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) series[i, j] = s[i][j].GetDouble();
        return DiscreteStatistics.FromSeries(series, f.GetProperty("tau").GetInt32(), f.GetProperty("states").GetInt32());
    }

    /// <summary>MI1, MI and SI to 1e-10 relative, Φ* to 1e-7 relative (minFunc's L-BFGS tolerance on β).</summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void Phi_of_fixed_partitions_matches_PhiToolbox(int n)
    {
        JsonElement f = Load(n);
        DiscreteStatistics statistics = Statistics(f);
        var partitions = f.GetProperty("partitions").EnumerateArray().Select(z => Partition.FromLabels(PhiToolboxFixture.Labels(z))).ToList();
        for (int c = 0; c < Columns.Length; c++)
        {
            var phi = new DiscretePhi(statistics, new PhiSettings { Measure = Columns[c] });
            for (int z = 0; z < partitions.Count; z++)
            {
                double expected = f.GetProperty("phi")[z][c].GetDouble(), actual = phi.Evaluate(partitions[z]).Phi;
                double tolerance = (Columns[c] == PhiMeasure.Star ? 1e-7 : 1e-10) * Math.Abs(expected);
                Assert.True(Math.Abs(actual - expected) <= tolerance, $"{Columns[c]} of {partitions[z]}: {actual} vs PhiToolbox {expected}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Exhaustive_MIP_matches_PhiToolbox(int n)
    {
        JsonElement f = Load(n);
        DiscreteStatistics statistics = Statistics(f);
        foreach ((PhiMeasure m, string key, double tolerance) in new[] { (PhiMeasure.Mi1, "MI1", 1e-10), (PhiMeasure.Si, "SI", 1e-10), (PhiMeasure.Star, "star", 1e-7) })
        {
            JsonElement expected = f.GetProperty("mip_exhaustive_" + key);
            MipResult mip = new DiscretePhi(statistics, new PhiSettings { Measure = m }).SearchMip();
            Assert.Equal(Partition.FromLabels(PhiToolboxFixture.Labels(expected.GetProperty("z"))).ToString(), mip.Partition.ToString());
            double phi = expected.GetProperty("phi").GetDouble();
            Assert.True(Math.Abs(mip.Phi - phi) <= tolerance * phi, $"{m} MIP Φ {mip.Phi} vs PhiToolbox {phi}");
        }
    }

    /// <summary>Two channels: 0 is a fair coin, 1 copies it at the same sample; 2 is an independent coin.</summary>
    static double[,] CopiedBit(int samples, int seed)
    {
        var random = new Random(seed);
        var series = new double[3, samples];
        for (int t = 0; t < samples; t++)
        {
            series[0, t] = series[1, t] = random.Next(2);
            series[2, t] = random.Next(2);
        }
        return series;
    }

    [Fact]
    public void A_copied_bit_gives_MI1_of_its_entropy_and_an_independent_channel_gives_zero()
    {
        var statistics = DiscreteStatistics.FromSeries(CopiedBit(20_000, 7));
        var phi = new DiscretePhi(statistics, new PhiSettings { Measure = PhiMeasure.Mi1 });
        double h0 = statistics.Entropy([0]);
        Assert.InRange(h0, Math.Log(2) - 1e-3, Math.Log(2));
        // MI1({0}, {1}) of a copy is H(X₀) exactly (the plug-in estimate of log 2).
        Assert.Equal(h0, phi.Evaluate(Partition.FromParts(3, [[0, 2], [1]])).Phi, 12);
        // Cutting off the independent channel costs only the plug-in bias, far below log 2.
        Assert.InRange(phi.Evaluate(Partition.FromParts(3, [[0, 1], [2]])).Phi, 0, 1e-3);
        MipResult mip = phi.SearchMip();
        Assert.Equal("{0,1} {2}", mip.Partition.ToString());
    }

    [Fact]
    public void Independent_channels_give_zero_for_every_measure()
    {
        // Each channel is a Markov chain of its own (flips with probability 0.1), independent of the others:
        // every measure vanishes up to the plug-in bias of T = 50 000 pairs.
        var random = new Random(11);
        var series = new double[3, 50_000];
        for (int c = 0; c < 3; c++)
            for (int t = 1; t < 50_000; t++) series[c, t] = random.NextDouble() < 0.1 ? 1 - series[c, t - 1] : series[c, t - 1];
        var statistics = DiscreteStatistics.FromSeries(series);
        foreach (PhiMeasure m in Columns)
        {
            double phi = new DiscretePhi(statistics, new PhiSettings { Measure = m }).Evaluate(Partition.FromParts(3, [[0], [1], [2]])).Phi;
            Assert.InRange(phi, -1e-3, 1e-3);
        }
        // The whole system's past-present information is large (3 (log 2 − H(0.1)) ≈ 1.10), so zero is not an artefact.
        (double past, double present, double joint) = statistics.PairEntropies([0, 1, 2]);
        Assert.InRange(past + present - joint, 1.0, 1.2);
    }

    [Fact]
    public void A_bit_copied_across_time_gives_log_2_for_MI_SI_and_Phi_star()
    {
        // Channel 1 copies channel 0's previous state, channel 0 is a fair coin: cutting them apart loses I = log 2.
        var random = new Random(5);
        var series = new double[2, 40_000];
        for (int t = 0; t < 40_000; t++)
        {
            series[0, t] = random.Next(2);
            if (t > 0) series[1, t] = series[0, t - 1];
        }
        var statistics = DiscreteStatistics.FromSeries(series);
        Partition cut = Partition.FromParts(2, [[0], [1]]);
        foreach (PhiMeasure m in new[] { PhiMeasure.Mi, PhiMeasure.Si, PhiMeasure.Star })
            Assert.InRange(new DiscretePhi(statistics, new PhiSettings { Measure = m }).Evaluate(cut).Phi, Math.Log(2) - 2e-3, Math.Log(2) + 2e-3);
    }

    [Theory]
    [InlineData(0.5, "whole-number")]
    [InlineData(-1, "whole-number")]
    [InlineData(double.NaN, "whole-number")]
    public void Non_integer_or_negative_states_are_refused(double bad, string message)
    {
        double[,] series = CopiedBit(100, 1);
        series[2, 10] = bad;
        var e = Assert.Throws<ArgumentException>(() => DiscreteStatistics.FromSeries(series));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Too_many_states_or_too_few_samples_are_refused()
    {
        Assert.Contains("joint states, more than", Assert.Throws<ArgumentException>(() => DiscreteStatistics.FromSeries(new double[13, 10_000])).Message);
        Assert.Contains("cannot estimate", Assert.Throws<ArgumentException>(() => DiscreteStatistics.FromSeries(CopiedBit(8, 1))).Message);
        double[,] ternary = CopiedBit(100, 1);
        ternary[1, 5] = 2;
        Assert.Contains("state 2", Assert.Throws<ArgumentException>(() => DiscreteStatistics.FromSeries(ternary, states: 2)).Message);
        var statistics = DiscreteStatistics.FromSeries(CopiedBit(100, 1));
        Assert.Throws<ArgumentException>(() => new DiscretePhi(statistics, new PhiSettings { Measure = PhiMeasure.Geo }));
        Assert.Throws<ArgumentException>(() => new DiscretePhi(statistics, new PhiSettings { Normalise = true }));
    }
}
