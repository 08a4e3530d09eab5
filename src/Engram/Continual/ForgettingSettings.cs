namespace Engram.Continual;

/// <summary>
/// What every forgetting measurement needs, shared by <see cref="DriftExperimentSettings"/> and
/// <see cref="ReplayExperimentSettings"/>: β, the drift (a rotation of size ε unless another is given), the seed,
/// the fixed-point tolerance and cap, and optionally the user's own memory.
/// </summary>
public abstract record ForgettingSettings
{
    /// <summary>Inverse temperature β &gt; 0.</summary>
    public double Beta { get; init; } = 8;

    /// <summary>Rotation size ε ≥ 0 (used when <see cref="Drift"/> is null).</summary>
    public double Epsilon { get; init; } = 0.05;

    /// <summary>Seed; draw or trial i uses the stream <c>Seeding.Derive(Seed, i)</c>.</summary>
    public int Seed { get; init; }

    /// <summary>Step-norm tolerance of the fixed-point iteration.</summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>Cap on fixed-point updates per pattern.</summary>
    public int MaxIterations { get; init; } = 10_000;

    /// <summary>The task change; null means <see cref="RotationDrift"/> with <see cref="Epsilon"/>.</summary>
    public RepresentationalDrift? Drift { get; init; }

    /// <summary>A user memory X (rows are patterns) used in every draw instead of a generated one; null = generate.</summary>
    public double[,]? Patterns { get; init; }

    /// <summary>The drift actually applied.</summary>
    public RepresentationalDrift EffectiveDrift => Drift ?? new RotationDrift(Epsilon);

    /// <summary>Checks β, ε, tolerance, cap and (when given) that the user memory is finite.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    protected void ValidateModel()
    {
        PatternChecks.RequireModel(Beta, Epsilon, Tolerance, MaxIterations);
        if (Patterns is not null) PatternChecks.RequireFinite(Patterns, nameof(Patterns));
    }
}
