namespace Engram.Alignment;

/// <summary>
/// Settings of one alignment run (<see cref="AlignmentPipeline.Run"/>): the GW solve, the optional refinement, and
/// whether to evaluate. A study varies them with <c>settings with { Gw = settings.Gw with { Epsilon = … } }</c>.
/// </summary>
public sealed record AlignmentSettings
{
    /// <summary>Entropic GW: ε, initial plan and its seed, iterations, tolerances, precision.</summary>
    public required GwSettings Gw { get; init; }

    /// <summary>Continue from the entropic plan with non-entropic conditional-gradient GW (equal sizes, uniform marginals).</summary>
    public bool Refine { get; init; }

    /// <summary>Settings of the refinement when <see cref="Refine"/> is set.</summary>
    public RefinementSettings Refinement { get; init; } = new();

    /// <summary>Compute the matching rates, k-NN after Procrustes and RSA (a study ranking trials by GW loss may skip them).</summary>
    public bool Evaluate { get; init; } = true;

    /// <summary>Checks every value and throws <see cref="ArgumentException"/> naming the first impossible one.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Gw);
        Gw.Validate();
        if (Refinement.MaxIterations <= 0)
            throw new ArgumentException($"refinement iterations must be ≥ 1; got {Refinement.MaxIterations}.", nameof(Refinement));
    }
}
