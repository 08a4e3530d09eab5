using System.Diagnostics;
using System.Text.Json;
using Engram.Alignment;
using Engram.Alignment.Evaluation;
using Engram.Data;
using Engram.Numerics;

namespace Engram.Bench.Alignment;

/// <summary>
/// THINGS male vs female (n = 1854, 90-d, euclidean), ε = 3, uniform init, 200 iterations: Engram against POT 0.8.2
/// in the same run (issue 3). Also times the GEMMs the iterations must do (two n³ products each) to give Engram's
/// overhead over them, and reports peak memory.
/// Options: --eps E, --max-iter K, --skip-pot, --exact (POT's inner tolerance for every Sinkhorn solve), --kappa κ (inexact
/// inner tolerance factor), --precision single|double|auto (default single, as measured before auto existed),
/// --acceleration anderson|overrelaxation|none (the inner Sinkhorn's; default anderson), --dense-kernel (no truncated kernel),
/// --check-every K (the plan change checked every K iterations; POT: 10).
/// </summary>
public sealed class GromovWassersteinBenchmark : IBenchmark
{
    public string Name => "gw-things";

    public string Description => "entropic GW on THINGS (n = 1854): Engram vs POT 0.8.2, GEMM floor, peak memory";

    public int Run(string[] args)
    {
        double eps = Option(args, "--eps", 3.0);
        int maxIter = (int)Option(args, "--max-iter", 200);
        bool skipPot = args.Contains("--skip-pot"), exact = args.Contains("--exact");
        var precision = args.Contains("--precision") ? Enum.Parse<Precision>(args[Array.IndexOf(args, "--precision") + 1], ignoreCase: true) : Precision.Single;
        string xPath = BundledData.PathOf("things/male_embeddings.npy"), yPath = BundledData.PathOf("things/female_embeddings.npy");

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {CpuName()}; GEMM: {Gemm.Describe()}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}");
        var x = Representation.FromEmbedding("male", MatrixFile.Read(xPath), DissimilarityMetric.Euclidean);
        var y = Representation.FromEmbedding("female", MatrixFile.Read(yPath), DissimilarityMetric.Euclidean);
        var problem = new GwProblem(x.Dissimilarity, y.Dissimilarity);
        var settings = new GwSettings { Epsilon = eps, MaxIterations = maxIter, Precision = precision, InexactSinkhorn = exact ? 0 : Option(args, "--kappa", new GwSettings { Epsilon = 1 }.InexactSinkhorn) };
        if (args.Contains("--dense-kernel")) settings = settings with { TruncatedKernel = false };
        if (args.Contains("--check-every")) settings = settings with { CheckEvery = (int)Option(args, "--check-every", 1) };
        if (args.Contains("--acceleration"))
            settings = settings with { SinkhornAcceleration = Enum.Parse<SinkhornAcceleration>(args[Array.IndexOf(args, "--acceleration") + 1], ignoreCase: true) };

        var clock = Stopwatch.StartNew();
        GwResult result = EntropicGromovWasserstein.Solve(problem, settings);
        double engramSeconds = clock.Elapsed.TotalSeconds;
        double peak = Reference.PeakMemoryMiB();
        double[] top = [.. new[] { 1, 5, 10 }.Select(k => MatrixMatching(result.Plan, k))];
        Console.WriteLine($"Engram: {engramSeconds:F2} s, GW loss {result.GwLoss:F4}, top-1/5/10 {top[0]:F2}/{top[1]:F2}/{top[2]:F2} %, " +
                          $"{result.Iterations} iterations, {result.SinkhornIterations} Sinkhorn sweeps ({result.TruncatedSweeps} truncated), {result.Backend}, peak {peak:F0} MiB");

        Console.WriteLine("plan change at the checks: " + string.Join(", ", result.History.Where(h => h.PlanChange is not null)
            .Select(h => $"{h.Iteration}: {h.PlanChange:G2} (loss {h.GwLoss:F4}, {h.SinkhornIterations} sweeps)")));
        double gemmSeconds = GemmFloor(x.Size, result.Iterations, precision);
        Console.WriteLine($"GEMM floor: {result.Iterations} × 2 products of {x.Size}³ = {gemmSeconds:F2} s; Engram / GEMM = {engramSeconds / gemmSeconds:F2}");

        if (skipPot) return 0;
        string json = Reference.RunPython("gw_pot.py", xPath, yPath, eps.ToString(System.Globalization.CultureInfo.InvariantCulture), maxIter.ToString());
        using var pot = JsonDocument.Parse(json);
        double potSeconds = pot.RootElement.GetProperty("seconds").GetDouble(), potLoss = pot.RootElement.GetProperty("gw_loss").GetDouble();
        Console.WriteLine($"POT {pot.RootElement.GetProperty("pot").GetString()}: {potSeconds:F2} s, GW loss {potLoss:F4}, " +
                          $"top-1/5/10 {pot.RootElement.GetProperty("top1").GetDouble():F2}/{pot.RootElement.GetProperty("top5").GetDouble():F2}/" +
                          $"{pot.RootElement.GetProperty("top10").GetDouble():F2} %, peak {pot.RootElement.GetProperty("peak_mib").GetDouble():F0} MiB, " +
                          $"BLAS {string.Join("; ", pot.RootElement.GetProperty("blas").EnumerateArray().Select(b => b.GetString()))}");
        Console.WriteLine($"ratio: POT / Engram = {potSeconds / engramSeconds:F2}×; GW loss Engram / POT = {result.GwLoss / potLoss:F5}");
        return 0;
    }

    static double MatrixMatching(double[,] plan, int k) => MatchingRate.TopK(plan, k);

    /// <summary>Time of the products the iterations cannot avoid: 2 GEMMs of n × n × n per iteration.</summary>
    static double GemmFloor(int n, int iterations, Precision precision)
    {
        var random = new Random(1);
        if (precision == Precision.Single)
        {
            float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
            for (int i = 0; i < a.Length; i++) { a[i] = (float)random.NextDouble(); b[i] = (float)random.NextDouble(); }
            Gemm.Multiply<float>(a, b, c, n, n, n);
            var clock = Stopwatch.StartNew();
            for (int t = 0; t < 2 * iterations; t++) Gemm.Multiply<float>(a, b, c, n, n, n);
            return clock.Elapsed.TotalSeconds;
        }
        double[] da = new double[n * n], db = new double[n * n], dc = new double[n * n];
        for (int i = 0; i < da.Length; i++) { da[i] = random.NextDouble(); db[i] = random.NextDouble(); }
        var dclock = Stopwatch.StartNew();
        for (int t = 0; t < 2 * iterations; t++) Gemm.Multiply<double>(da, db, dc, n, n, n);
        return dclock.Elapsed.TotalSeconds;
    }

    static double Option(string[] args, string name, double fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? double.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    static string CpuName() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
}
