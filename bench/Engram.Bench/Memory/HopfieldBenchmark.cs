using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Engram.Memory;

namespace Engram.Bench.Memory;

/// <summary>
/// The Memory section of docs/benchmarks.md: (1) one synchronous step of the bit-packed Hopfield network
/// at N = 10 000, P = 1 380 against numpy with a dense float64 (and float32) J, in the same run;
/// (2) the capacity point N = 100 000, P = 10 000: store the patterns, retrieve from a stored one to a
/// fixed point; wall time of each phase and peak resident memory.
/// </summary>
public sealed class HopfieldBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "hopfield";

    /// <inheritdoc/>
    public string Description => "sync step vs numpy dense J (N=10000, P=1380) and the N=100000, P=10000 capacity point";

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        bool skipLarge = args.Contains("--skip-large");
        int reps = 50;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

        if (!skipLarge)
        {
            // Capacity point first, so that the peak resident memory is its own.
            const int n = 100_000, p = 10_000;
            var clock = Stopwatch.StartNew();
            PatternSet xi = PatternSet.Random(p, n, new Random(1));
            double tPatterns = clock.Elapsed.TotalSeconds;
            clock.Restart();
            _ = xi.NeuronWords(0); // Hebbian storage = the transposed layout the field needs
            var net = new ClassicalHopfieldNetwork(xi);
            double tStore = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var run = net.Retrieve(xi.Pattern(0), new RetrievalSettings { TrackedPatterns = [0], MaxSteps = 100 });
            double tRetrieve = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"capacity point N = {n}, P = {p} (α = {(double)p / n}): patterns {tPatterns:F2} s, store (transpose) {tStore:F2} s, " +
                $"retrieval {tRetrieve:F2} s for {run.Steps} sync steps ({tRetrieve / run.Steps * 1e3:F0} ms/step), final overlap {run.FinalOverlap():F4}, " +
                $"converged {run.Converged}; total {tPatterns + tStore + tRetrieve:F2} s; peak RSS {Reference.PeakMemoryMiB():F0} MiB");
        }

        {
            const int n = 10_000, p = 1380;
            var random = new Random(1);
            var net = new ClassicalHopfieldNetwork(PatternSet.Random(p, n, random));
            SpinVector x = net.Patterns.Pattern(0).WithFlips(0.1, random);
            var next = new SpinVector(n);
            net.SynchronousStep(x, next); // transpose + JIT warm-up
            var times = new double[reps];
            var sw = new Stopwatch();
            for (int r = 0; r < reps; r++)
            {
                sw.Restart();
                net.SynchronousStep(x, next);
                times[r] = sw.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            double best = times[0], median = times[reps / 2];
            string json = Reference.RunPython("hopfield_dense.py", n.ToString(inv), p.ToString(inv), "20");
            var doc = JsonDocument.Parse(json).RootElement;
            double np64 = doc.GetProperty("float64").GetProperty("best_ms").GetDouble(), np64m = doc.GetProperty("float64").GetProperty("median_ms").GetDouble();
            double np32 = doc.GetProperty("float32").GetProperty("best_ms").GetDouble(), np32m = doc.GetProperty("float32").GetProperty("median_ms").GetDouble();
            int changedEngram = next.HammingDistance(x), changedNumpy = doc.GetProperty("float64").GetProperty("changed").GetInt32();
            Console.WriteLine($"sync step N = {n}, P = {p}: Engram best {best:F3} ms, median {median:F3} ms ({reps} reps; {changedEngram} neurons changed)");
            Console.WriteLine($"  numpy {doc.GetProperty("numpy").GetString()} dense J float64: best {np64:F1} ms, median {np64m:F1} ms; float32: best {np32:F1} ms, median {np32m:F1} ms " +
                $"(20 reps; {changedNumpy} changed; BLAS {string.Join(", ", doc.GetProperty("blas").EnumerateArray().Select(e => e.GetString()))})");
            Console.WriteLine($"  ratio vs float64: best {np64 / best:F0}x, median {np64m / median:F0}x; vs float32: best {np32 / best:F0}x, median {np32m / median:F0}x");
        }
        return 0;
    }
}
