using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Engram.Alignment;
using Engram.Data;
using Engram.Numerics;

namespace Engram.Bench.Alignment;

/// <summary>
/// Issue 8, point 2: the default precision (<see cref="Precision.Auto"/>, inexact inner solves) against float64 with every
/// inner Sinkhorn solve exact (<c>--precision double --exact-sinkhorn</c>) from the same uniform start, on the THINGS,
/// colour, mouse (cosine, ε = 1e-3 and 1e-2) and synthetic float32-cosine pairs; then POT 0.8.2 on THINGS in the same
/// run for the speed ratio. Options: --skip-pot, --only NAME (one pair), --max-iter K (default 200).
/// </summary>
public sealed class PrecisionBenchmark : IBenchmark
{
    public string Name => "gw-precision";

    public string Description => "default (auto) precision vs float64 exact Sinkhorn on 5 pairs; THINGS vs POT 0.8.2";

    sealed record Pair(string Name, string X, string Y, InputKind Kind, DissimilarityMetric Metric, double Epsilon);

    static readonly Pair[] Pairs =
    [
        new("THINGS male/female", "things/male_embeddings.npy", "things/female_embeddings.npy", InputKind.Embedding, DissimilarityMetric.Euclidean, 3),
        new("colour group 1/2", "color/group1_dissimilarity.npy", "color/group2_dissimilarity.npy", InputKind.Dissimilarity, DissimilarityMetric.Euclidean, 0.1),
        new("mouse VISal/VISam, cosine", "allen/pseudo_a_VISal.npy", "allen/pseudo_b_VISam.npy", InputKind.Embedding, DissimilarityMetric.Cosine, 1e-3),
        new("mouse VISal/VISam, cosine", "allen/pseudo_a_VISal.npy", "allen/pseudo_b_VISam.npy", InputKind.Embedding, DissimilarityMetric.Cosine, 1e-2),
        new("synthetic float32 cosine a/b", "synthetic/cosine_float32_a.npy", "synthetic/cosine_float32_b.npy", InputKind.Dissimilarity, DissimilarityMetric.Euclidean, 0.003),
    ];

    public int Run(string[] args)
    {
        int maxIter = args.Contains("--max-iter") ? int.Parse(args[Array.IndexOf(args, "--max-iter") + 1], CultureInfo.InvariantCulture) : 200;
        string? only = args.Contains("--only") ? args[Array.IndexOf(args, "--only") + 1] : null;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; GEMM: {Gemm.Describe()}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("| pair | ε | default: state, iterations | default GW loss | float64 exact: state, iterations | float64 exact GW loss | default / exact − 1 | default s | exact s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        double thingsSeconds = double.NaN;
        foreach (Pair pair in Pairs.Where(p => only is null || p.Name.StartsWith(only, StringComparison.OrdinalIgnoreCase)))
        {
            AlignmentInputs inputs = AlignmentInputs.Prepare(pair.X, MatrixFile.Read(BundledData.PathOf(pair.X)), pair.Y, MatrixFile.Read(BundledData.PathOf(pair.Y)),
                new InputSettings { Input = pair.Kind, Metric = pair.Metric });
            var gw = new GwSettings { Epsilon = pair.Epsilon, MaxIterations = maxIter };
            AlignmentResult auto = Solve(inputs, gw);
            AlignmentResult exact = Solve(inputs, gw with { Precision = Precision.Double, InexactSinkhorn = 0 });
            if (pair.Name.StartsWith("THINGS", StringComparison.Ordinal)) thingsSeconds = auto.Timings.Solve;
            Console.WriteLine($"| {pair.Name} | {pair.Epsilon:G3} | {Describe(auto)} | {auto.GwLoss:G8} | {Describe(exact)} | {exact.GwLoss:G8} | " +
                              $"{auto.GwLoss / exact.GwLoss - 1:+0.000%;-0.000%;0} | {auto.Timings.Solve:F2} | {exact.Timings.Solve:F2} |");
        }
        if (args.Contains("--skip-pot") || double.IsNaN(thingsSeconds)) return 0;
        string json = Reference.RunPython("gw_pot.py", BundledData.PathOf(Pairs[0].X), BundledData.PathOf(Pairs[0].Y), "3", maxIter.ToString(CultureInfo.InvariantCulture));
        using var pot = JsonDocument.Parse(json);
        double potSeconds = pot.RootElement.GetProperty("seconds").GetDouble();
        Console.WriteLine($"POT {pot.RootElement.GetProperty("pot").GetString()} on THINGS: {potSeconds:F2} s, GW loss {pot.RootElement.GetProperty("gw_loss").GetDouble():F4}; " +
                          $"POT / Engram default = {potSeconds / thingsSeconds:F2}×");
        return 0;
    }

    static AlignmentResult Solve(AlignmentInputs inputs, GwSettings gw) =>
        AlignmentPipeline.Run(inputs, new AlignmentSettings { Gw = gw, Evaluate = false });

    static string Describe(AlignmentResult r) =>
        $"{(r.State == GwState.MaxIterations ? "max_iter" : r.State.ToString().ToLowerInvariant())}, {r.Entropic.Iterations} ({r.Entropic.PrecisionUsed})";
}
