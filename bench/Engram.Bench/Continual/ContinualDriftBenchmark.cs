using System.Diagnostics;
using System.Text.Json;
using Engram.Continual;
using TorchSharp;
using static TorchSharp.torch;
using Engram.Numerics;

namespace Engram.Bench.Continual;

/// <summary>
/// The drift experiment of docs/science.md §3 (200 draws at ε = 0.05 and at ε = 0.02) in Engram and in numpy/scipy
/// (reference/continual_drift.py), in the same run; prints both timings, the ratio and both sets of numbers.
/// Also measures how close TorchSharp's float64 matrix_exp comes to Engram's Padé exponential.
/// </summary>
public sealed class ContinualDriftBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "continual-drift";

    /// <inheritdoc/>
    public string Description => "drift experiment (200 draws, ε = 0.05 and 0.02): Engram vs numpy/scipy";

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        int draws = args.Length > 0 ? int.Parse(args[0]) : 200;
        int repeats = args.Length > 1 ? int.Parse(args[1]) : 3;
        double[] epsilons = [0.05, 0.02];
        Console.WriteLine($"continual-drift: {draws} draws at ε = 0.05 and 0.02, seed 0; {Environment.ProcessorCount} cores; best of {repeats}");

        DriftExperiment.Run(new DriftExperimentSettings { Draws = 8 }); // JIT warm-up
        var engram = new List<(double Wall, double Cpu)>();
        var results = new DriftExperimentResult[epsilons.Length];
        for (int rep = 0; rep < repeats; rep++)
        {
            var process = Process.GetCurrentProcess();
            TimeSpan cpu0 = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (int e = 0; e < epsilons.Length; e++)
                results[e] = DriftExperiment.Run(new DriftExperimentSettings { Epsilon = epsilons[e], Draws = draws, Seed = 0 });
            process.Refresh();
            engram.Add((watch.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu0).TotalSeconds));
        }

        JsonElement reference = default;
        (double Wall, double Cpu) Python(string variant, int runs)
        {
            var times = new List<(double Wall, double Cpu)>();
            for (int rep = 0; rep < runs; rep++)
            {
                var watch = Stopwatch.StartNew();
                string json = Reference.RunPython("continual_drift.py", "--draws", draws.ToString(), "--eps", "0.05,0.02", "--seed", "0", "--variant", variant);
                double processWall = watch.Elapsed.TotalSeconds;
                reference = JsonDocument.Parse(json).RootElement.Clone();
                double compute = reference.GetProperty("runs").EnumerateArray().Sum(r => r.GetProperty("seconds").GetDouble());
                double cpu = reference.GetProperty("runs").EnumerateArray().Sum(r => r.GetProperty("cpu_seconds").GetDouble());
                times.Add((compute, cpu));
                Console.WriteLine($"  numpy/scipy ({variant}) run {rep + 1}: {compute:F2} s compute ({cpu:F2} s CPU), {processWall:F2} s with interpreter start");
            }
            return (times.Min(t => t.Wall), times.Min(t => t.Cpu));
        }
        var loop = Python("loop", Math.Max(1, repeats - 1));
        var vectorized = Python("vectorized", repeats);
        foreach (var (wall, cpu) in engram) Console.WriteLine($"  Engram run: {wall:F3} s wall, {cpu:F3} s CPU");

        double bestEngram = engram.Min(t => t.Wall), bestEngramCpu = engram.Min(t => t.Cpu);
        Console.WriteLine($"best of runs                    wall        CPU     Engram speed-up (wall / CPU)");
        Console.WriteLine($"Engram                     {bestEngram,8:F3} s {bestEngramCpu,8:F3} s");
        Console.WriteLine($"numpy/scipy, loop          {loop.Wall,8:F3} s {loop.Cpu,8:F3} s   {loop.Wall / bestEngram,6:F1} × / {loop.Cpu / bestEngramCpu,5:F1} ×");
        Console.WriteLine($"numpy/scipy, vectorized    {vectorized.Wall,8:F3} s {vectorized.Cpu,8:F3} s   {vectorized.Wall / bestEngram,6:F1} × / {vectorized.Cpu / bestEngramCpu,5:F1} ×");
        Console.WriteLine($"(numpy {reference.GetProperty("numpy").GetString()}, scipy {reference.GetProperty("scipy").GetString()}; Engram peak memory {Reference.PeakMemoryMiB():F0} MiB)");

        Console.WriteLine("numbers (Engram | numpy; different random streams, so they agree statistically):");
        string[] fields = ["energy_cluster", "energy_outlier", "dE_cluster", "dE_outlier", "gain_self_cluster", "gain_self_outlier", "gain_within", "gain_cross"];
        var runs = reference.GetProperty("runs").EnumerateArray().ToArray();
        for (int e = 0; e < epsilons.Length; e++)
        {
            using var doc = JsonDocument.Parse(Engram.Reports.JsonResult.ToJson(results[e]));
            foreach (string f in fields)
                Console.WriteLine($"  ε = {epsilons[e]}  {f,-18} {doc.RootElement.GetProperty(f).GetDouble(),12:G6} | {runs[e].GetProperty(f)[0].GetDouble(),12:G6}");
        }

        MatrixExpComparison(draws);
        return 0;
    }

    /// <summary>TorchSharp float64 matrix_exp against Engram's Padé scaling and squaring on the experiment's εΩ.</summary>
    static void MatrixExpComparison(int count)
    {
        const int d = 50;
        var random = new Random(1);
        var inputs = new double[count][];
        for (int i = 0; i < count; i++)
        {
            var a = new double[d * d];
            for (int j = 0; j < a.Length; j++) a[j] = Numerics.StandardNormal.NextGaussian(random);
            var omega = new double[d * d];
            for (int r = 0; r < d; r++)
                for (int c = 0; c < d; c++) omega[r * d + c] = 0.05 * 0.5 * (a[r * d + c] - a[c * d + r]);
            inputs[i] = omega;
        }
        var watch = Stopwatch.StartNew();
        double[][] ours = inputs.Select(m => MatrixExponential.Exp(m, d)).ToArray();
        double oursSeconds = watch.Elapsed.TotalSeconds;
        Numerics.TorchRuntime.EnsureLoaded();
        double worst = 0, worstOrthogonality = 0;
        watch.Restart();
        var theirs = new double[count][];
        for (int i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            theirs[i] = linalg.matrix_exp(tensor(inputs[i], [d, d], ScalarType.Float64)).data<double>().ToArray();
        }
        double torchSeconds = watch.Elapsed.TotalSeconds;
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < d * d; j++) worst = Math.Max(worst, Math.Abs(ours[i][j] - theirs[i][j]));
            worstOrthogonality = Math.Max(worstOrthogonality, MatrixExponential.OrthogonalityError(theirs[i], d));
        }
        Console.WriteLine($"matrix exponential of {count} εΩ (d = 50, ε = 0.05): Engram Padé {oursSeconds * 1e3:F1} ms, torch.linalg.matrix_exp {torchSeconds * 1e3:F1} ms; " +
                          $"max |difference| {worst:G2}; torch max |VᵀV − I| {worstOrthogonality:G2}");
    }
}
