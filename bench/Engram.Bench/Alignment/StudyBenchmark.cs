using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Engram.Alignment;
using Engram.Data;
using Engram.Numerics;
using Engram.Studies;

namespace Engram.Bench.Alignment;

/// <summary>
/// Issue 9: GWTune's ε search itself (Optuna TPE, multivariate, constant liar, seed 42, driving POT 0.8.2; 20 trials,
/// ε ∈ [1, 10] log, random initial plans, 200 iterations; <c>reference/gwtune_study.py</c>) against Engram's studies on
/// THINGS in the same run: the TPE study (same protocol, with the median pruner and a loss tolerance) and the annealed
/// search (a warm-started descent from ε = 10 to 1). Reported: wall time of the whole study, its lowest GW loss and that
/// trial's top-1/5/10. Options: --trials N (TPE and GWTune, default 20), --anneal-trials N (default 5: the descent alone),
/// --loss-tol X (default 1e-6), --skip-gwtune, --only tpe|anneal.
/// </summary>
public sealed class StudyBenchmark : IBenchmark
{
    public string Name => "gw-study";

    public string Description => "ε search on THINGS: GWTune's procedure (Optuna TPE + POT 0.8.2) vs Engram's TPE study and annealed search";

    const string X = "things/male_embeddings.npy", Y = "things/female_embeddings.npy";

    public int Run(string[] args)
    {
        string Arg(string name, string fallback) => args.Contains(name) ? args[Array.IndexOf(args, name) + 1] : fallback;
        int trials = int.Parse(Arg("--trials", "20"), CultureInfo.InvariantCulture);
        int annealTrials = int.Parse(Arg("--anneal-trials", "5"), CultureInfo.InvariantCulture);
        double lossTol = double.Parse(Arg("--loss-tol", "1e-6"), CultureInfo.InvariantCulture);
        string? only = args.Contains("--only") ? Arg("--only", "") : null;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; GEMM: {Gemm.Describe()}; load average {File.ReadAllText("/proc/loadavg").Trim()}; {DateTime.UtcNow:u}");
        var rows = new List<(string Name, int Trials, double Seconds, double Eps, double Loss, double[] Top)>();

        if (!args.Contains("--skip-gwtune") && only is null)
        {
            string output = Reference.RunPython("gwtune_study.py", BundledData.PathOf(X), BundledData.PathOf(Y), trials.ToString(CultureInfo.InvariantCulture), "1", "10", "200");
            using var study = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
            var r = study.RootElement;
            rows.Add(($"GWTune's procedure (Optuna {r.GetProperty("optuna").GetString()} TPE + POT {r.GetProperty("pot").GetString()})", trials,
                r.GetProperty("wall_seconds").GetDouble(), r.GetProperty("best_eps").GetDouble(), r.GetProperty("best_gw_loss").GetDouble(),
                [r.GetProperty("top1").GetDouble(), r.GetProperty("top5").GetDouble(), r.GetProperty("top10").GetDouble()]));
            Console.WriteLine($"  {rows[^1].Name}: {rows[^1].Seconds:F1} s, best GW loss {rows[^1].Loss:F4}");
        }

        AlignmentInputs inputs = AlignmentInputs.Prepare(X, MatrixFile.Read(BundledData.PathOf(X)), Y, MatrixFile.Read(BundledData.PathOf(Y)),
            new InputSettings { Input = InputKind.Embedding, Metric = DissimilarityMetric.Euclidean },
            CategoryTable.Read(BundledData.PathOf("things/category_mat_manual_preprocessed.csv")));
        var gw = new GwSettings { Epsilon = 1, MaxIterations = 200, Init = InitialPlanKind.Random, LossTolerance = lossTol };
        if (only is null or "tpe")
            rows.Add(Engram($"Engram TPE study (median pruner, loss_tol {lossTol:G2})", inputs, gw, SamplerKind.Tpe, PrunerKind.Median, trials));
        if (only is null or "anneal")
            rows.Add(Engram($"Engram annealed search (loss_tol {lossTol:G2})", inputs, gw, SamplerKind.Anneal, PrunerKind.None, annealTrials));

        double? reference = rows.FirstOrDefault(r => r.Name.StartsWith("GWTune", StringComparison.Ordinal)).Seconds is double s && s > 0 ? s : null;
        Console.WriteLine("| study | trials | wall s | GWTune / study | best ε | lowest GW loss | its top-1 / 5 / 10 % |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Trials} | {r.Seconds:F1} | {(reference is double g ? $"{g / r.Seconds:F2}×" : "—")} | {r.Eps:G4} | {r.Loss:F4} | {r.Top[0]:F2} / {r.Top[1]:F2} / {r.Top[2]:F2} |"));
        Console.WriteLine($"peak memory of this process: {Reference.PeakMemoryMiB():F0} MiB; load average at the end {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    static (string, int, double, double, double, double[]) Engram(string name, AlignmentInputs inputs, GwSettings gw, SamplerKind sampler, PrunerKind pruner, int trials)
    {
        var storage = new InMemoryStudyStorage();
        storage.CreateStudy(new StudyDefinition
        {
            Name = "things", Space = SearchSpace.Parse("eps=float[1,10] log"), Objective = "gw-alignment", TargetTrials = trials,
            Sampler = sampler, Pruner = pruner, Seed = 42,
        });
        var objective = new GwAlignmentObjective(inputs, new AlignmentSettings { Gw = gw });
        var clock = Stopwatch.StartNew();
        StudySnapshot study = new StudyWorker(storage, "things", objective) { PrunerMinStep = gw.ObserveEvery, PrunerMaxStep = gw.MaxIterations }.Run().Study;
        double seconds = clock.Elapsed.TotalSeconds;
        foreach (Trial t in study.Trials)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name} trial {t.Number}: {t.State}, ε = {t.Parameters["eps"]:G4}, loss {t.Value?.ToString("F4", CultureInfo.InvariantCulture) ?? "—"}, " +
                $"{t.Attributes.GetValueOrDefault("iterations"):F0} iterations, {t.Attributes.GetValueOrDefault("trial_seconds"):F1} s{(t.Reason is null ? "" : ", " + t.Reason)}"));
        Trial best = study.Best ?? throw new InvalidOperationException($"{name}: no trial completed.");
        return (name, trials, seconds, best.Parameters["eps"], best.Value!.Value,
            [best.Attributes["top1"], best.Attributes["top5"], best.Attributes["top10"]]);
    }
}
