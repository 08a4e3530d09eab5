using Engram.Continual;

namespace Engram.Tests.Continual;

public class ReplayExperimentTests
{
    static readonly Lazy<ReplayExperimentResult> Default = new(() =>
        ReplayExperiment.Run(new ReplayExperimentSettings { Budgets = [4, 8, 16], Trials = 8 }));

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Top_K_replay_lowers_mean_forgetting_more_than_random_K_and_bottom_K(int k)
    {
        ReplayExperimentResult r = Default.Value;
        PolicyOutcome top = r.Outcome(ReplayPolicy.TopK, k), random = r.Outcome(ReplayPolicy.Random, k), bottom = r.Outcome(ReplayPolicy.BottomK, k);
        Assert.True(top.MeanForgetting < random.MeanForgetting && top.MeanForgetting < bottom.MeanForgetting,
            $"K = {k}: forgetting after replay top {top.MeanForgetting:G5}, random {random.MeanForgetting:G5}, bottom {bottom.MeanForgetting:G5}");
        Assert.True(top.MeanNetForgetting < random.MeanNetForgetting && top.MeanNetForgetting < bottom.MeanNetForgetting,
            $"K = {k}: net forgetting top {top.MeanNetForgetting:G5}, random {random.MeanNetForgetting:G5}, bottom {bottom.MeanNetForgetting:G5}");
        Assert.True(top.MeanForgetting < r.NoReplayForgetting.Mean);
    }

    [Fact]
    public void Gain_per_replayed_sample_grows_with_its_energy()
    {
        ReplayExperimentResult r = Default.Value;
        Assert.True(r.SpearmanEnergySelfGain > 0.8, $"Spearman(energy, self gain) = {r.SpearmanEnergySelfGain:F3}");
        Assert.True(r.SpearmanEnergyForgetting > 0.8, $"Spearman(energy, ΔE) = {r.SpearmanEnergyForgetting:F3}");
        Assert.True(r.Outcome(ReplayPolicy.TopK, 8).NetGainPerReplayed > r.Outcome(ReplayPolicy.BottomK, 8).NetGainPerReplayed);
    }

    [Fact]
    public void Replay_of_a_user_memory_works_and_budget_is_checked_against_its_size()
    {
        double[,] x = ClusteredMemory.Generate(MemoryLayout.Protocol, 50, new Random(3)).Patterns;
        ReplayExperimentResult r = ReplayExperiment.Run(new ReplayExperimentSettings { Patterns = x, Budgets = [1, 3], Trials = 3 }, cancellation: TestContext.Current.CancellationToken);
        Assert.Null(r.Groups);
        Assert.Equal([12], r.Outcome(ReplayPolicy.TopK, 1).ReplayedFirstTrial);
        var e = Assert.Throws<ArgumentException>(() => ReplayExperiment.Run(new ReplayExperimentSettings { Patterns = x, Budgets = [14] }, cancellation: TestContext.Current.CancellationToken));
        Assert.Contains("memory size 13", e.Message);
    }

    [Fact]
    public void Non_finite_user_patterns_are_rejected()
    {
        var x = new double[3, 4];
        x[1, 2] = double.NaN;
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => ReplayExperiment.Run(new ReplayExperimentSettings { Patterns = x, Budgets = [1] }, cancellation: TestContext.Current.CancellationToken)).Message);
    }
}
