using Engram.Data;
using Engram.Numerics;
using Engram.Training;
using static TorchSharp.torch;
using Engram.Generative;

namespace Engram.Continual.Diffusion;

/// <summary>
/// What the training and the evaluation of one experiment share: the task data encoded in the diffusion space, the
/// model factory, the replay selection and the checkpoint layout of the run folder
/// (<c>seed-S/task-1.ckpt</c>, <c>seed-S/POLICY/task-K.ckpt</c>).
/// </summary>
internal sealed class DiffusionRun : IDisposable
{
    public DiffusionRun(ImageSet data, DiffusionContinualSettings settings, IDiffusionSpace? space, string folder)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Space = space ?? new PixelSpace(data.Height, data.Width);
        ImageHeight = data.Height;
        ImageWidth = data.Width;
        var shape = Space.Shape;
        settings = settings with { Architecture = settings.Architecture with { InputChannels = shape.Channels, Height = shape.Height, Width = shape.Width } };
        Settings = settings;
        Schedule = new NoiseSchedule(settings.Schedule, settings.DiffusionSteps);
        Folder = folder;
        Indices = TaskIndices(data, settings);
        FirstTaskClasses = Indices[0].Select(i => data.Labels[i]).ToArray();
        FirstTaskInk = Indices[0].Select(i => (double)Ink(data.Pixels.AsSpan(i * data.PixelsPerImage, data.PixelsPerImage))).ToArray();
        Tasks = Indices.Select(ix =>
        {
            ImageSet task = data.Select(ix);
            using Tensor pixels = tensor(task.Pixels, [task.Count, task.PixelsPerImage]);
            return Space.Encode(pixels);
        }).ToArray();
    }

    /// <summary>Checks the settings against the data (split, classes, budget) and returns each task's data indices.</summary>
    public static int[][] TaskIndices(ImageSet data, DiffusionContinualSettings settings)
    {
        if (data.Count == 0) throw new ArgumentException("the data set holds no images.", nameof(data));
        settings.Validate(data.Labels.Max() + 1);
        int[][] indices = ClassSplit.Indices(data.Labels, settings.Tasks, settings.ImagesPerClass);
        if (settings.Policies.Any(p => p != ReplayPolicy.None))
        {
            // One refusal that names both limits, so that following its advice cannot meet the other one next.
            int task1 = indices[0].Length, heldOut = HeldOutCount(task1, settings), pool = task1 - heldOut;
            if (pool == 0)
                throw new ArgumentException($"no task-1 image is left to replay: all {task1} are held out for evaluation (--eval-images {settings.EvaluationSamples}); " +
                    $"give --eval-images below {task1}, and a replay budget no larger than the images that leaves.", nameof(settings));
            if (settings.Budget > task1)
                throw new ArgumentException($"the replay budget ({settings.Budget}) is larger than task 1 ({task1} images), of which {pool} may be replayed " +
                    $"({heldOut} are held out for evaluation); choose a budget ≤ {pool}.", nameof(settings));
            int[] classes = [.. indices[0].Select(i => data.Labels[i])];
            foreach (int seed in settings.Seeds)   // every seed's pool can hold the budget (random-K checks the shares without energies)
                ReplayBuffer.Select(ReplayPolicy.Random, settings.Budget, Pool(task1, settings, seed), classes, () => [], settings.StratifiedReplay, seed);
        }
        return indices;
    }

    public DiffusionContinualSettings Settings { get; }

    public IDiffusionSpace Space { get; }

    public int ImageHeight { get; }

    public int ImageWidth { get; }

    public NoiseSchedule Schedule { get; }

    public string Folder { get; }

    /// <summary>Data indices of each task's images.</summary>
    public int[][] Indices { get; }

    /// <summary>Class label of each task-1 image.</summary>
    public int[] FirstTaskClasses { get; }

    /// <summary>Ink of each task-1 image: its number of non-background (non-zero) pixels, a confounder of the energy.</summary>
    public double[] FirstTaskInk { get; }

    static int Ink(ReadOnlySpan<float> pixels)
    {
        int count = 0;
        foreach (float v in pixels) if (v > 0) count++;
        return count;
    }

    /// <summary>Each task's images in the diffusion space, [N_k, C, H, W] on the CPU.</summary>
    public Tensor[] Tasks { get; }

    public Ddpm NewModel(int seed) => new(Settings.Architecture, Schedule, Seeding.Derive(seed, 0), Settings.FirstTask.Device);

    public string Checkpoint(int seed, ReplayPolicy? policy, int task) => policy is { } p
        ? Path.Combine(Folder, $"seed-{seed}", p.ToString().ToLowerInvariant(), $"task-{task}.ckpt")
        : Path.Combine(Folder, $"seed-{seed}", "task-1.ckpt");

    /// <summary>Task 1 as float rows N × D (the stored patterns of the energy).</summary>
    public float[] FirstTaskRows() => Tasks[0].contiguous().data<float>().ToArray();

    public int Dimension => (int)(Tasks[0].numel() / Tasks[0].shape[0]);

    /// <summary>The held-out task-1 positions of <paramref name="seed"/>: evaluated, and never in a replay buffer.</summary>
    public int[] EvaluationPositions(int seed) => HeldOut(Indices[0].Length, Settings, seed);

    /// <summary>A fixed, seeded subset of <see cref="DiffusionContinualSettings.EvaluationSamples"/> of the n task-1 positions (all of them when n is smaller).</summary>
    static int[] HeldOut(int n, DiffusionContinualSettings settings, int seed)
    {
        var random = Seeding.Create(Seeding.Derive(seed, 10_001));
        int[] order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        return order.Take(HeldOutCount(n, settings)).Order().ToArray();
    }

    /// <summary>How many of the n task-1 images are held out for evaluation.</summary>
    static int HeldOutCount(int n, DiffusionContinualSettings settings) => Math.Min(n, settings.EvaluationSamples);

    /// <summary>The replay pool: the task-1 positions that are not held out.</summary>
    static int[] Pool(int n, DiffusionContinualSettings settings, int seed) => [.. Enumerable.Range(0, n).Except(HeldOut(n, settings, seed))];

    /// <summary>
    /// Positions in task 1 of the replay buffer of <paramref name="policy"/>, drawn from the replay pool by
    /// <see cref="ReplayBuffer.Select"/> (energies: leave-one-out at the selection σ over all of task 1).
    /// </summary>
    public int[] ReplayPositions(int seed, ReplayPolicy policy, Func<double[]> allEnergies) =>
        ReplayBuffer.Select(policy, Settings.Budget, Pool(Indices[0].Length, Settings, seed), FirstTaskClasses, allEnergies, Settings.StratifiedReplay, seed);

    public double SelectionSigma => Schedule.DataScaleSigma(Settings.SelectionTimestep);

    public void Dispose()
    {
        foreach (Tensor t in Tasks) t.Dispose();
    }
}
