using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Engram.Alignment;
using Engram.Alignment.Evaluation;
using Engram.Data;
using Engram.Numerics;

namespace Engram.Bench.Alignment;

/// <summary>
/// Issue 20, point 1: the inner Sinkhorn accelerations (<see cref="SinkhornAcceleration"/>) against each other on the
/// default GW solve (auto precision, inexact inner solves, uniform start, 200 iterations, tol 1e-9): THINGS at ε = 1, 2, 3,
/// colour at ε = 0.1, mouse (cosine) at ε = 1e-3, and the DNN-like float32 cosine pair (n = 1000, made by
/// data/synthetic/make_dnn_cosine.py from the bundled Fashion-MNIST subset) at ε = 1e-3. Sweeps, outer iterations and
/// capped inner solves do not depend on the load; seconds do. Then POT 0.8.2 on the DNN-like pair in the same run.
/// Options: --only PREFIX (pairs whose name starts with it), --acceleration A[,B] (default all three), --skip-pot.
/// </summary>
public sealed class InnerSolverBenchmark : IBenchmark
{
    public string Name => "gw-inner";

    public string Description => "inner Sinkhorn accelerations (Anderson, over-relaxation, none) on THINGS ε = 1/2/3, colour, mouse, DNN-like pair; POT on the DNN pair";

    sealed record Pair(string Name, string X, string Y, InputKind Kind, DissimilarityMetric Metric, double Epsilon);

    public int Run(string[] args)
    {
        string? only = Value(args, "--only");
        SinkhornAcceleration[] accelerations = Value(args, "--acceleration") is string list
            ? [.. list.Split(',').Select(a => Enum.Parse<SinkhornAcceleration>(a, ignoreCase: true))]
            : Enum.GetValues<SinkhornAcceleration>();
        string dnnDir = Path.Combine(Path.GetTempPath(), "engram-bench-dnn");
        Pair[] pairs =
        [
            new("THINGS", BundledData.PathOf("things/male_embeddings.npy"), BundledData.PathOf("things/female_embeddings.npy"), InputKind.Embedding, DissimilarityMetric.Euclidean, 1),
            new("THINGS", BundledData.PathOf("things/male_embeddings.npy"), BundledData.PathOf("things/female_embeddings.npy"), InputKind.Embedding, DissimilarityMetric.Euclidean, 2),
            new("THINGS", BundledData.PathOf("things/male_embeddings.npy"), BundledData.PathOf("things/female_embeddings.npy"), InputKind.Embedding, DissimilarityMetric.Euclidean, 3),
            new("colour", BundledData.PathOf("color/group1_dissimilarity.npy"), BundledData.PathOf("color/group2_dissimilarity.npy"), InputKind.Dissimilarity, DissimilarityMetric.Euclidean, 0.1),
            new("mouse", BundledData.PathOf("allen/pseudo_a_VISal.npy"), BundledData.PathOf("allen/pseudo_b_VISam.npy"), InputKind.Embedding, DissimilarityMetric.Cosine, 1e-3),
            new("DNN-like", Path.Combine(dnnDir, "dnn_cosine_a.npy"), Path.Combine(dnnDir, "dnn_cosine_b.npy"), InputKind.Dissimilarity, DissimilarityMetric.Euclidean, 1e-3),
        ];
        pairs = [.. pairs.Where(p => only is null || p.Name.StartsWith(only, StringComparison.OrdinalIgnoreCase))];
        if (pairs.Any(p => p.Name == "DNN-like") && !File.Exists(pairs.First(p => p.Name == "DNN-like").Y))
            Console.WriteLine(Reference.RunPythonFile(Path.Combine(RepositoryRoot(), "data", "synthetic", "make_dnn_cosine.py"), dnnDir).Trim());

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; GEMM: {Gemm.Describe()}; load average {Load()}");
        Console.WriteLine("| pair | ε | acceleration | state | outer iterations | sweeps | sweeps / iteration | capped solves | s | s / iteration | GW loss | top-1 % | load |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        double? dnnSeconds = null, dnnLoss = null;
        foreach (Pair pair in pairs)
        {
            AlignmentInputs inputs = AlignmentInputs.Prepare(pair.X, MatrixFile.Read(pair.X), pair.Y, MatrixFile.Read(pair.Y),
                new InputSettings { Input = pair.Kind, Metric = pair.Metric });
            var problem = new GwProblem(inputs.First.Dissimilarity, inputs.Second.Dissimilarity);
            foreach (SinkhornAcceleration acceleration in accelerations)
            {
                var settings = new GwSettings { Epsilon = pair.Epsilon, SinkhornAcceleration = acceleration };
                var clock = Stopwatch.StartNew();
                GwResult r = EntropicGromovWasserstein.Solve(problem, settings);
                double seconds = clock.Elapsed.TotalSeconds;
                if (pair.Name == "DNN-like" && acceleration == SinkhornAcceleration.Anderson) (dnnSeconds, dnnLoss) = (seconds, r.GwLoss);
                Console.WriteLine($"| {pair.Name} | {pair.Epsilon:G3} | {acceleration} | {r.State} | {r.Iterations} | {r.SinkhornIterations} | " +
                                  $"{(double)r.SinkhornIterations / r.Iterations:F0} | {r.CappedSinkhornSolves} | {seconds:F2} | {seconds / r.Iterations:F3} | " +
                                  $"{r.GwLoss:G8} | {MatchingRate.TopK(r.Plan, 1):F1} | {Load()} |");
            }
        }
        if (args.Contains("--skip-pot") || dnnSeconds is null) return 0;
        Pair dnn = pairs.First(p => p.Name == "DNN-like");
        string json = Reference.RunPython("gw_pot.py", dnn.X, dnn.Y, dnn.Epsilon.ToString("R", CultureInfo.InvariantCulture), "200", "--dissimilarity");
        using var pot = JsonDocument.Parse(json);
        double potSeconds = pot.RootElement.GetProperty("seconds").GetDouble(), potLoss = pot.RootElement.GetProperty("gw_loss").GetDouble();
        Console.WriteLine($"POT {pot.RootElement.GetProperty("pot").GetString()} on the DNN-like pair (ε = 1e-3, 200 iterations): {potSeconds:F2} s, GW loss {potLoss:G8}, " +
                          $"top-1 {pot.RootElement.GetProperty("top1").GetDouble():F1} %; POT / Engram (Anderson) = {potSeconds / dnnSeconds:F2}×, " +
                          $"GW loss Engram / POT − 1 = {dnnLoss / potLoss - 1:+0.000%;-0.000%}; load average {Load()}");
        return 0;
    }

    static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    static string? Value(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    static string RepositoryRoot() => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Reference.ScriptPath("gw_pot.py"))!, "..", "..", ".."));
}
