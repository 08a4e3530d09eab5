using System.Globalization;
using System.Text.Json;
using Engram.Continual.Diffusion;
using Engram.Training;
using static TorchSharp.torch;
using Engram.Generative;

namespace Engram.Bench.Generative;

/// <summary>DDPM training throughput (images/s) and peak memory of Engram's U-Net and trainer against the same U-Net and batch in PyTorch.</summary>
public sealed class DdpmBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "ddpm";

    /// <inheritdoc/>
    public string Description => "DDPM U-Net training throughput and peak memory (28 × 28, c24 ×1-2-2, batch 128) vs PyTorch, same run; args: [steps] [channels] [batch]";

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
        int channels = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 24;
        int batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 128;
        const int samples = 2000;
        int[] threadCounts = [1, 2];
        var architecture = new UNetArchitecture { BaseChannels = channels };
        var schedule = new NoiseSchedule(ScheduleKind.Linear);
        var random = new Random(0);
        float[] pixels = Enumerable.Range(0, samples * 784).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        using Tensor data = tensor(pixels, [samples, 1, 28, 28]);
        long parameters;
        using (var probe = new Ddpm(architecture, schedule, 0)) parameters = probe.ParameterCount;
        Console.WriteLine($"ddpm: U-Net {architecture.Kind}, {parameters:N0} parameters, batch {batch}, Adam; {steps} timed steps after 5 warm-up steps; {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var engram = new Dictionary<int, double>();
        foreach (int threads in threadCounts)
        {
            using var model = new Ddpm(architecture, schedule, 0);
            var settings = new TrainerSettings { Steps = 5, BatchSize = batch, Threads = threads };
            TorchTrainer.Train(model, data, settings);                                         // warm-up
            engram[threads] = TorchTrainer.Train(model, data, settings with { Steps = steps, Seed = 1 }).SamplesPerSecond;
        }
        double engramPeak = Reference.PeakMemoryMiB();
        string output = Reference.RunPython("ddpm_torch.py", steps.ToString(CultureInfo.InvariantCulture), batch.ToString(CultureInfo.InvariantCulture),
            channels.ToString(CultureInfo.InvariantCulture), string.Join(',', threadCounts));
        var torchResult = JsonSerializer.Deserialize<Dictionary<string, double>>(output)!;
        foreach (int threads in threadCounts)
            Console.WriteLine($"  {threads} thread(s): Engram {engram[threads],8:F0} images/s   PyTorch {torchResult[threads.ToString(CultureInfo.InvariantCulture)],8:F0} images/s");
        double bestEngram = engram.Values.Max(), bestTorch = threadCounts.Max(t => torchResult[t.ToString(CultureInfo.InvariantCulture)]);
        Console.WriteLine($"PyTorch U-Net: {torchResult["parameters"]:N0} parameters (same architecture)");
        Console.WriteLine($"best: Engram {bestEngram:F0} images/s, PyTorch {bestTorch:F0} images/s; ratio Engram / PyTorch = {bestEngram / bestTorch:F2}×");
        Console.WriteLine($"peak resident memory: Engram process {engramPeak:F0} MiB, PyTorch process {torchResult["peak_mib"]:F0} MiB; load average now {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return 0;
    }
}
