using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Engram.Numerics;
using Engram.Phi;

namespace Engram.Bench.Phi;

/// <summary>
/// The Integration section of docs/benchmarks.md (issue 12): PhiToolbox under GNU Octave against Engram on the same
/// random stable AR(1) series (T = 20 000, MI1, τ = 1), search time only (covariances computed before the clock in
/// both): exhaustive MIP at N = 12 and 16, Queyranne MIP at N = 48 and 64, exhaustive complexes at N = 16 and hierarchical
/// (PhiToolbox: recursive) complexes at N = 64. PhiToolbox's exhaustive complex search at N = 16 needs 2.2·10⁷ Φ
/// evaluations (hours under Octave), so Octave runs it at N = 10 and its N = 16 time is extrapolated by the number of
/// evaluations (stated as such). Options: --only CASE, --toolbox DIR (PhiToolbox checkout; default ../PhiToolbox beside the repository),
/// --skip-octave.
/// </summary>
public sealed class PhiBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "phi";

    /// <inheritdoc/>
    public string Description => "MIP and complex searches (MI1) vs PhiToolbox under Octave: exhaustive N=12,16, Queyranne N=64, complexes N=16, 64";

    sealed record Case(string Name, int N, string Task);

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--toolbox");
        string toolbox = at >= 0 ? args[at + 1] : "../PhiToolbox";
        Case[] cases =
        [
            new("mip_exhaustive_12", 12, "mip_exhaustive"), new("mip_exhaustive_16", 16, "mip_exhaustive"),
            new("mip_queyranne_48", 48, "mip_queyranne"), new("mip_queyranne_64", 64, "mip_queyranne"), new("complexes_exhaustive_10", 10, "complexes_exhaustive"),
            new("complexes_exhaustive_16", 16, "complexes_exhaustive"), new("complexes_recursive_64", 64, "complexes_recursive"),
        ];
        int only = Array.IndexOf(args, "--only");
        if (only >= 0) cases = [.. cases.Where(c => c.Name == args[only + 1])];
        const int samples = 20_000;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {CpuName()}; load average {File.ReadAllText("/proc/loadavg").Trim()}; compare ratios within one run");
        string folder = Directory.CreateTempSubdirectory("engram-phi-bench").FullName;
        var engram = new Dictionary<string, (double Seconds, double Cpu, double Phi, long Evaluations)>();
        foreach (Case c in cases)
        {
            double[,] x = Series(c.N, samples, seed: c.N);
            WriteColumnMajor(Path.Combine(folder, c.Name + ".bin"), x);
            var phi = new GaussianPhi(GaussianStatistics.FromSeries(x));
            (double, long) Task(GaussianPhi p) => c.Task switch
            {
                "mip_exhaustive" => Mip(p, MipSearchKind.Exhaustive),
                "mip_queyranne" => Mip(p, MipSearchKind.Queyranne),
                "complexes_exhaustive" => Complexes(p, ComplexSearchKind.Exhaustive),
                _ => Complexes(p, ComplexSearchKind.Hierarchical),
            };
            for (int warm = 0; warm < 40; warm++) Task(new GaussianPhi(phi.Statistics.Restrict([.. Enumerable.Range(0, 10)])));   // JIT warm-up
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            (double value, long evaluations) = Task(phi);
            double wallSeconds = clock.Elapsed.TotalSeconds;
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            engram[c.Name] = (wallSeconds, cpuSeconds, value, evaluations);
            Console.WriteLine($"Engram {c.Name}: {wallSeconds:F4} s wall, {cpuSeconds:F4} s CPU, " +
                              $"Φ = {value:G10}, {evaluations} evaluations");
        }
        if (args.Contains("--skip-octave")) return 0;
        File.WriteAllLines(Path.Combine(folder, "cases.txt"),
            cases.Where(c => c.Name != "complexes_exhaustive_16").Select(c => $"{c.Name} {c.N} {samples} {c.Task}"));
        string octave = Reference.RunOctave("phi_octave.m", toolbox, folder);
        var octaveTimes = new Dictionary<string, (double Seconds, double Cpu, double Phi)>();
        foreach (string line in octave.Split('\n').Where(l => l.StartsWith('{')))
        {
            using var doc = JsonDocument.Parse(line);
            JsonElement r = doc.RootElement;
            octaveTimes[r.GetProperty("name").GetString()!] = (r.GetProperty("seconds").GetDouble(), r.GetProperty("cpu_seconds").GetDouble(), r.GetProperty("phi").GetDouble());
        }
        double scale = ComplexSearch.ExhaustiveEvaluations(16) / ComplexSearch.ExhaustiveEvaluations(10);
        if (octaveTimes.TryGetValue("complexes_exhaustive_10", out var small))
            octaveTimes["complexes_exhaustive_16"] = (small.Seconds * scale, small.Cpu * scale, double.NaN);
        Console.WriteLine("| case | PhiToolbox (Octave) wall / CPU s | Engram wall / CPU s | ratio wall / CPU | Φ PhiToolbox | Φ Engram |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (Case c in cases.Where(c => octaveTimes.ContainsKey(c.Name)))
        {
            var (os, oc, op) = octaveTimes[c.Name];
            var (es, ec, ep, _) = engram[c.Name];
            string note = c.Name == "complexes_exhaustive_16" ? $" (extrapolated from N = 10 × {scale:F0} evaluations)" : "";
            Console.WriteLine($"| {c.Name} | {os:F3} / {oc:F3}{note} | {es:F4} / {ec:F4} | {os / es:F0}× / {oc / Math.Max(ec, 1e-3):F0}× | {op:G8} | {ep:G8} |");
        }
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    static (double, long) Mip(GaussianPhi phi, MipSearchKind kind)
    {
        MipResult r = MinimumInformationPartition.Search(phi, new MipSettings { Search = kind });
        return (r.Phi, r.Evaluations);
    }

    static (double, long) Complexes(GaussianPhi phi, ComplexSearchKind kind)
    {
        ComplexResult r = ComplexSearch.Search(phi, new ComplexSettings { Search = kind });
        return (r.Complexes[0].Phi, r.Evaluations);
    }

    /// <summary>X_t = A X_{t−1} + E with Gaussian A scaled to Frobenius norm 0.6 (so stable) and E ~ N(0, I), after a burn-in of 500.</summary>
    static double[,] Series(int n, int samples, int seed)
    {
        var random = new Random(seed);
        var a = new double[n, n];
        double norm = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { a[i, j] = random.NextGaussian(); norm += a[i, j] * a[i, j]; }
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i, j] *= 0.6 / Math.Sqrt(norm);
        var x = new double[n, samples];
        var state = new double[n];
        var next = new double[n];
        for (int t = -500; t < samples; t++)
        {
            for (int i = 0; i < n; i++)
            {
                double v = random.NextGaussian();
                for (int k = 0; k < n; k++) v += a[i, k] * state[k];
                next[i] = v;
            }
            (state, next) = (next, state);
            if (t >= 0) for (int i = 0; i < n; i++) x[i, t] = state[i];
        }
        return x;
    }

    static void WriteColumnMajor(string path, double[,] x)
    {
        using var writer = new BinaryWriter(File.Create(path));
        for (int t = 0; t < x.GetLength(1); t++)
            for (int i = 0; i < x.GetLength(0); i++) writer.Write(x[i, t]);
    }

    static string CpuName() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
}
