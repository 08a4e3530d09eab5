using System.CommandLine;
using Engram.Memory;
using Engram.Reports;

namespace Engram.Cli.Hopfield;

/// <summary><c>engram hopfield capacity</c>: final overlap vs load α, α_c estimate, Amari–Maginu theory.</summary>
public static class HopfieldCapacityVerb
{
    /// <summary>What <c>--json</c> prints and <c>result.json</c> holds.</summary>
    public sealed record Output(
        string Command, int N, int Trials, int Seed, string Mode, int MaxSteps, double CueNoise, double Threshold,
        IReadOnlyList<PointOut> Points, double AlphaCEstimate, string AlphaCEstimator, double AlphaCSteepest,
        double AlphaCTheory, IReadOnlyList<TheoryOut> TheoryCurve, double TheoryAlphaC, string Theory, double ElapsedSeconds);

    /// <summary>One load of the sweep.</summary>
    public sealed record PointOut(double Alpha, int P, double MeanOverlap, double StdOverlap, double MeanSteps, double ConvergedFraction, double[] Overlaps);

    /// <summary>One point of the Amari–Maginu curve.</summary>
    public sealed record TheoryOut(double Alpha, double Overlap);

    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var n = CommonOptions.IntAtLeast("--n", "number of neurons N", 2000);
        var alphas = CommonOptions.Grid("--alphas", "loads α = P/N", "0.05:0.25:0.01");
        var trials = CommonOptions.IntAtLeast("--trials", "independent networks per load", 10);
        var maxSteps = CommonOptions.IntAtLeast("--max-steps", "most update steps (sweeps when async) per retrieval", 100);
        var noise = CommonOptions.DoubleIn("--cue-noise", "fraction of the stored pattern's bits flipped in the cue", 0, 0, 1);
        var threshold = CommonOptions.DoubleIn("--threshold", "overlap that defines the α_c estimate", 0.5, 0, 1, maxInclusive: false);
        var mode = HopfieldCommand.Mode();
        var seed = CommonOptions.Seed();
        var outDir = CommonOptions.Out();
        var json = CommonOptions.Json();
        var command = new Command("capacity",
            "Storage capacity: store P = αN random patterns, start from a stored one, run to a fixed point, and record the final " +
            "overlap over many seeds; estimate α_c (theory 0.138) and draw the Amari–Maginu curve.\n" +
            "Example: engram hopfield capacity --n 2000 --alphas 0.08:0.2:0.01 --trials 10 --out runs/capacity")
        {
            n, alphas, trials, maxSteps, noise, threshold, mode, seed, outDir, json,
        };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            var settings = new CapacitySettings
            {
                N = parse.GetValue(n), Alphas = parse.GetValue(alphas)!, Trials = parse.GetValue(trials), Seed = parse.GetValue(seed),
                Mode = parse.GetValue(mode), MaxSteps = parse.GetValue(maxSteps), CueNoise = parse.GetValue(noise), Threshold = parse.GetValue(threshold),
            };
            settings.Validate();
            CapacityResult result = context.WithProgress("capacity sweep", progress => CapacitySweep.Run(settings, progress));
            Output output = ToOutput(result);
            DirectoryInfo? dir = parse.GetValue(outDir);
            if (dir is not null) Write(dir.FullName, result, output);
            if (context.Json) context.Output.WriteLine(JsonResult.ToJson(output));
            else Summarise(context.Output, result, dir?.FullName);
            return 0;
        });
        return command;
    }

    static Output ToOutput(CapacityResult r)
    {
        var s = r.Settings;
        double m0 = 1 - 2 * Math.Round(s.CueNoise * s.N, MidpointRounding.AwayFromZero) / s.N;
        double lo = Math.Min(0.01, s.Alphas.Min()), hi = Math.Max(0.3, s.Alphas.Max());
        var curve = Enumerable.Range(0, 121).Select(k => lo + (hi - lo) * k / 120)
            .Select(a => new TheoryOut(Math.Round(a, 6), AmariMaginu.FinalOverlap(a, m0, s.MaxSteps))).ToArray();
        return new Output(
            $"engram hopfield capacity --n {s.N} --alphas {string.Join(',', s.Alphas)} --trials {s.Trials} --seed {s.Seed}",
            s.N, s.Trials, s.Seed, s.Mode == UpdateMode.Synchronous ? "sync" : "async", s.MaxSteps, s.CueNoise, s.Threshold,
            r.Points.Select(p => new PointOut(p.Alpha, p.Patterns, p.MeanOverlap, p.StdOverlap, p.MeanSteps, p.ConvergedFraction, p.Overlaps)).ToArray(),
            r.AlphaCEstimate,
            $"threshold crossing: first α (ascending) whose mean final overlap is below {s.Threshold}, linearly interpolated with the α before it",
            r.AlphaCSteepest, CapacityResult.TheoreticalAlphaC, curve, r.TheoryAlphaC,
            "Amari & Maginu (1988) statistical neurodynamics, synchronous, m_T after max-steps steps from the cue's overlap",
            Math.Round(r.Elapsed.TotalSeconds, 3));
    }

    static void Write(string dir, CapacityResult r, Output output)
    {
        Directory.CreateDirectory(dir);
        JsonResult.Write(Path.Combine(dir, "result.json"), output);
        var sim = new Figures.Series($"simulation, N = {r.Settings.N} (mean ± std, {r.Settings.Trials} trials)",
            r.Points.Select(p => p.Alpha).ToArray(), r.Points.Select(p => p.MeanOverlap).ToArray(), r.Points.Select(p => p.StdOverlap).ToArray());
        var theory = new Figures.Series("Amari–Maginu theory (synchronous)",
            output.TheoryCurve.Select(t => t.Alpha).ToArray(), output.TheoryCurve.Select(t => t.Overlap).ToArray());
        var marks = new List<(double, string)> { (CapacityResult.TheoreticalAlphaC, "α_c = 0.138 (Amit et al. 1985)") };
        if (!double.IsNaN(r.AlphaCEstimate)) marks.Add((r.AlphaCEstimate, $"estimate {r.AlphaCEstimate:0.000}"));
        Figures.Lines(Path.Combine(dir, "capacity.png"), "Storage capacity of the Hopfield network", "load α = P/N",
            "final overlap m with the cued pattern", [sim, theory], marks);
        new HtmlReport("engram hopfield capacity")
            .KeyValues([("N", r.Settings.N.ToString()), ("trials per load", r.Settings.Trials.ToString()), ("seed", r.Settings.Seed.ToString()),
                ("α_c estimate", HopfieldCommand.F(r.AlphaCEstimate)), ("steepest drop at", HopfieldCommand.F(r.AlphaCSteepest)),
                ("Amari–Maginu α_c", HopfieldCommand.F(r.TheoryAlphaC)), ("time", $"{r.Elapsed.TotalSeconds:0.0} s")])
            .Figure("capacity.png", "Final overlap vs load; dashed: α_c = 0.138 and the estimate.")
            .Table(["α", "P", "mean overlap", "std", "mean steps", "converged"], r.Points.Select(p => (IReadOnlyList<string>)
                [HopfieldCommand.F(p.Alpha), p.Patterns.ToString(), HopfieldCommand.F(p.MeanOverlap, "0.0000"), HopfieldCommand.F(p.StdOverlap, "0.0000"),
                 HopfieldCommand.F(p.MeanSteps, "0.0"), HopfieldCommand.F(p.ConvergedFraction, "0.00")]))
            .Json(JsonResult.ToJson(output))
            .Save(Path.Combine(dir, "index.html"));
    }

    static void Summarise(TextWriter o, CapacityResult r, string? dir)
    {
        o.WriteLine($"capacity sweep: N = {r.Settings.N}, {r.Settings.Trials} trials per load, {(r.Settings.Mode == UpdateMode.Synchronous ? "sync" : "async")}, seed {r.Settings.Seed}");
        o.WriteLine("  alpha     P   mean m   std m   theory m");
        for (int k = 0; k < r.Points.Length; k++)
        {
            var p = r.Points[k];
            o.WriteLine($"  {HopfieldCommand.F(p.Alpha, "0.000"),5} {p.Patterns,5}   {HopfieldCommand.F(p.MeanOverlap, "0.0000")}  {HopfieldCommand.F(p.StdOverlap, "0.0000")}   {HopfieldCommand.F(r.TheoryOverlaps[k], "0.0000")}");
        }
        o.WriteLine($"alpha_c estimate {HopfieldCommand.F(r.AlphaCEstimate)} (mean overlap crosses {r.Settings.Threshold}); steepest drop at {HopfieldCommand.F(r.AlphaCSteepest)}; " +
                    $"theory 0.138; Amari–Maginu {HopfieldCommand.F(r.TheoryAlphaC)}  [{r.Elapsed.TotalSeconds:0.0} s]");
        if (dir is not null) o.WriteLine($"wrote {Path.Combine(dir, "result.json")}, capacity.png, index.html");
    }
}
