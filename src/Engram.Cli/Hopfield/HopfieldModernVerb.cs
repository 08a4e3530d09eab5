using System.CommandLine;
using Engram.Memory;
using Engram.Reports;

namespace Engram.Cli.Hopfield;

/// <summary><c>engram hopfield modern</c>: one-step retrieval error vs β and vs separation; dense binary capacity curves.</summary>
public static class HopfieldModernVerb
{
    /// <summary>What <c>--json</c> prints and <c>result.json</c> holds.</summary>
    public sealed record Output(string Command, int Dimension, int Patterns, double QueryNoise, int Trials, int Seed,
        IReadOnlyList<ErrorPoint> ErrorVsBeta, IReadOnlyList<SeparationCurve> ErrorVsSeparation, int DenseN, double DenseCueNoise,
        IReadOnlyList<DenseCapacityCurve> DenseCapacity, string Meaning, double ElapsedSeconds);

    /// <summary>Error vs separation at one β.</summary>
    public sealed record SeparationCurve(double Beta, IReadOnlyList<ErrorPoint> Points);

    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var d = CommonOptions.IntAtLeast("--dim", "pattern dimension d", 64, 2);
        var n = CommonOptions.IntAtLeast("--patterns", "stored patterns n (< d)", 32);
        var betas = CommonOptions.Grid("--betas", "inverse temperatures β", "0.1,0.3,1,3,10,30,100,300");
        var separations = CommonOptions.Grid("--separations", "pattern separations Δ in (0, 1]", "0.05:0.95:0.05");
        var sepBetas = CommonOptions.Grid("--separation-betas", "β values of the separation sweep", "4,8,16,32");
        var noise = CommonOptions.NonNegativeDouble("--query-noise", "noise norm relative to the pattern in each query", 0.2);
        var trials = CommonOptions.IntAtLeast("--trials", "independent draws", 10);
        var denseN = CommonOptions.IntAtLeast("--dense-n", "neurons of the binary dense memories", 100);
        var seed = CommonOptions.Seed();
        var outDir = CommonOptions.Out();
        var json = CommonOptions.Json();
        var command = new Command("modern",
            "Modern Hopfield networks (Ramsauer et al. 2020): one-step retrieval error against β and against pattern separation; " +
            "dense binary memories (Krotov & Hopfield 2016, F(u) = u^k and exp(u)): final overlap against the number of stored patterns.\n" +
            "Example: engram hopfield modern --dim 64 --patterns 32 --trials 10 --out runs/modern")
        {
            d, n, betas, separations, sepBetas, noise, trials, denseN, seed, outDir, json,
        };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var settings = new ModernRetrievalSettings
            {
                Dimension = parse.GetValue(d), Patterns = parse.GetValue(n), Betas = parse.GetValue(betas)!, Separations = parse.GetValue(separations)!,
                SeparationBetas = parse.GetValue(sepBetas)!, QueryNoise = parse.GetValue(noise), Trials = parse.GetValue(trials),
                DenseN = parse.GetValue(denseN), Seed = parse.GetValue(seed),
            };
            settings.Validate();
            ModernRetrievalResult result = context.WithProgress("modern Hopfield", progress => ModernRetrievalStudy.Run(settings, progress));
            var output = new Output(
                $"engram hopfield modern --dim {settings.Dimension} --patterns {settings.Patterns} --trials {settings.Trials} --seed {settings.Seed}",
                settings.Dimension, settings.Patterns, settings.QueryNoise, settings.Trials, settings.Seed, result.ErrorVsBeta,
                result.ErrorVsSeparation.Select(kv => new SeparationCurve(kv.Key, kv.Value)).ToArray(), settings.DenseN, settings.DenseCueNoise,
                result.DenseCapacity,
                "mean_error: ‖z1 − x‖/‖x‖ after one update z1 = Xᵀ softmax(β X q) from a query q = x + noise; accuracy: z1 closest to the right pattern; " +
                "dense_capacity: mean final overlap after asynchronous retrieval from a stored pattern with 10 % of bits flipped",
                Math.Round(clock.Elapsed.TotalSeconds, 3));
            DirectoryInfo? dir = parse.GetValue(outDir);
            if (dir is not null) Write(dir.FullName, result, output);
            if (context.Json) context.Output.WriteLine(JsonResult.ToJson(output));
            else Summarise(context.Output, result, output, dir?.FullName);
            return 0;
        });
        return command;
    }

    static void Write(string dir, ModernRetrievalResult r, Output output)
    {
        Directory.CreateDirectory(dir);
        JsonResult.Write(Path.Combine(dir, "result.json"), output);
        static double Log(double v) => Math.Log10(Math.Max(v, 1e-16));
        Figures.Lines(Path.Combine(dir, "error_vs_beta.png"),
            $"One-step retrieval error vs β (d = {r.Settings.Dimension}, n = {r.Settings.Patterns})", "log10 β", "log10 relative error",
            [new Figures.Series("random unit patterns", r.ErrorVsBeta.Select(p => Math.Log10(p.X)).ToArray(), r.ErrorVsBeta.Select(p => Log(p.MeanError)).ToArray())]);
        Figures.Lines(Path.Combine(dir, "error_vs_separation.png"),
            "One-step retrieval error vs pattern separation Δ", "separation Δ = 1 − c", "log10 relative error",
            r.ErrorVsSeparation.Select(kv => new Figures.Series($"β = {kv.Key}", kv.Value.Select(p => p.X).ToArray(), kv.Value.Select(p => Log(p.MeanError)).ToArray())));
        Figures.Lines(Path.Combine(dir, "dense_capacity.png"),
            $"Dense associative memory, N = {r.Settings.DenseN}: retrieval vs stored patterns", "stored patterns P", "final overlap",
            r.DenseCapacity.Select(c => new Figures.Series($"F(u) = {c.Label}", c.PatternCounts.Select(p => (double)p).ToArray(), c.MeanOverlap)));
        new HtmlReport("engram hopfield modern")
            .KeyValues([("d", output.Dimension.ToString()), ("n", output.Patterns.ToString()), ("query noise", output.QueryNoise.ToString()), ("trials", output.Trials.ToString())])
            .Figure("error_vs_beta.png", "Retrieval error after one update falls with β until the nearest pattern dominates the softmax.")
            .Figure("error_vs_separation.png", "Retrieval error vs separation: roughly exp(−βΔ) once βΔ is large.")
            .Figure("dense_capacity.png", "Binary dense memories: capacity grows with the degree k; exp(u) keeps retrieving.")
            .Json(JsonResult.ToJson(output))
            .Save(Path.Combine(dir, "index.html"));
    }

    static void Summarise(TextWriter o, ModernRetrievalResult r, Output output, string? dir)
    {
        o.WriteLine($"modern Hopfield, d = {r.Settings.Dimension}, n = {r.Settings.Patterns}, query noise {r.Settings.QueryNoise}, {r.Settings.Trials} draws");
        o.WriteLine("  beta      error     accuracy");
        foreach (var p in r.ErrorVsBeta) o.WriteLine($"  {HopfieldCommand.F(p.X, "0.###"),6}  {p.MeanError,9:0.000e+00}  {HopfieldCommand.F(p.Accuracy, "0.000")}");
        foreach (var (beta, points) in r.ErrorVsSeparation)
            o.WriteLine($"  β = {beta}: error at Δ = {HopfieldCommand.F(points[0].X, "0.00")} … {HopfieldCommand.F(points[^1].X, "0.00")}: {points[0].MeanError:0.0e+00} … {points[^1].MeanError:0.0e+00}");
        o.WriteLine($"dense binary memories, N = {r.Settings.DenseN}: final overlap vs P = {string.Join(", ", r.DenseCapacity[0].PatternCounts)}");
        foreach (var c in r.DenseCapacity) o.WriteLine($"  {c.Label,-7} " + string.Join(" ", c.MeanOverlap.Select(v => HopfieldCommand.F(v, "0.00"))));
        o.WriteLine($"[{output.ElapsedSeconds:0.0} s]");
        if (dir is not null) o.WriteLine($"wrote {Path.Combine(dir, "result.json")}, error_vs_beta.png, error_vs_separation.png, dense_capacity.png, index.html");
    }
}
