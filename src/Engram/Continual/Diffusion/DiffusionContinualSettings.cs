using Engram.Training;
using Engram.Generative;

namespace Engram.Continual.Diffusion;

/// <summary>
/// Settings of the diffusion continual-learning experiment (docs/science.md §3, "Diffusion models"): class-split tasks, the
/// DDPM, the training of task 1 and of the later tasks, replay, and the evaluation of energy and forgetting.
/// </summary>
public sealed record DiffusionContinualSettings
{
    /// <summary>The classes of each task, in training order (default five tasks of two classes).</summary>
    public int[][] Tasks { get; init; } = ClassSplit.FivePairs();

    /// <summary>Training images per class, at most (the first ones in data order).</summary>
    public int ImagesPerClass { get; init; } = 6000;

    /// <summary>
    /// Latent diffusion: the autoencoder whose codes the DDPM learns (Rombach et al. 2022); null (default) for diffusion
    /// in pixel space.
    /// </summary>
    public LatentSpaceSettings? Latent { get; init; }

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

    /// <summary>
    /// Split the budget evenly over the task-1 classes, each class's share chosen by the policy within the class
    /// (default); false: the policy ranks the whole replay pool (<see cref="ReplayBuffer"/>).
    /// </summary>
    public bool StratifiedReplay { get; init; } = true;

    /// <summary>Fraction of each later-task minibatch drawn from the replay buffer.</summary>
    public double Ratio { get; init; } = 0.25;

    /// <summary>Experiment seeds: each trains its own task-1 model, shared by all the policies of that seed.</summary>
    public int[] Seeds { get; init; } = [0];

    /// <summary>
    /// Task-1 images held out (a seeded subset): their energy and forgetting are measured, and they never enter a replay
    /// buffer, which is drawn from the rest of task 1 (the replay pool).
    /// </summary>
    public int EvaluationSamples { get; init; } = 1000;

    /// <summary>Timesteps t at which the denoising error is measured; the energies use σ_t = √((1 − ᾱ_t)/ᾱ_t) of the same steps.</summary>
    public int[] Timesteps { get; init; } = [50, 100, 250, 500];

    /// <summary>
    /// K, the noise draws per (image, t) whose denoising errors are averaged (the same draws for every model): one draw
    /// leaves an image's error noisy, and its increase biased towards 0 where the draw was hard (regression to the mean).
    /// </summary>
    public int NoiseDraws { get; init; } = 8;

    /// <summary>Noise draws per image (the first of the <see cref="NoiseDraws"/>) of the reconstruction score, at the selection timestep.</summary>
    public int ReconstructionDraws { get; init; } = 2;

    /// <summary>DDIM steps from the selection timestep back to 0 of the reconstruction score.</summary>
    public int ReconstructionSteps { get; init; } = 10;

    /// <summary>The timestep (one of <see cref="Timesteps"/>) whose σ ranks samples for top-K / bottom-K replay and for the decile analysis.</summary>
    public int SelectionTimestep { get; init; } = 100;

    /// <summary>Bootstrap resamples of the Spearman interval.</summary>
    public int Resamples { get; init; } = 2000;

    /// <summary>
    /// Samples (DDIM) of each seed's task-1 model compared with the task-1 images to tell its regime (<see cref="Memorisation"/>);
    /// 0 skips it.
    /// </summary>
    public int MemorisationSamples { get; init; } = 64;

    /// <summary>Images per sample grid (drawn after task 1 and after every later task of every policy, first seed).</summary>
    public int GridSamples { get; init; } = 8;

    /// <summary>The sampler of the grids.</summary>
    public DdpmSampler Sampler { get; init; } = DdpmSampler.Ddim;

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
    /// Towards the memorisation regime, where the Hopfield energy ↔ optimal-denoiser link holds: the <see cref="Quick"/>
    /// tasks and U-Net with 25 images per class, trained for 8 000 steps of 64 images (10 240 passes over task 1's 50
    /// images), 400 steps per later task; every task-1 image is evaluated (none is replayed). Whether the model did
    /// memorise is measured, not assumed (<see cref="MemorisationSamples"/>); measured in latent space: samples at 0.47 ×
    /// the training images' own nearest-neighbour distance, against 1.13 × with 100 images per class and 4 000 steps.
    /// </summary>
    public static DiffusionContinualSettings Memorise() => Quick() with
    {
        ImagesPerClass = 25,
        FirstTask = new TrainerSettings { Steps = 8000, BatchSize = 64, LearningRate = 2e-3, CheckpointEvery = 250, LossEvery = 100 },
        LaterTaskSteps = 400,
        EvaluationSamples = 50,
    };

    /// <summary>
    /// The protocol of docs/science.md §3 sized for about 1 hour on a quiet 2-core CPU with one process per seed (`--only-seed`):
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
        Latent?.Validate();
        if (ImagesPerClass < 2) throw new ArgumentException($"images per class must be ≥ 2; got {ImagesPerClass}.", nameof(ImagesPerClass));
        if (DiffusionSteps < 2) throw new ArgumentException($"diffusion steps must be ≥ 2; got {DiffusionSteps}.", nameof(DiffusionSteps));
        if (MemorisationSamples < 0) throw new ArgumentException($"memorisation samples must be ≥ 0; got {MemorisationSamples}.", nameof(MemorisationSamples));
        if (LaterTaskSteps < 1) throw new ArgumentException($"later-task steps must be ≥ 1; got {LaterTaskSteps}.", nameof(LaterTaskSteps));
        if (Policies is null || Policies.Length == 0 || Policies.Distinct().Count() != Policies.Length) throw new ArgumentException("give one or more distinct replay policies.", nameof(Policies));
        if (Budget < 1) throw new ArgumentException($"the replay budget must be ≥ 1 image; got {Budget}.", nameof(Budget));
        if (!(Ratio >= 0 && Ratio <= 1)) throw new ArgumentException($"the replay ratio must lie in [0, 1]; got {Ratio}.", nameof(Ratio));
        if (Seeds is null || Seeds.Length == 0 || Seeds.Distinct().Count() != Seeds.Length) throw new ArgumentException("give one or more distinct seeds.", nameof(Seeds));
        if (EvaluationSamples < 10) throw new ArgumentException($"evaluation needs at least 10 task-1 images (deciles); got {EvaluationSamples}.", nameof(EvaluationSamples));
        if (Timesteps is null || Timesteps.Length == 0 || Timesteps.Any(t => t < 1 || t > DiffusionSteps) || Timesteps.Distinct().Count() != Timesteps.Length)
            throw new ArgumentException($"the evaluation timesteps must be distinct and lie in 1…{DiffusionSteps}.", nameof(Timesteps));
        if (!Timesteps.Contains(SelectionTimestep)) throw new ArgumentException($"the selection timestep {SelectionTimestep} must be one of the evaluation timesteps ({string.Join(", ", Timesteps)}).", nameof(SelectionTimestep));
        if (NoiseDraws < 1) throw new ArgumentException($"the noise draws must be ≥ 1; got {NoiseDraws}.", nameof(NoiseDraws));
        if (ReconstructionDraws < 1 || ReconstructionDraws > NoiseDraws)
            throw new ArgumentException($"the reconstruction draws must lie in 1…{NoiseDraws} (the noise draws); got {ReconstructionDraws}.", nameof(ReconstructionDraws));
        if (ReconstructionSteps < 1 || ReconstructionSteps > SelectionTimestep)
            throw new ArgumentException($"the reconstruction's DDIM steps must lie in 1…{SelectionTimestep} (the selection timestep); got {ReconstructionSteps}.", nameof(ReconstructionSteps));
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
