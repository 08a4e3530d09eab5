using Engram.Training;

namespace Engram.Continual.Diffusion;

/// <summary>
/// Settings of the diffusion continual-learning experiment (science.md §3, "Diffusion models"): class-split tasks, the
/// DDPM, the training of task 1 and of the later tasks, replay, and the evaluation of energy and forgetting.
/// </summary>
public sealed record DiffusionContinualSettings
{
    /// <summary>The classes of each task, in training order (default five tasks of two classes).</summary>
    public int[][] Tasks { get; init; } = ClassSplit.FivePairs();

    /// <summary>Training images per class, at most (the first ones in data order).</summary>
    public int ImagesPerClass { get; init; } = 6000;

    /// <summary>The ε-prediction U-Net.</summary>
    public UNetArchitecture Architecture { get; init; } = new();

    /// <summary>The β schedule.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Linear;

    /// <summary>T, the number of diffusion steps.</summary>
    public int DiffusionSteps { get; init; } = 1000;

    /// <summary>
    /// Training of task 1 (steps, batch, Adam, EMA, checkpoint interval, threads, device). Its seed is ignored: every
    /// stage's trainer seed derives from the experiment seed and the stage. With an EMA, each stage starts from the
    /// previous stage's averaged weights and is evaluated with its own averaged weights.
    /// </summary>
    public TrainerSettings FirstTask { get; init; } = new() { Steps = 2000, CheckpointEvery = 250 };

    /// <summary>Fine-tuning steps on each later task (same batch, Adam and EMA as task 1; fresh Adam state per task).</summary>
    public int LaterTaskSteps { get; init; } = 120;

    /// <summary>Replay policies to compare; each fine-tunes its own copy of the same task-1 model.</summary>
    public ReplayPolicy[] Policies { get; init; } = [ReplayPolicy.None];

    /// <summary>K, the number of task-1 images in the replay buffer.</summary>
    public int Budget { get; init; } = 200;

    /// <summary>Fraction of each later-task minibatch drawn from the replay buffer.</summary>
    public double Ratio { get; init; } = 0.25;

    /// <summary>Experiment seeds: each trains its own task-1 model, shared by all the policies of that seed.</summary>
    public int[] Seeds { get; init; } = [0];

    /// <summary>Task-1 images (a seeded subset) whose energy and forgetting are measured.</summary>
    public int EvaluationSamples { get; init; } = 1000;

    /// <summary>Timesteps t at which the denoising error is measured; the energies use σ_t = √((1 − ᾱ_t)/ᾱ_t) of the same steps.</summary>
    public int[] Timesteps { get; init; } = [50, 100, 250, 500];

    /// <summary>The timestep (one of <see cref="Timesteps"/>) whose σ ranks samples for top-K / bottom-K replay and for the decile analysis.</summary>
    public int SelectionTimestep { get; init; } = 100;

    /// <summary>Bootstrap resamples of the Spearman interval.</summary>
    public int Resamples { get; init; } = 2000;

    /// <summary>Images per sample grid (drawn after task 1 and after every later task of every policy, first seed).</summary>
    public int GridSamples { get; init; } = 8;

    /// <summary>The sampler of the grids.</summary>
    public SamplerKind Sampler { get; init; } = SamplerKind.Ddim;

    /// <summary>DDIM steps of the grids.</summary>
    public int DdimSteps { get; init; } = 50;

    /// <summary>
    /// A run sized to finish in under 10 minutes on a quiet 2-core CPU and show the sign of ρ: two tasks (T-shirt/top,
    /// trouser → pullover, dress), 800 images per class, a 16-channel U-Net, 500 + 200 steps of 48 images, no replay.
    /// </summary>
    public static DiffusionContinualSettings Quick() => new()
    {
        Tasks = [[0, 1], [2, 3]],
        ImagesPerClass = 800,
        Architecture = new UNetArchitecture { BaseChannels = 16, ChannelMultipliers = [1, 2, 2], Groups = 8 },
        FirstTask = new TrainerSettings { Steps = 500, BatchSize = 48, LearningRate = 2e-3, CheckpointEvery = 100, LossEvery = 50 },
        LaterTaskSteps = 200,
        Policies = [ReplayPolicy.None],
        EvaluationSamples = 400,
        Resamples = 1000,
    };

    /// <summary>
    /// The protocol of science.md §3 sized for about 1 hour on a quiet 2-core CPU with one process per seed (`--only-seed`):
    /// five tasks of two classes (all 6 000 images per class), a 24-channel three-resolution U-Net (375 k parameters),
    /// task 1 for 1 000 steps of 128 images (shared by the policies of a seed), 50 steps per later task, the four replay
    /// policies at K = 200 and ratio 0.25, seeds 0–2: 3 × (1 000 + 16 × 50) steps, 691 k images. (Measured here: one
    /// libtorch thread trains this U-Net at 110–124 images/s, so the whole preset is about 1.6 hours of one core.)
    /// </summary>
    public static DiffusionContinualSettings Paper() => new()
    {
        Tasks = ClassSplit.FivePairs(),
        ImagesPerClass = 6000,
        Architecture = new UNetArchitecture { BaseChannels = 24, ChannelMultipliers = [1, 2, 2], Groups = 8 },
        FirstTask = new TrainerSettings { Steps = 1000, BatchSize = 128, LearningRate = 1e-3, CheckpointEvery = 100, LossEvery = 50 },
        LaterTaskSteps = 50,
        Policies = [ReplayPolicy.None, ReplayPolicy.TopK, ReplayPolicy.Random, ReplayPolicy.BottomK],
        Budget = 200,
        Ratio = 0.25,
        Seeds = [0, 1, 2],
        EvaluationSamples = 1000,
    };

    /// <summary>Checks every value against the data's <paramref name="classes"/>.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate(int classes)
    {
        ArgumentNullException.ThrowIfNull(Architecture);
        ArgumentNullException.ThrowIfNull(FirstTask);
        ClassSplit.Validate(Tasks, classes);
        Architecture.Validate();
        FirstTask.Validate();
        if (ImagesPerClass < 2) throw new ArgumentException($"images per class must be ≥ 2; got {ImagesPerClass}.", nameof(ImagesPerClass));
        if (DiffusionSteps < 2) throw new ArgumentException($"diffusion steps must be ≥ 2; got {DiffusionSteps}.", nameof(DiffusionSteps));
        if (LaterTaskSteps < 1) throw new ArgumentException($"later-task steps must be ≥ 1; got {LaterTaskSteps}.", nameof(LaterTaskSteps));
        if (Policies is null || Policies.Length == 0 || Policies.Distinct().Count() != Policies.Length) throw new ArgumentException("give one or more distinct replay policies.", nameof(Policies));
        if (Budget < 1) throw new ArgumentException($"the replay budget must be ≥ 1 image; got {Budget}.", nameof(Budget));
        if (!(Ratio >= 0 && Ratio <= 1)) throw new ArgumentException($"the replay ratio must lie in [0, 1]; got {Ratio}.", nameof(Ratio));
        if (Seeds is null || Seeds.Length == 0 || Seeds.Distinct().Count() != Seeds.Length) throw new ArgumentException("give one or more distinct seeds.", nameof(Seeds));
        if (EvaluationSamples < 10) throw new ArgumentException($"evaluation needs at least 10 task-1 images (deciles); got {EvaluationSamples}.", nameof(EvaluationSamples));
        if (Timesteps is null || Timesteps.Length == 0 || Timesteps.Any(t => t < 1 || t > DiffusionSteps) || Timesteps.Distinct().Count() != Timesteps.Length)
            throw new ArgumentException($"the evaluation timesteps must be distinct and lie in 1…{DiffusionSteps}.", nameof(Timesteps));
        if (!Timesteps.Contains(SelectionTimestep)) throw new ArgumentException($"the selection timestep {SelectionTimestep} must be one of the evaluation timesteps ({string.Join(", ", Timesteps)}).", nameof(SelectionTimestep));
        if (Resamples < 100) throw new ArgumentException($"the bootstrap needs at least 100 resamples; got {Resamples}.", nameof(Resamples));
        if (GridSamples < 1) throw new ArgumentException($"grid samples must be ≥ 1; got {GridSamples}.", nameof(GridSamples));
        if (DdimSteps < 1 || DdimSteps > DiffusionSteps) throw new ArgumentException($"DDIM steps must lie in 1…{DiffusionSteps}; got {DdimSteps}.", nameof(DdimSteps));
    }

    /// <summary>The trainer of stage <paramref name="task"/> (1-based) for experiment seed <paramref name="seed"/>.</summary>
    public TrainerSettings Stage(int seed, int task) => FirstTask with
    {
        Steps = task == 1 ? FirstTask.Steps : LaterTaskSteps,
        Seed = Numerics.Seeding.Derive(seed, task),
    };
}
