using Engram.Numerics;

namespace Engram.Continual.Diffusion;

/// <summary>What one replay policy did to the evaluated task-1 images of one seed.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="ReplayPositions">Positions in task 1 of the replayed images (empty without replay).</param>
/// <param name="Forgetting">
/// Forgetting of each evaluated image after task k = 2…K (row k − 2): the increase of its denoising error
/// ‖ε − ε_θ(x_t, t)‖²/D (mean over the noise draws) over the model after task 1, averaged over the evaluation timesteps.
/// </param>
/// <param name="RelativeForgetting">The same as a relative increase, (e_after − e_before) / e_before averaged over the timesteps.</param>
/// <param name="FinalForgettingByTimestep">The same increase after the last task, per evaluation timestep (row per timestep).</param>
/// <param name="ReconstructionForgetting">Increase of each evaluated image's reconstruction error after the last task (<see cref="ForgettingScore.Reconstruction"/>).</param>
/// <param name="ReplayedForgetting">
/// Absolute forgetting after the last task of each replayed image (in the order of <paramref name="ReplayPositions"/>):
/// the self-gain of replay, reported apart from the held-out images' transfer.
/// </param>
public sealed record PolicyOutcome(ReplayPolicy Policy, int[] ReplayPositions, double[][] Forgetting, double[][] RelativeForgetting, double[][] FinalForgettingByTimestep,
    double[] ReconstructionForgetting, double[] ReplayedForgetting);

/// <summary>Energy and forgetting of the held-out (evaluated) task-1 images of one seed.</summary>
/// <param name="Seed">Experiment seed.</param>
/// <param name="Images">Data indices of the evaluated task-1 images.</param>
/// <param name="Classes">Class label of each evaluated image.</param>
/// <param name="Ink">Non-background (non-zero) pixels of each evaluated image.</param>
/// <param name="Energies">Leave-one-out energy E_σ of each image under the task-1 memory, one row per evaluation timestep's σ.</param>
/// <param name="BaselineErrors">Denoising error after task 1 (mean over the noise draws), one row per evaluation timestep.</param>
/// <param name="ReconstructionBaseline">Reconstruction error after task 1 (<see cref="ForgettingScore.Reconstruction"/>).</param>
/// <param name="Policies">One outcome per policy.</param>
public sealed record SeedOutcome(int Seed, int[] Images, int[] Classes, double[] Ink, double[][] Energies, double[][] BaselineErrors, double[] ReconstructionBaseline, PolicyOutcome[] Policies);

/// <summary>Spearman's ρ between the energy at one σ and the final forgetting, with its bootstrap interval.</summary>
/// <param name="Seed">Experiment seed.</param>
/// <param name="Policy">The policy whose forgetting is correlated (no replay when it was run).</param>
/// <param name="Timestep">The timestep whose σ the energy uses.</param>
/// <param name="Sigma">σ_t on the data's scale.</param>
/// <param name="Rho">ρ with its percentile bootstrap 95 % interval over images.</param>
public sealed record EnergyForgettingCorrelation(int Seed, ReplayPolicy Policy, int Timestep, double Sigma, Interval Rho);

/// <summary>Mean final forgetting of the images in each energy decile (lowest energy first), averaged over seeds.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Means">Ten means, decile 1 (lowest energy) to decile 10.</param>
public sealed record DecileForgetting(ReplayPolicy Policy, double[] Means);

/// <summary>A policy's final forgetting over seeds: of all held-out images, of their top energy decile, and of the replayed images.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Overall">Mean forgetting of all held-out images, mean over seeds with a Student-t 95 % interval.</param>
/// <param name="TopDecile">Mean forgetting of the highest-energy tenth of them, mean over seeds with a Student-t 95 % interval.</param>
/// <param name="Replayed">Mean forgetting of the replayed images, mean over seeds with a Student-t 95 % interval (null without replay).</param>
public sealed record PolicyComparison(ReplayPolicy Policy, Interval Overall, Interval TopDecile, Interval? Replayed);

/// <summary>
/// Prediction 2 against one other policy: top-K's final forgetting minus the other's, seed by seed (the same task-1 model
/// and held-out images), mean over seeds with a Student-t 95 % interval of the paired differences.
/// </summary>
/// <param name="Against">The other policy.</param>
/// <param name="TopDecile">Difference on the highest-energy tenth of the held-out images (negative: top-K protects them more).</param>
/// <param name="Overall">Difference on all held-out images.</param>
public sealed record TopKContrast(ReplayPolicy Against, Interval TopDecile, Interval Overall);

/// <summary>Samples drawn from one trained model.</summary>
/// <param name="Label">Which model, e.g. "after task 1" or "topk after task 3".</param>
/// <param name="Policy">The policy (null for the task-1 model).</param>
/// <param name="AfterTask">The task the model had just learnt.</param>
/// <param name="Pixels">The images, row-major, values in [0, 1], one after another.</param>
/// <param name="Count">Number of images.</param>
/// <param name="Height">Image rows.</param>
/// <param name="Width">Image columns.</param>
public sealed record SampleGrid(string Label, ReplayPolicy? Policy, int AfterTask, float[] Pixels, int Count, int Height, int Width);

/// <summary>Result of <see cref="DiffusionContinualEvaluation.Evaluate"/>.</summary>
public sealed record DiffusionContinualResult
{
    /// <summary>What produced it.</summary>
    public required DiffusionContinualSettings Settings { get; init; }

    /// <summary>The model kind.</summary>
    public required string Kind { get; init; }

    /// <summary>The space the diffusion ran in.</summary>
    public required string Space { get; init; }

    /// <summary>Top-K against each other policy, paired over seeds (empty without top-K, another policy, or two seeds).</summary>
    public TopKContrast[] Contrasts { get; init; } = [];

    /// <summary>The regime of each seed's task-1 model: how close its samples lie to its training images.</summary>
    public MemorisationMeasure[] Memorisation { get; init; } = [];

    /// <summary>σ_t of each evaluation timestep (the energies' kernel widths).</summary>
    public required double[] Sigmas { get; init; }

    /// <summary>Per-seed energies and forgetting.</summary>
    public required SeedOutcome[] Seeds { get; init; }

    /// <summary>ρ(energy, final forgetting) for every seed and σ.</summary>
    public required EnergyForgettingCorrelation[] Correlations { get; init; }

    /// <summary>ρ at the selection σ, mean over seeds with a Student-t 95 % interval (the point itself for one seed).</summary>
    public required Interval MeanRho { get; init; }

    /// <summary>
    /// ρ(energy, final forgetting) at the selection σ for the reference policy, per seed and forgetting score: pooled,
    /// within class and partial, with the confounders' correlations.
    /// </summary>
    public required ConfoundedCorrelation[] Confounds { get; init; }

    /// <summary>Forgetting by energy decile (selection σ), per policy.</summary>
    public required DecileForgetting[] Deciles { get; init; }

    /// <summary>The policies compared.</summary>
    public required PolicyComparison[] Comparison { get; init; }

    /// <summary>Sample grids of the first seed.</summary>
    public required SampleGrid[] Grids { get; init; }
}
