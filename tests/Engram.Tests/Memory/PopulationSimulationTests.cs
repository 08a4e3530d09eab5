using Engram.Population;
using Engram.Memory;

namespace Engram.Tests.Memory;

public class PopulationSimulationTests
{
    static readonly Lazy<SimulatedPopulation> Default = new(() => PopulationSimulation.Run(new PopulationSimulationSettings()));

    [Fact]
    public void The_population_analysis_recovers_the_global_clusters_earlier_than_the_fine_clusters()
    {
        SimulatedPopulation sim = Default.Value;
        PopulationAnalysis result = PopulationDynamics.Analyze(sim.Activity, sim.GlobalLabels, sim.FineLabels,
            new PopulationAnalysisSettings { TimeOrigin = sim.TimeOrigin });
        Assert.NotNull(result.GlobalRecoveryTime);
        Assert.NotNull(result.FineRecoveryTime);
        Assert.True(result.GlobalRecoveryTime < result.FineRecoveryTime,
            $"global clusters recovered at {result.GlobalRecoveryTime}, fine at {result.FineRecoveryTime}");
        // Before the stimulus (windows ending before onset) nothing is recovered.
        Assert.All(result.Windows.Where(w => w.End <= 0), w => Assert.True(w.AriGlobal < 0.3 && w.AriFine < 0.3, $"baseline window at {w.Time}"));
        // Late windows separate the children well.
        Assert.True(result.Windows.Max(w => w.AriFine) > 0.9);
    }

    [Fact]
    public void Labels_and_shape_follow_the_settings_and_the_same_seed_repeats()
    {
        var settings = new PopulationSimulationSettings { N = 400, Parents = 2, ChildrenPerParent = 3, StimuliPerChild = 2, Baseline = 5, Duration = 15, RecordedNeurons = 10, Seed = 4 };
        SimulatedPopulation a = PopulationSimulation.Run(settings), b = PopulationSimulation.Run(settings);
        Assert.Equal((12, 10, 20), (a.Activity.Stimuli, a.Activity.Neurons, a.Activity.TimePoints));
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5], a.FineLabels);
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], a.GlobalLabels);
        Assert.Equal(-5, a.TimeOrigin);
        Assert.Equal(a.Activity.Values, b.Activity.Values);
    }

    [Fact]
    public void Overlaps_are_chance_before_onset_equal_the_cue_at_onset_and_reach_the_parent_before_the_child()
    {
        SimulatedPopulation sim = Default.Value;
        PopulationSimulationSettings s = sim.Settings;
        int onset = s.Baseline;
        double chance = 4 / Math.Sqrt(s.N);
        for (int t = 0; t < onset; t++) Assert.InRange(sim.ParentOverlap[t], -chance, chance);
        // The cue flips exactly 45 % of the child's bits: overlap 0.1 with it, about 0.1·b with the parent.
        Assert.Equal(1 - 2 * s.CueNoise, sim.ChildOverlap[onset], 12);
        Assert.InRange(sim.ParentOverlap[onset], s.B * 0.1 - chance, s.B * 0.1 + chance);

        // Coarse to fine: the parent overlap gets within 90 % of its final level well before the
        // child–sibling difference does.
        double[] difference = sim.ChildOverlap.Zip(sim.SiblingOverlap, (c, x) => c - x).ToArray();
        int Reach(double[] series, double fraction)
        {
            double final = series[^20..].Average();
            return Array.FindIndex(series, onset, v => v >= fraction * final) - onset;
        }
        int parentTime = Reach(sim.ParentOverlap, 0.9), differenceTime = Reach(difference, 0.9);
        Assert.True(parentTime + 20 < differenceTime, $"parent at {parentTime}, child–sibling difference at {differenceTime} time units");
        Assert.True(sim.ChildOverlap[^1] > 0.75 && difference[^1] > 0.25, $"child {sim.ChildOverlap[^1]}, difference {difference[^1]} at the end");
    }

    [Fact]
    public void Invalid_settings_are_rejected_naming_the_setting()
    {
        string Message(PopulationSimulationSettings s) => Assert.Throws<ArgumentException>(() => PopulationSimulation.Run(s)).Message;
        Assert.Contains("b must be in [0, 1]; got 1.5", Message(new() { B = 1.5 }));
        Assert.Contains("divide N = 1000", Message(new() { N = 1000, TimeUnitsPerSweep = 30 }));
        Assert.Contains("cue noise", Message(new() { CueNoise = 0.6 }));
        Assert.Contains("temperature", Message(new() { Temperature = 0 }));
        Assert.Contains("recorded neurons must be in [1, N] = [1, 100]", Message(new() { N = 100, RecordedNeurons = 200 }));
    }
}
