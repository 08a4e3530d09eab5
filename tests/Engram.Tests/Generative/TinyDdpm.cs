using Engram.Continual.Diffusion;
using Engram.Training;
using static TorchSharp.torch;
using Engram.Generative;

namespace Engram.Tests.Generative;

/// <summary>A few-channel DDPM on 8 × 8 inputs and seeded random data, small enough for the default test run.</summary>
internal static class TinyDdpm
{
    public static UNetArchitecture Architecture(int channels = 8, int[]? multipliers = null, bool attention = false) => new()
    {
        BaseChannels = channels, ChannelMultipliers = multipliers ?? [1, 2, 2], Groups = 4, Attention = attention, Height = 8, Width = 8,
    };

    public static Ddpm Model(int seed = 1, ScheduleKind schedule = ScheduleKind.Linear) => new(Architecture(), new NoiseSchedule(schedule, 100), seed);

    public static Tensor Data(int count = 40, int seed = 5)
    {
        using var generator = new Generator((ulong)seed, CPU);
        return rand([count, 1, 8, 8], generator: generator) * 2 - 1;
    }

    public static TrainerSettings Trainer(int steps, int seed = 0) => new() { Steps = steps, BatchSize = 8, LearningRate = 2e-3, CheckpointEvery = 4, LossEvery = 2, Seed = seed };

    public static float[] Weights(Ddpm model) =>
        model.Network.parameters().SelectMany(p => p.detach().cpu().contiguous().data<float>().ToArray()).ToArray();
}
