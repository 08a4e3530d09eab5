using System.Globalization;
using System.Text.Json;
using Engram.Generative;
using Engram.Training;
using static TorchSharp.torch;

namespace Engram.Bench.Generative;

/// <summary>
/// VAE training throughput (images/s) of Engram's trainer against the same model and batch in PyTorch. The two
/// alternate round by round, so that both see the same share of a shared machine's load; the best round counts.
/// </summary>
public sealed class VaeBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "vae";

    /// <inheritdoc/>
    public string Description => "VAE training throughput (784-256-8 MLP, batch 128) vs PyTorch, same run; args: STEPS ROUNDS THREADS,…";

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        int[] threadCounts = (args.Length > 2 ? args[2] : "1").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        const int batch = 128, hidden = 256, latent = 8, samples = 6000;
        Console.WriteLine($"vae: MLP 784-{hidden}-{latent}, Bernoulli, batch {batch}, Adam; {steps} timed steps after 20 warm-up steps; {rounds} alternating rounds; {Environment.ProcessorCount} cores");
        var random = new Random(0);
        float[] pixels = Enumerable.Range(0, samples * 784).Select(_ => (float)random.NextDouble()).ToArray();
        using Tensor data = tensor(pixels, [samples, 784]);
        var best = new Dictionary<(string, int), double>();
        foreach (int threads in threadCounts)
            for (int round = 0; round < rounds; round++)
            {
                using var vae = new VariationalAutoencoder(new VaeArchitecture { Hidden = hidden, Latent = latent }, 0);
                var settings = new TrainerSettings { Steps = 20, BatchSize = batch, Threads = threads };
                TorchTrainer.Train(vae, data, settings);                                         // warm-up
                double engram = TorchTrainer.Train(vae, data, settings with { Steps = steps, Seed = 1 }).SamplesPerSecond;
                string output = Reference.RunPython("vae_torch.py", steps.ToString(CultureInfo.InvariantCulture), batch.ToString(CultureInfo.InvariantCulture),
                    hidden.ToString(CultureInfo.InvariantCulture), latent.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture));
                double torch = JsonSerializer.Deserialize<Dictionary<string, double>>(output)![threads.ToString(CultureInfo.InvariantCulture)];
                Console.WriteLine($"  {threads} thread(s), round {round + 1}: Engram {engram,8:F0} images/s   PyTorch {torch,8:F0} images/s   ratio {engram / torch:F2}×");
                best[("engram", threads)] = Math.Max(best.GetValueOrDefault(("engram", threads)), engram);
                best[("torch", threads)] = Math.Max(best.GetValueOrDefault(("torch", threads)), torch);
            }
        double bestEngram = threadCounts.Max(t => best[("engram", t)]), bestTorch = threadCounts.Max(t => best[("torch", t)]);
        Console.WriteLine($"best: Engram {bestEngram:F0} images/s, PyTorch {bestTorch:F0} images/s; ratio Engram / PyTorch = {bestEngram / bestTorch:F2}×");
        Console.WriteLine($"peak memory (Engram process): {Reference.PeakMemoryMiB():F0} MiB");
        return 0;
    }
}
