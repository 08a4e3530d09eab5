namespace Engram.Continual;

/// <summary>
/// Which stored samples are replayed while later tasks are learnt (docs/science.md §3, energy-based replay selection): the
/// same choice for the modern Hopfield experiments (<see cref="ReplaySelection"/>) and for the diffusion experiment
/// (<see cref="Diffusion.ReplayBuffer"/>).
/// </summary>
public enum ReplayPolicy
{
    /// <summary>No replay: plain sequential learning.</summary>
    None,

    /// <summary>The K samples of highest energy (leave-one-out for the diffusion experiment): the atypical, outlier-like ones.</summary>
    TopK,

    /// <summary>K samples drawn uniformly without replacement.</summary>
    Random,

    /// <summary>The K samples of lowest energy: the most typical ones.</summary>
    BottomK,
}
