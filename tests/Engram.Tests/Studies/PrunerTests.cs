using Engram.Studies;

namespace Engram.Tests.Studies;

/// <summary>Median and Hyperband pruners on hand-made studies.</summary>
public sealed class PrunerTests
{
    static readonly StudyDefinition Definition = new() { Name = "p", Space = SearchSpace.Parse("x=float[0,1]"), Objective = "p", TargetTrials = 50 };

    static Trial T(int number, TrialState state, params (int Step, double Value)[] values) =>
        new(number, state, new Dictionary<string, double> { ["x"] = 0.5 }, state == TrialState.Complete ? values[^1].Value : null,
            new SortedDictionary<int, double>(values.ToDictionary(v => v.Step, v => v.Value)), new Dictionary<string, double>(), "w", null, null, null, null, null, false);

    [Fact]
    public void Median_prunes_a_trial_whose_best_value_is_worse_than_the_median_at_that_step()
    {
        var complete = Enumerable.Range(0, 5).Select(k => T(k, TrialState.Complete, (10, k + 1.0), (20, k + 0.5))).ToList();
        var study = new StudySnapshot(Definition, complete);
        var pruner = new MedianPruner();
        Assert.True(pruner.ShouldPrune(study, T(5, TrialState.Running, (10, 3.5)), 10));    // median at 10 is 3
        Assert.False(pruner.ShouldPrune(study, T(5, TrialState.Running, (10, 2.9)), 10));
        Assert.False(pruner.ShouldPrune(study, T(5, TrialState.Running, (10, 2.0), (20, 9.0)), 20));   // its best so far, 2, beats 2.5
        Assert.False(pruner.ShouldPrune(new StudySnapshot(Definition, complete.Take(4).ToList()), T(5, TrialState.Running, (10, 99)), 10));
        Assert.True(pruner.ShouldPrune(study, T(5, TrialState.Running, (10, double.NaN)), 10));
    }

    [Fact]
    public void Hyperband_has_one_bracket_per_power_of_eta_and_keeps_the_best_third_at_a_rung()
    {
        var pruner = new HyperbandPruner { MinResource = 10, MaxResource = 200, ReductionFactor = 3 };
        Assert.Equal(3, pruner.Brackets);                  // rungs from 10, 30, 90: ⌊log₃ 20⌋ + 1
        // Bracket 0 holds trials 0, 3, 6, …: five of them reached step 10 with values 1 … 5.
        var others = Enumerable.Range(0, 5).Select(k => T(3 * k, TrialState.Complete, (10, k + 1.0))).ToList();
        var study = new StudySnapshot(Definition, others);
        // Six values at the rung with the new one: the best ⌊6/3⌋ = 2 go on.
        Assert.False(pruner.ShouldPrune(study, T(15, TrialState.Running, (10, 1.5)), 10));
        Assert.True(pruner.ShouldPrune(study, T(15, TrialState.Running, (10, 2.5)), 10));
        // A trial of bracket 1 (number 16) has its first rung at 30, so step 10 is never judged.
        Assert.False(pruner.ShouldPrune(study, T(16, TrialState.Running, (10, 100)), 10));
        // The first trial of a bracket is always promoted.
        Assert.False(pruner.ShouldPrune(new StudySnapshot(Definition, []), T(0, TrialState.Running, (10, 100)), 10));
    }

    [Fact]
    public void A_pruned_trial_keeps_its_record_and_intermediate_values()
    {
        // Intermediate values x·step: trials with large x are worse at every step and the median pruner stops them.
        var snapshot = SamplerTests.RunStudy("x=float[0,1]", SamplerKind.Random, 30, 3, t =>
        {
            for (int step = 1; step <= 5; step++)
                if (t.Report(step, t.Float("x") * step)) throw new TrialPrunedException($"pruned at {step}");
            return t.Float("x");
        }, PrunerKind.Median);
        Trial[] pruned = snapshot.Trials.Where(t => t.State == TrialState.Pruned).ToArray();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t => { Assert.NotEmpty(t.Intermediate); Assert.StartsWith("pruned at", t.Reason); Assert.Null(t.Value); });
        double medianComplete = snapshot.Trials.Where(t => t.State == TrialState.Complete).Select(t => t.Value!.Value).Order().ElementAt(snapshot.Trials.Count(t => t.State == TrialState.Complete) / 2);
        Assert.True(pruned.Average(t => t.Parameters["x"]) > medianComplete);
        Assert.Equal(30, snapshot.Trials.Count);
    }
}
