namespace Engram.Studies;

/// <summary>Whether a study looks for the lowest or the highest objective value.</summary>
public enum StudyDirection
{
    /// <summary>Lower is better (a loss).</summary>
    Minimize,
    /// <summary>Higher is better (an accuracy).</summary>
    Maximize,
}

/// <summary>How new parameter sets are proposed.</summary>
public enum SamplerKind
{
    /// <summary>Tree-structured Parzen estimator (Bergstra et al. 2011), multivariate, constant liar.</summary>
    Tpe,
    /// <summary>Independent uniform draws (log-uniform on log ranges).</summary>
    Random,
    /// <summary>The points of a regular grid, in order.</summary>
    Grid,
    /// <summary>A warm-started descent from the top of the ε range to its bottom, then random restarts at the best ε (<see cref="AnnealSampler"/>).</summary>
    Anneal,
}

/// <summary>How hopeless trials are stopped early from their intermediate values.</summary>
public enum PrunerKind
{
    /// <summary>Never prune.</summary>
    None,
    /// <summary>Prune a trial worse than the median of earlier trials at the same step.</summary>
    Median,
    /// <summary>Successive halving in several brackets (Li et al. 2018).</summary>
    Hyperband,
}

/// <summary>
/// Everything that defines a study and must be the same for every worker: its name, direction, search space, sampler,
/// pruner, target number of trials, seed, the objective (a kind and its settings as text, interpreted by the caller),
/// and the heartbeat timing that decides when a silent worker's trial is given up.
/// </summary>
public sealed record StudyDefinition
{
    /// <summary>Name, unique in a storage.</summary>
    public required string Name { get; init; }

    /// <summary>Minimise or maximise the objective value.</summary>
    public StudyDirection Direction { get; init; } = StudyDirection.Minimize;

    /// <summary>The parameters and their ranges.</summary>
    public required SearchSpace Space { get; init; }

    /// <summary>The sampler (default TPE).</summary>
    public SamplerKind Sampler { get; init; } = SamplerKind.Tpe;

    /// <summary>The pruner (default none).</summary>
    public PrunerKind Pruner { get; init; } = PrunerKind.None;

    /// <summary>Trials the study should hold when done, counting complete, pruned and failed-by-the-objective ones.</summary>
    public required int TargetTrials { get; init; }

    /// <summary>Study seed: trial k samples with <see cref="Numerics.Seeding.Derive"/>(seed, k) and passes a seed derived likewise to the objective.</summary>
    public int Seed { get; init; }

    /// <summary>Name of the objective, interpreted by whoever runs the workers.</summary>
    public required string Objective { get; init; }

    /// <summary>Settings of the objective as text (for example JSON), interpreted by whoever runs the workers.</summary>
    public string ObjectiveSettings { get; init; } = "";

    /// <summary>Seconds between heartbeats of a running trial (default 5).</summary>
    public double HeartbeatSeconds { get; init; } = 5;

    /// <summary>A running trial whose last heartbeat is older than this (default 60 s) is marked failed and re-run.</summary>
    public double StaleAfterSeconds { get; init; } = 60;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
            throw new ArgumentException($"a study name must be 1 to 200 characters; got '{Name}'.", nameof(Name));
        ArgumentNullException.ThrowIfNull(Space);
        if (TargetTrials < 1) throw new ArgumentException($"a study needs at least one trial; got {TargetTrials}.", nameof(TargetTrials));
        if (string.IsNullOrWhiteSpace(Objective)) throw new ArgumentException("a study needs an objective name.", nameof(Objective));
        if (Sampler == SamplerKind.Anneal) new AnnealSampler().RangeOf(Space);   // refused when the study is created, not when a worker starts
        if (!(HeartbeatSeconds > 0) || !(StaleAfterSeconds > 2 * HeartbeatSeconds))
            throw new ArgumentException($"the heartbeat ({HeartbeatSeconds} s) must be > 0 and less than half the stale timeout ({StaleAfterSeconds} s).", nameof(StaleAfterSeconds));
    }

    /// <summary>
    /// How this (stored) study differs from <paramref name="asked"/> in what makes it the same experiment (space, direction,
    /// objective and its settings, sampler, pruner, seed), as "SETTING STORED, but ASKED was asked for" naming the first
    /// difference; null when opening it with <paramref name="asked"/> is a resume. Objective settings are compared value by
    /// value in this Engram's form (<see cref="StudyObjectives"/>), so settings stored by an older Engram that mean the same
    /// compare equal, and the message names the setting that differs.
    /// </summary>
    public string? DifferenceFrom(StudyDefinition asked)
    {
        ArgumentNullException.ThrowIfNull(asked);
        static string But(string what, object stored, object wanted) => $"{what} {stored}, but {wanted} was asked for";
        if (Space.Describe() != asked.Space.Describe()) return But("search space", Space.Describe(), asked.Space.Describe());
        if (Direction != asked.Direction) return But("direction", Lower(Direction), Lower(asked.Direction));
        if (Objective != asked.Objective) return But("objective", Objective, asked.Objective);
        if (StudySettingsJson.Difference(StudyObjectives.Canonical(Objective, ObjectiveSettings), StudyObjectives.Canonical(Objective, asked.ObjectiveSettings)) is { } settings)
            return settings;
        if (Sampler != asked.Sampler) return But("sampler", Lower(Sampler), Lower(asked.Sampler));
        if (Pruner != asked.Pruner) return But("pruner", Lower(Pruner), Lower(asked.Pruner));
        if (Seed != asked.Seed) return But("seed", Seed, asked.Seed);
        return null;
    }

    static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
