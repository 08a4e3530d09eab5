namespace Engram.Studies;

/// <summary>
/// Annealed search over one log-scaled parameter (ε for entropic GW): a descent from the top of the range to its bottom
/// in <see cref="Stages"/> geometric steps, each trial warm-started from the plan of the descent's previous trial, then
/// random restarts at the value whose trial reached the lowest objective so far. Deterministic annealing of this kind
/// follows the minimiser from the nearly convex large-ε problem down to the sharp small-ε one (Rose 1998; the ε-scaling
/// of entropic optimal transport, Schmitzer 2019); the restarts keep the random initial plans GWTune draws, at the one ε
/// that looks best.
/// </summary>
/// <remarks>
/// Every solve is a trial of the study and counts towards its target. A proposal notes two system attributes (not
/// parameters: they are outside the search space): <see cref="StageAttribute"/> (the descent step k, or −1 for a restart)
/// and <see cref="WarmAttribute"/> (the number of the trial whose result starts this one, or −1). Descent step k takes
/// ε_k = high · (low / high)^(k / (K − 1)). It warms from the latest complete descent trial; when the descent's
/// previous trial is still running under another worker, the new trial is a restart instead, so parallel workers never
/// wait. Other parameters of the space (for example <c>init</c>) are drawn from the trial's own random stream; a warm
/// start ignores them. Proposals depend only on the study's trials, the trial number and the study seed.
/// </remarks>
public sealed class AnnealSampler : ITrialSampler
{
    /// <summary>System attribute: the descent step of a trial, −1 for a restart.</summary>
    public const string StageAttribute = "anneal_stage";

    /// <summary>System attribute: the trial whose result is this trial's starting point, −1 for none.</summary>
    public const string WarmAttribute = "warm_from";

    /// <summary>The annealed parameter (default <c>eps</c>); it must be a log-scaled float range.</summary>
    public string Parameter { get; init; } = "eps";

    /// <summary>Steps of the descent, K; null (default) takes one step per halving of the range (at least 3), capped by the study's target.</summary>
    public int? Stages { get; init; }

    /// <summary>K for a range of <paramref name="low"/>…<paramref name="high"/> and a target of <paramref name="target"/> trials.</summary>
    public int StagesFor(double low, double high, int target) =>
        Math.Max(1, Math.Min(target, Stages ?? Math.Max(3, (int)Math.Ceiling(Math.Log2(high / low) - 1e-9) + 1)));

    /// <summary>ε_k of descent step <paramref name="k"/> of <paramref name="stages"/>.</summary>
    public static double StageValue(double low, double high, int k, int stages) =>
        stages == 1 ? low : k == stages - 1 ? low : high * Math.Pow(low / high, k / (double)(stages - 1));

    /// <inheritdoc/>
    public Proposal Sample(StudySnapshot study, int number)
    {
        SearchSpace space = study.Definition.Space;
        FloatDistribution range = RangeOf(space);
        var values = RandomSampler.Draw(space, TrialSamplers.StreamOf(study, number));
        int stages = StagesFor(range.Low, range.High, study.Definition.TargetTrials);
        var descent = study.Trials.Where(t => t.Counts && Stage(t) >= 0).ToList();
        int next = descent.Count == 0 ? 0 : descent.Max(Stage) + 1;
        bool previousRunning = descent.Any(t => Stage(t) == next - 1 && !t.IsFinished);
        if (next < stages && !previousRunning)
        {
            Trial? warm = descent.Where(t => t.State == TrialState.Complete).OrderByDescending(Stage).FirstOrDefault();
            values[Parameter] = StageValue(range.Low, range.High, next, stages);
            return Noted(values, next, warm?.Number ?? -1);
        }
        // A restart: at the value of the best complete trial so far (the range's bottom before any finished).
        values[Parameter] = study.Best is { } best ? best.Parameters[Parameter] : range.Low;
        return Noted(values, -1, -1);
    }

    static Proposal Noted(Dictionary<string, double> values, int stage, int warmFrom) =>
        new(values) { SystemAttributes = new Dictionary<string, double> { [StageAttribute] = stage, [WarmAttribute] = warmFrom } };

    /// <summary>The annealed range of <paramref name="space"/>.</summary>
    /// <exception cref="ArgumentException">The space has no log-scaled float parameter of that name.</exception>
    public FloatDistribution RangeOf(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return space.Parameters.FirstOrDefault(p => p.Name == Parameter).Distribution is FloatDistribution { Log: true } range
            ? range
            : throw new ArgumentException($"annealed search needs '{Parameter}' as a log-scaled float range (e.g. {Parameter}=float[1,10] log); the space is {space.Describe()}. Use another sampler for this space.");
    }

    /// <summary>The descent step of a trial (−1 for a restart or a trial of another sampler).</summary>
    public static int Stage(Trial trial) => trial.SystemAttributes.TryGetValue(StageAttribute, out double k) ? (int)k : -1;

    /// <summary>The trial whose result starts <paramref name="trial"/>, or null.</summary>
    public static int? WarmFrom(Trial trial) => trial.SystemAttributes.TryGetValue(WarmAttribute, out double w) && w >= 0 ? (int)w : null;
}
