using Engram.Data;
using Engram.Numerics;
using Engram.Training;
using static TorchSharp.torch;
using Engram.Generative;

namespace Engram.Continual.Diffusion;

/// <summary>One training stage of the experiment: a seed, a policy (none for task 1) and a task.</summary>
/// <param name="Seed">Experiment seed.</param>
/// <param name="Policy">Replay policy; null for task 1, which every policy shares.</param>
/// <param name="Task">Task number, 1-based.</param>
/// <param name="Steps">Adam steps of the stage.</param>
/// <param name="ResumedFrom">The step this run resumed the stage from (equal to <paramref name="Steps"/> when it was already done).</param>
/// <param name="Seconds">Wall time of this run's steps.</param>
/// <param name="ImagesPerSecond">Training throughput of this run's steps (0 when none were left).</param>
/// <param name="LossCurve">Mean training loss over windows of the trainer's loss interval.</param>
public sealed record DiffusionStage(int Seed, ReplayPolicy? Policy, int Task, int Steps, int ResumedFrom, double Seconds, double ImagesPerSecond, double[] LossCurve);

/// <summary>Result of <see cref="DiffusionContinualTraining.Train"/>.</summary>
public sealed record DiffusionTrainingResult
{
    /// <summary>What produced it.</summary>
    public required DiffusionContinualSettings Settings { get; init; }

    /// <summary>The model kind written in the checkpoints.</summary>
    public required string Kind { get; init; }

    /// <summary>Trained parameters of the U-Net.</summary>
    public required long Parameters { get; init; }

    /// <summary>Training images of each task.</summary>
    public required int[] TaskSizes { get; init; }

    /// <summary>Every stage, in training order.</summary>
    public required DiffusionStage[] Stages { get; init; }

    /// <summary>The space the diffusion ran in.</summary>
    public string Space { get; init; } = "";

    /// <summary>The autoencoder of a latent run (trained before task 1); null in pixel space.</summary>
    public LatentAutoencoderSummary? Autoencoder { get; init; }
}

/// <summary>
/// Sequential training of the diffusion continual-learning experiment (docs/science.md §3): for each seed, a DDPM learns
/// task 1; then, for each replay policy, a copy of that model is fine-tuned on tasks 2…K in turn, with the policy's
/// task-1 buffer mixed into every minibatch. Each stage is one <see cref="TorchTrainer"/> run with its own checkpoint
/// in the run folder, so a killed run resumes in the stage it was in, bit for bit, and finished stages are not redone.
/// </summary>
public static class DiffusionContinualTraining
{
    /// <summary>
    /// Trains (or resumes) every stage of the experiment in <paramref name="folder"/>. <paramref name="space"/> is
    /// where the diffusion runs (pixels when null). With <paramref name="onlySeed"/>, only that seed's stages are
    /// trained: the seeds of one run folder write disjoint checkpoints, so one process per seed may train them at the
    /// same time (libtorch is fastest with one thread at these sizes, so this is how a multi-core machine is used).
    /// With <see cref="DiffusionContinualSettings.Latent"/> and no <paramref name="space"/>, the run's autoencoder is
    /// trained first (<see cref="LatentSpace.Prepare"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid settings, a bad split, or a budget larger than task 1.</exception>
    /// <exception cref="InvalidDataException">A checkpoint in the folder is corrupt, newer, or of another model or settings.</exception>
    public static DiffusionTrainingResult Train(ImageSet data, DiffusionContinualSettings settings, string folder, IDiffusionSpace? space = null,
        IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default, int? onlySeed = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (onlySeed is { } only && !settings.Seeds.Contains(only))
            throw new ArgumentException($"seed {only} is not one of the run's seeds ({string.Join(", ", settings.Seeds)}).", nameof(onlySeed));
        using LatentSpace? latent = space is null && settings.Latent is not null ? LatentSpace.Prepare(data, settings, folder, train: true, progress, cancellation) : null;
        using var run = new DiffusionRun(data, settings, space ?? latent, folder);
        var s = run.Settings;
        int[] seeds = onlySeed is { } one ? [one] : s.Seeds;
        int later = s.Tasks.Length - 1;
        long total = seeds.Length * ((long)s.FirstTask.Steps + s.Policies.Length * later * (long)s.LaterTaskSteps);
        long finished = 0;
        var stages = new List<DiffusionStage>();
        string kind = "";
        long parameters = 0;
        foreach (int seed in seeds)
        {
            using Ddpm model = run.NewModel(seed);
            kind = model.Kind;
            parameters = model.ParameterCount;
            stages.Add(Stage(model, run.Tasks[0], s.Stage(seed, 1), run.Checkpoint(seed, null, 1), seed, null, 1, ref finished, total, progress, cancellation));
            double[]? energies = null;
            double[] AllEnergies() => energies ??= KernelHopfieldEnergy.LeaveOneOut(run.FirstTaskRows(), run.Indices[0].Length, run.Dimension,
                Enumerable.Range(0, run.Indices[0].Length).ToArray(), [run.SelectionSigma])[0];
            foreach (ReplayPolicy policy in s.Policies)
            {
                using Ddpm copy = run.NewModel(seed);
                TrainingCheckpoint.LoadWeights(run.Checkpoint(seed, null, 1), copy, averaged: s.FirstTask.EmaDecay is not null);
                int[] replay = run.ReplayPositions(seed, policy, AllEnergies);
                using Tensor buffer = run.Tasks[0].index_select(0, tensor(replay.Select(i => (long)i).ToArray())).to(device(s.FirstTask.Device));
                ITrainable trainable = policy == ReplayPolicy.None ? copy : new ReplayMixing(copy, buffer, s.Ratio);
                for (int task = 2; task <= s.Tasks.Length; task++)
                    stages.Add(Stage(trainable, run.Tasks[task - 1], s.Stage(seed, task), run.Checkpoint(seed, policy, task), seed, policy, task, ref finished, total, progress, cancellation));
            }
        }
        return new DiffusionTrainingResult
        {
            Settings = s,
            Kind = kind,
            Parameters = parameters,
            TaskSizes = run.Indices.Select(ix => ix.Length).ToArray(),
            Stages = stages.ToArray(),
            Space = run.Space.Name,
            Autoencoder = latent?.Summary,
        };
    }

    /// <summary>Checks <paramref name="settings"/> against <paramref name="data"/> (split, classes, replay budget) without training.</summary>
    /// <exception cref="ArgumentException">Invalid settings, a bad split, or a budget larger than task 1.</exception>
    public static void Validate(ImageSet data, DiffusionContinualSettings settings)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        DiffusionRun.TaskIndices(data, settings);
    }

    static DiffusionStage Stage(ITrainable model, Tensor data, TrainerSettings trainer, string checkpoint, int seed, ReplayPolicy? policy, int task,
        ref long finished, long total, IProgress<WorkProgress>? progress, CancellationToken cancellation)
    {
        string label = policy is { } p ? $"seed {seed} {p.ToString().ToLowerInvariant()} task {task}" : $"seed {seed} task 1";
        long before = finished;
        var relay = progress is null ? null : new StageProgress(progress, label, before, total);
        TrainingHistory history = TorchTrainer.Train(model, data, trainer, checkpoint, relay, cancellation);
        finished += trainer.Steps;
        return new DiffusionStage(seed, policy, task, trainer.Steps, history.ResumedFrom, history.Seconds, history.SamplesPerSecond, history.WindowedLosses(trainer.LossEvery));
    }

    /// <summary>Passes a stage's progress on under the stage's name, and the whole experiment's progress as "all stages".</summary>
    sealed class StageProgress(IProgress<WorkProgress> inner, string label, long before, long total) : IProgress<WorkProgress>
    {
        public void Report(WorkProgress value)
        {
            inner.Report(value with { Task = label });
            inner.Report(new WorkProgress("all stages", before + value.Done, total, value.Detail));
        }
    }
}
