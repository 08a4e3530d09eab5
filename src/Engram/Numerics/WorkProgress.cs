namespace Engram.Numerics;

/// <summary>
/// Progress of a long computation, reported through an <see cref="IProgress{T}"/> that the caller
/// passes in (science code never prints).
/// </summary>
/// <param name="Task">Short name of the stage, e.g. "entropic GW".</param>
/// <param name="Done">Units of work finished so far.</param>
/// <param name="Total">Units of work in all (an upper bound when the run may stop early).</param>
/// <param name="Detail">Optional one-line status, e.g. the current loss.</param>
public readonly record struct WorkProgress(string Task, long Done, long Total, string? Detail = null);
