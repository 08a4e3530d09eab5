using Engram.Data;
using Engram.Numerics;
using Engram.Training;
using static TorchSharp.torch;

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
        if (settings.Budget > indices[0].Length && settings.Policies.Any(p => p != ReplayPolicy.None))
            throw new ArgumentException($"the replay budget ({settings.Budget}) is larger than task 1 ({indices[0].Length} images); choose a budget ≤ {indices[0].Length}.", nameof(settings));
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

    /// <summary>Each task's images in the diffusion space, [N_k, C, H, W] on the CPU.</summary>
    public Tensor[] Tasks { get; }

    public Ddpm NewModel(int seed) => new(Settings.Architecture, Schedule, Seeding.Derive(seed, 0), Settings.FirstTask.Device);

    public string Checkpoint(int seed, ReplayPolicy? policy, int task) => policy is { } p
        ? Path.Combine(Folder, $"seed-{seed}", p.ToString().ToLowerInvariant(), $"task-{task}.ckpt")
        : Path.Combine(Folder, $"seed-{seed}", "task-1.ckpt");

    /// <summary>Task 1 as float rows N × D (the stored patterns of the energy).</summary>
    public float[] FirstTaskRows() => Tasks[0].contiguous().data<float>().ToArray();

    public int Dimension => (int)(Tasks[0].numel() / Tasks[0].shape[0]);

    /// <summary>The fixed, seeded subset of task-1 positions that is evaluated.</summary>
    public int[] EvaluationPositions(int seed)
    {
        int n = Indices[0].Length;
        var random = Seeding.Create(Seeding.Derive(seed, 10_001));
        int[] order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        return order.Take(Math.Min(n, Settings.EvaluationSamples)).Order().ToArray();
    }

    /// <summary>
    /// Positions in task 1 of the replay buffer of <paramref name="policy"/>: the K of highest or lowest leave-one-out
    /// energy at the selection σ (ties by position), or K drawn at random from (seed, 10 002).
    /// </summary>
    public int[] ReplayPositions(int seed, ReplayPolicy policy, Func<double[]> allEnergies)
    {
        int n = Indices[0].Length, k = Settings.Budget;
        switch (policy)
        {
            case ReplayPolicy.None:
                return [];
            case ReplayPolicy.Random:
                int[] order = Enumerable.Range(0, n).ToArray();
                Seeding.Create(Seeding.Derive(seed, 10_002)).Shuffle(order);
                return order.Take(k).Order().ToArray();
            default:
                double[] energy = allEnergies();
                var ranked = Enumerable.Range(0, n).OrderBy(i => policy == ReplayPolicy.TopK ? -energy[i] : energy[i]).ThenBy(i => i);
                return ranked.Take(k).Order().ToArray();
        }
    }

    public double SelectionSigma => Schedule.DataScaleSigma(Settings.SelectionTimestep);

    public void Dispose()
    {
        foreach (Tensor t in Tasks) t.Dispose();
    }
}
