namespace Engram.Studies;

/// <summary>Decides from intermediate values whether a running trial is hopeless (Optuna's pruner seam).</summary>
public interface ITrialPruner
{
    /// <summary>
    /// Whether <paramref name="trial"/>, which has just reported its intermediate value at <paramref name="step"/> (already in
    /// its <see cref="Trial.Intermediate"/>), should stop, judged against the other trials of <paramref name="study"/>.
    /// </summary>
    bool ShouldPrune(StudySnapshot study, Trial trial, int step);
}

/// <summary>The pruner of each <see cref="PrunerKind"/> (none: null), with its default settings.</summary>
public static class TrialPruners
{
    /// <summary>A pruner of <paramref name="kind"/>; <paramref name="minStep"/> and <paramref name="maxStep"/> bound the steps a trial reports.</summary>
    public static ITrialPruner? Create(PrunerKind kind, int minStep, int maxStep) => kind switch
    {
        PrunerKind.None => null,
        PrunerKind.Median => new MedianPruner(),
        PrunerKind.Hyperband => new HyperbandPruner { MinResource = minStep, MaxResource = maxStep },
        _ => throw new ArgumentException($"unknown pruner {kind}.", nameof(kind)),
    };

    /// <summary>The value a trial reported at <paramref name="step"/>, or at the first step after it; null when it never got there.</summary>
    internal static double? ValueAtOrAfter(Trial t, int step)
    {
        foreach (var (s, v) in t.Intermediate) if (s >= step) return v;
        return null;
    }
}

/// <summary>
/// Optuna's <c>MedianPruner</c>: after <see cref="StartupTrials"/> complete trials and past <see cref="WarmupSteps"/>, a trial
/// stops when the best value it has reported so far is worse than the median of the complete trials' values at the same step.
/// </summary>
public sealed class MedianPruner : ITrialPruner
{
    /// <summary>Complete trials needed before anything is pruned (Optuna: 5).</summary>
    public int StartupTrials { get; init; } = 5;

    /// <summary>Steps before which a trial is never pruned (Optuna: 0).</summary>
    public int WarmupSteps { get; init; }

    /// <inheritdoc/>
    public bool ShouldPrune(StudySnapshot study, Trial trial, int step)
    {
        if (step < WarmupSteps) return false;
        var complete = study.Trials.Where(t => t.State == TrialState.Complete && t.Number != trial.Number).ToArray();
        if (complete.Length < StartupTrials) return false;
        double[] atStep = complete.Where(t => t.Intermediate.ContainsKey(step)).Select(t => t.Intermediate[step]).Where(double.IsFinite).Order().ToArray();
        if (atStep.Length == 0) return false;
        double median = atStep.Length % 2 == 1 ? atStep[atStep.Length / 2] : 0.5 * (atStep[atStep.Length / 2 - 1] + atStep[atStep.Length / 2]);
        var own = trial.Intermediate.Where(kv => kv.Key <= step).Select(kv => kv.Value).ToArray();
        if (own.Any(v => !double.IsFinite(v))) return true;
        return study.Definition.Direction == StudyDirection.Minimize ? own.Min() > median : own.Max() < median;
    }
}

/// <summary>
/// Hyperband (Li, Jamieson, DeSalvo, Rostamizadeh &amp; Talwalkar 2018, JMLR) as Optuna's <c>HyperbandPruner</c>: several
/// brackets of asynchronous successive halving (ASHA, Li et al. 2020). Bracket s (trial number mod the number of brackets)
/// has rungs at steps MinResource · η^(s + k); a trial reaching a rung continues only when its value there is among the
/// best ⌊c/η⌋ (at least the best one) of the c trials of its bracket that reached that rung.
/// </summary>
public sealed class HyperbandPruner : ITrialPruner
{
    /// <summary>Steps of the first rung (GW objective: 10 iterations).</summary>
    public int MinResource { get; init; } = 1;

    /// <summary>Steps of a full trial.</summary>
    public int MaxResource { get; init; } = 100;

    /// <summary>Reduction factor η (Optuna: 3).</summary>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>Number of brackets: ⌊log_η(max / min)⌋ + 1.</summary>
    public int Brackets => Math.Max(1, (int)Math.Floor(Math.Log(Math.Max(1.0, MaxResource / (double)Math.Max(1, MinResource))) / Math.Log(ReductionFactor) + 1e-9) + 1);

    /// <inheritdoc/>
    public bool ShouldPrune(StudySnapshot study, Trial trial, int step)
    {
        int brackets = Brackets, bracket = (trial.RetryOf ?? trial.Number) % brackets;
        bool minimise = study.Definition.Direction == StudyDirection.Minimize;
        for (long rung = (long)(MinResource * Math.Pow(ReductionFactor, bracket)); rung <= step && rung < MaxResource; rung *= ReductionFactor)
        {
            if (TrialPruners.ValueAtOrAfter(trial, (int)rung) is not double own) continue;
            if (!double.IsFinite(own)) return true;
            // Only the rung this report first crosses is judged: earlier rungs were judged at earlier reports.
            if (trial.Intermediate.Keys.Any(s => s >= rung && s < step)) continue;
            double[] competing = study.Trials
                .Where(t => t.Number != trial.Number && t.State != TrialState.Waiting && ((t.RetryOf ?? t.Number) % brackets) == bracket)
                .Select(t => TrialPruners.ValueAtOrAfter(t, (int)rung)).OfType<double>().Where(double.IsFinite).Append(own)
                .OrderBy(v => minimise ? v : -v).ToArray();
            int promoted = Math.Max(1, competing.Length / ReductionFactor);
            double threshold = competing[promoted - 1];
            if (minimise ? own > threshold : own < threshold) return true;
        }
        return false;
    }
}
