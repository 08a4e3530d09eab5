namespace Engram.Continual.Diffusion;

/// <summary>Which task-1 samples are replayed while the later tasks are learnt (science.md §3, energy-based replay selection).</summary>
public enum ReplayPolicy
{
    /// <summary>No replay: plain sequential fine-tuning.</summary>
    None,

    /// <summary>The K task-1 samples of highest leave-one-out Hopfield energy (the atypical ones).</summary>
    TopK,

    /// <summary>K task-1 samples drawn uniformly at random.</summary>
    Random,

    /// <summary>The K task-1 samples of lowest energy (the most typical ones).</summary>
    BottomK,
}
