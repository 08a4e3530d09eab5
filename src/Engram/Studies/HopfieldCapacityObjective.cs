using Engram.Memory;

namespace Engram.Studies;

/// <summary>
/// The classical Hopfield capacity sweep as a study: a trial stores P = round(αN) random patterns in a network of N neurons
/// (<see cref="CapacitySweep.Run"/> at one load) and returns the mean final overlap with the cued pattern; parameters
/// <c>n</c> (integer) and <c>alpha</c> (float). A grid study over both maps where retrieval breaks down (α_c ≈ 0.138 for
/// large N, Amit, Gutfreund &amp; Sompolinsky 1985); a maximising TPE study finds the largest overlap. Attributes: overlap
/// spread, steps, the fraction of runs that reached a fixed point and the Amari–Maginu prediction (the worker adds the trial's seconds).
/// </summary>
/// <param name="Settings">Sweep settings; N, the load and the seed are replaced per trial.</param>
public sealed class HopfieldCapacityObjective(CapacitySettings Settings) : IStudyObjective
{
    /// <inheritdoc/>
    public ObjectiveResult Evaluate(TrialRun trial, CancellationToken cancellation)
    {
        var settings = Settings with { N = trial.Int("n"), Alphas = [trial.Float("alpha")], Seed = trial.Seed };
        CapacityResult result = CapacitySweep.Run(settings, trial.Progress, cancellation);
        CapacityPoint point = result.Points[0];
        return new ObjectiveResult(point.MeanOverlap, new Dictionary<string, double>
        {
            ["patterns"] = point.Patterns, ["std_overlap"] = point.StdOverlap, ["mean_steps"] = point.MeanSteps,
            ["converged_fraction"] = point.ConvergedFraction, ["theory_overlap"] = result.TheoryOverlaps[0],
        });
    }
}
