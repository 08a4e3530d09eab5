using Engram.Memory;
using static Engram.Reports.NumberText;

namespace Engram.Reports;

/// <summary>What <c>engram hopfield capacity --json</c> prints and its <c>result.json</c> holds.</summary>
/// <param name="Command">The command line as typed.</param>
/// <param name="N">Neurons.</param>
/// <param name="Trials">Networks per load.</param>
/// <param name="Seed">Seed of the sweep.</param>
/// <param name="Mode">"sync" or "async".</param>
/// <param name="MaxSteps">Most update steps per retrieval.</param>
/// <param name="CueNoise">Fraction of the cue's bits flipped.</param>
/// <param name="Threshold">Overlap that defines the α_c estimate.</param>
/// <param name="Points">One point per load.</param>
/// <param name="AlphaCEstimate">Threshold-crossing estimate of α_c.</param>
/// <param name="AlphaCEstimator">How the estimate is made, in words.</param>
/// <param name="AlphaCSteepest">Where the mean overlap falls fastest.</param>
/// <param name="AlphaCTheory">The equilibrium capacity 0.138 (Amit et al. 1985).</param>
/// <param name="TheoryCurve">The Amari–Maginu curve.</param>
/// <param name="TheoryAlphaC">Where the Amari–Maginu m_T crosses the threshold.</param>
/// <param name="Theory">Which theory the curve is, in words.</param>
/// <param name="ElapsedSeconds">Wall-clock time of the sweep.</param>
public sealed record HopfieldCapacityRecord(
    string Command, int N, int Trials, int Seed, string Mode, int MaxSteps, double CueNoise, double Threshold,
    IReadOnlyList<HopfieldCapacityRecord.Point> Points, double AlphaCEstimate, string AlphaCEstimator, double AlphaCSteepest,
    double AlphaCTheory, IReadOnlyList<TheoryPoint> TheoryCurve, double TheoryAlphaC, string Theory, double ElapsedSeconds)
{
    /// <summary>One load of the sweep.</summary>
    public sealed record Point(double Alpha, int P, double MeanOverlap, double StdOverlap, double MeanSteps, double ConvergedFraction, double[] Overlaps);
}

/// <summary>The record, report folder (result.json, capacity figure, index.html) and summary of a capacity sweep.</summary>
public static class HopfieldCapacityReport
{
    /// <summary>The record of <paramref name="r"/>, run by <paramref name="command"/>.</summary>
    public static HopfieldCapacityRecord Record(CapacityResult r, string command)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Settings;
        return new HopfieldCapacityRecord(
            command, s.N, s.Trials, s.Seed, Mode(s.Mode), s.MaxSteps, s.CueNoise, s.Threshold,
            r.Points.Select(p => new HopfieldCapacityRecord.Point(p.Alpha, p.Patterns, p.MeanOverlap, p.StdOverlap, p.MeanSteps, p.ConvergedFraction, p.Overlaps)).ToArray(),
            r.AlphaCEstimate,
            $"threshold crossing: first α (ascending) whose mean final overlap is below {s.Threshold}, linearly interpolated with the α before it",
            r.AlphaCSteepest, CapacityResult.TheoreticalAlphaC, r.TheoryCurve, r.TheoryAlphaC,
            "Amari & Maginu (1988) statistical neurodynamics, synchronous, m_T after max-steps steps from the cue's overlap",
            Math.Round(r.Elapsed.TotalSeconds, 3));
    }

    /// <summary>Writes result.json, capacity.png and index.html into <paramref name="folder"/>.</summary>
    public static void Write(string folder, CapacityResult r, HopfieldCapacityRecord record, FigureFormats formats = FigureFormats.Png)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(record);
        string json = ContinualFigures.WriteJson(folder, record);
        var sim = new Figures.Series($"simulation, N = {r.Settings.N} (mean ± std, {r.Settings.Trials} trials)",
            r.Points.Select(p => p.Alpha).ToArray(), r.Points.Select(p => p.MeanOverlap).ToArray(), r.Points.Select(p => p.StdOverlap).ToArray());
        var theory = new Figures.Series("Amari–Maginu theory (synchronous)",
            r.TheoryCurve.Select(t => t.Alpha).ToArray(), r.TheoryCurve.Select(t => t.Overlap).ToArray()) { Style = Figures.SeriesStyle.Line };
        var marks = new List<(double, string)> { (CapacityResult.TheoreticalAlphaC, "α_c = 0.138 (Amit et al. 1985)") };
        if (!double.IsNaN(r.AlphaCEstimate)) marks.Add((r.AlphaCEstimate, $"estimate {r.AlphaCEstimate:0.000}"));
        Figures.Lines(Path.Combine(folder, "capacity.png"), formats, $"Storage capacity of the Hopfield network (N = {r.Settings.N})", "load α = P/N",
            "final overlap m with the cued pattern", [sim, theory], marks);
        new HtmlReport("engram hopfield capacity")
            .Paragraph(record.Command)
            .KeyValues([("N", r.Settings.N.ToString()), ("trials per load", r.Settings.Trials.ToString()), ("seed", r.Settings.Seed.ToString()),
                ("α_c estimate", F(r.AlphaCEstimate)), ("steepest drop at", F(r.AlphaCSteepest)),
                ("Amari–Maginu α_c", F(r.TheoryAlphaC)), ("time", $"{r.Elapsed.TotalSeconds:0.0} s")])
            .Figure("capacity.png", "Final overlap vs load; dashed: α_c = 0.138 and the estimate.")
            .Table(["α", "P", "mean overlap", "std", "mean steps", "converged"], r.Points.Select(p => (IReadOnlyList<string>)
                [F(p.Alpha), p.Patterns.ToString(), F(p.MeanOverlap, "0.0000"), F(p.StdOverlap, "0.0000"), F(p.MeanSteps, "0.0"), F(p.ConvergedFraction, "0.00")]))
            .Json(json)
            .Save(Path.Combine(folder, "index.html"));
    }

    /// <summary>The summary the verb prints: a table of loads, then the α_c estimates; the files when <paramref name="folder"/> is given.</summary>
    public static IEnumerable<string> Lines(CapacityResult r, string? folder)
    {
        ArgumentNullException.ThrowIfNull(r);
        yield return $"capacity sweep: N = {r.Settings.N}, {r.Settings.Trials} trials per load, {Mode(r.Settings.Mode)}, seed {r.Settings.Seed}";
        yield return "  alpha     P   mean m   std m   theory m";
        for (int k = 0; k < r.Points.Length; k++)
        {
            var p = r.Points[k];
            yield return $"  {F(p.Alpha, "0.000"),5} {p.Patterns,5}   {F(p.MeanOverlap, "0.0000")}  {F(p.StdOverlap, "0.0000")}   {F(r.TheoryOverlaps[k], "0.0000")}";
        }
        yield return $"alpha_c estimate {F(r.AlphaCEstimate)} (mean overlap crosses {r.Settings.Threshold}); steepest drop at {F(r.AlphaCSteepest)}; " +
                     $"theory 0.138; Amari–Maginu {F(r.TheoryAlphaC)}  [{r.Elapsed.TotalSeconds:0.0} s]";
        if (folder is not null) yield return $"wrote {Path.Combine(folder, "result.json")}, capacity.png, index.html";
    }

    /// <summary>"sync" or "async", as the command line writes the update mode.</summary>
    public static string Mode(UpdateMode mode) => mode == UpdateMode.Synchronous ? "sync" : "async";
}
