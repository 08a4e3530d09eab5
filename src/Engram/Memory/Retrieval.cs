namespace Engram.Memory;

/// <summary>How neurons are updated.</summary>
public enum UpdateMode
{
    /// <summary>All neurons at once from the same fields: x(t+1) = sgn(h(x(t))). One step = one update of all N.</summary>
    Synchronous,

    /// <summary>One neuron at a time in a fresh random order per sweep (seeded); one step = one sweep of N updates.</summary>
    Asynchronous,
}

/// <summary>Settings of a retrieval run (<see cref="ClassicalHopfieldNetwork.Retrieve"/>).</summary>
public sealed record RetrievalSettings
{
    /// <summary>Synchronous or asynchronous updates (default synchronous).</summary>
    public UpdateMode Mode { get; init; } = UpdateMode.Synchronous;

    /// <summary>Most steps (synchronous updates or asynchronous sweeps) to run (default 100).</summary>
    public int MaxSteps { get; init; } = 100;

    /// <summary>Seed of the update order (asynchronous) and of thermal noise (<see cref="Temperature"/> &gt; 0).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Glauber temperature T ≥ 0. T = 0 (default) is the deterministic rule x_i = sgn(h_i), sgn(0) = +1;
    /// T &gt; 0 sets x_i = +1 with probability 1 / (1 + exp(−2 h_i / T)).
    /// </summary>
    public double Temperature { get; init; }

    /// <summary>Indices of the patterns whose overlaps are recorded over time; null (default) records all P.</summary>
    public IReadOnlyList<int>? TrackedPatterns { get; init; }

    /// <summary>
    /// Asynchronous mode only: single-neuron updates between two records; 0 (default) means N, one
    /// record per sweep. Smaller values resolve the dynamics within a sweep.
    /// </summary>
    public int RecordEvery { get; init; }

    /// <summary>Whether to keep a copy of the state at every record (default false; costs N/8 bytes each).</summary>
    public bool RecordStates { get; init; }

    /// <summary>
    /// Whether to stop at a fixed point (a step that changes no neuron) or, in synchronous mode, a
    /// 2-cycle (default true). Ignored when <see cref="Temperature"/> &gt; 0.
    /// </summary>
    public bool StopAtFixedPoint { get; init; } = true;
}

/// <summary>What a retrieval run did, recorded at times <see cref="Times"/>.</summary>
/// <param name="Final">State at the end.</param>
/// <param name="Steps">Steps (synchronous updates or sweeps) run.</param>
/// <param name="Converged">Whether it ended on a fixed point.</param>
/// <param name="Cycle">Synchronous mode: whether it ended on a 2-cycle x(t+1) = x(t−1) ≠ x(t).</param>
/// <param name="Times">Record times in steps (fractions of a sweep when asynchronous records are finer); Times[0] = 0 is the start.</param>
/// <param name="Overlaps">Overlaps[r][k] = m at record r with pattern <see cref="TrackedPatterns"/>[k], m = (1/N) ξ·x.</param>
/// <param name="Energies">Energy H(x) at each record.</param>
/// <param name="TrackedPatterns">Indices of the recorded patterns.</param>
/// <param name="States">State at each record when asked for (<see cref="RetrievalSettings.RecordStates"/>), else null.</param>
/// <param name="Flips">Neurons changed in each step (length <paramref name="Steps"/>).</param>
public sealed record RetrievalTrajectory(
    SpinVector Final,
    int Steps,
    bool Converged,
    bool Cycle,
    double[] Times,
    double[][] Overlaps,
    double[] Energies,
    IReadOnlyList<int> TrackedPatterns,
    IReadOnlyList<SpinVector>? States,
    int[] Flips)
{
    /// <summary>The overlap with tracked pattern <paramref name="k"/> at every record.</summary>
    public double[] OverlapSeries(int k) => Overlaps.Select(row => row[k]).ToArray();

    /// <summary>Overlap with tracked pattern <paramref name="k"/> at the end.</summary>
    public double FinalOverlap(int k = 0) => Overlaps[^1][k];
}
