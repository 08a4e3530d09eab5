using System.Globalization;
using System.Text.Json;
using Engram.Generative;
using Engram.Training;
using static TorchSharp.torch;

namespace Engram.Bench.Generative;

/// <summary>VAE training throughput (images/s) of Engram's trainer against the same model and batch in PyTorch.</summary>
public sealed class VaeBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "vae";

    /// <inheritdoc/>
    public string Description => "VAE training throughput (784-256-8 MLP, batch 128) vs PyTorch, same run";

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        const int batch = 128, hidden = 256, latent = 8, samples = 6000;
        int[] threadCounts = [1, 2];
        Console.WriteLine($"vae: MLP 784-{hidden}-{latent}, Bernoulli, batch {batch}, Adam; {steps} timed steps after 20 warm-up steps; {Environment.ProcessorCount} cores");
        var engram = new Dictionary<int, double>();
        var random = new Random(0);
        float[] pixels = Enumerable.Range(0, samples * 784).Select(_ => (float)random.NextDouble()).ToArray();
        using Tensor data = tensor(pixels, [samples, 784]);
        foreach (int threads in threadCounts)
        {
            using var vae = new VariationalAutoencoder(new VaeArchitecture { Hidden = hidden, Latent = latent }, 0);
            var settings = new TrainerSettings { Steps = 20, BatchSize = batch, Threads = threads };
            TorchTrainer.Train(vae, data, settings);                                         // warm-up
            TrainingHistory timed = TorchTrainer.Train(vae, data, settings with { Steps = steps, Seed = 1 });
            engram[threads] = timed.SamplesPerSecond;
        }
        string output = Reference.RunPython("vae_torch.py", steps.ToString(CultureInfo.InvariantCulture), batch.ToString(CultureInfo.InvariantCulture),
            hidden.ToString(CultureInfo.InvariantCulture), latent.ToString(CultureInfo.InvariantCulture), string.Join(',', threadCounts));
        var torchResult = JsonSerializer.Deserialize<Dictionary<string, double>>(output)!;
        foreach (int threads in threadCounts)
            Console.WriteLine($"  {threads} thread(s): Engram {engram[threads],8:F0} images/s   PyTorch {torchResult[threads.ToString(CultureInfo.InvariantCulture)],8:F0} images/s");
        double bestEngram = engram.Values.Max(), bestTorch = torchResult.Values.Max();
        Console.WriteLine($"best: Engram {bestEngram:F0} images/s, PyTorch {bestTorch:F0} images/s; ratio Engram / PyTorch = {bestEngram / bestTorch:F2}×");
        Console.WriteLine($"peak memory (Engram process): {Reference.PeakMemoryMiB():F0} MiB");
        return 0;
    }
}
