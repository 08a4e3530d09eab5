using Engram.Alignment.Evaluation;

namespace Engram.Alignment;

/// <summary>Where the time of an alignment run went, in wall-clock seconds.</summary>
/// <param name="Prepare">Building and validating the representations (<see cref="AlignmentInputs.Prepare"/>).</param>
/// <param name="Solve">The entropic GW solve.</param>
/// <param name="Refine">The non-entropic refinement (0 without one).</param>
/// <param name="Evaluate">Matching rates, Procrustes and RSA (0 without evaluation).</param>
public sealed record AlignmentTimings(double Prepare, double Solve, double Refine, double Evaluate)
{
    /// <summary>All stages together.</summary>
    public double Total => Prepare + Solve + Refine + Evaluate;
}

/// <summary>Everything an alignment run produced (<see cref="AlignmentPipeline.Run"/>).</summary>
public sealed record AlignmentResult
{
    /// <summary>The settings that produced it.</summary>
    public required AlignmentSettings Settings { get; init; }

    /// <summary>The inputs it aligned.</summary>
    public required AlignmentInputs Inputs { get; init; }

    /// <summary>The entropic GW solve: its plan, loss, state, history.</summary>
    public required GwResult Entropic { get; init; }

    /// <summary>The refinement, when asked for.</summary>
    public RefinementResult? Refinement { get; init; }

    /// <summary>The final plan (n × m, in U(p, q)): the refined plan when there is one, else the entropic plan.</summary>
    public double[,] Plan => Refinement?.Plan ?? Entropic.Plan;

    /// <summary>GW loss of <see cref="Plan"/>, computed in float64 from the returned plan.</summary>
    public double GwLoss => Refinement?.GwLoss ?? Entropic.GwLoss;

    /// <summary>How the entropic solve ended: converged, stalled, max_iter, failed or stopped.</summary>
    public GwState State => Entropic.State;

    /// <summary>Scores of <see cref="Plan"/>; null when <see cref="AlignmentSettings.Evaluate"/> is off or the caller stopped the solve (a pruned trial).</summary>
    public AlignmentScores? Scores { get; init; }

    /// <summary>Where the time went.</summary>
    public required AlignmentTimings Timings { get; init; }

    /// <summary>Repairs made to the inputs and anything the caller should know about the run, one sentence each.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Engram version that computed it.</summary>
    public string Version { get; init; } = typeof(AlignmentResult).Assembly.GetName().Version?.ToString() ?? "";
}
