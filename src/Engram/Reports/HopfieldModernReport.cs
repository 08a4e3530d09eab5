using Engram.Memory;
using static Engram.Reports.NumberText;

namespace Engram.Reports;

/// <summary>What <c>engram hopfield modern --json</c> prints and its <c>result.json</c> holds.</summary>
/// <param name="Command">The command line as typed.</param>
/// <param name="Dimension">Pattern dimension d.</param>
/// <param name="Patterns">Stored patterns n.</param>
/// <param name="QueryNoise">Noise norm relative to the pattern in each query.</param>
/// <param name="Trials">Independent draws.</param>
/// <param name="Seed">Seed.</param>
/// <param name="ErrorVsBeta">One-step error against β.</param>
/// <param name="ErrorVsSeparation">One-step error against separation, per β.</param>
/// <param name="DenseN">Neurons of the binary dense memories.</param>
/// <param name="DenseCueNoise">Fraction of bits flipped in their cues.</param>
/// <param name="DenseCapacity">Final overlap against stored patterns, per energy.</param>
/// <param name="Meaning">What the numbers are, in words.</param>
/// <param name="ElapsedSeconds">Wall-clock time.</param>
public sealed record HopfieldModernRecord(string Command, int Dimension, int Patterns, double QueryNoise, int Trials, int Seed,
    IReadOnlyList<ErrorPoint> ErrorVsBeta, IReadOnlyList<HopfieldModernRecord.SeparationCurve> ErrorVsSeparation, int DenseN, double DenseCueNoise,
    IReadOnlyList<DenseCapacityCurve> DenseCapacity, string Meaning, double ElapsedSeconds)
{
    /// <summary>Error against separation at one β.</summary>
    public sealed record SeparationCurve(double Beta, IReadOnlyList<ErrorPoint> Points);
}

/// <summary>The record, report folder and summary of <c>engram hopfield modern</c>.</summary>
public static class HopfieldModernReport
{
    /// <summary>The record of <paramref name="r"/>.</summary>
    public static HopfieldModernRecord Record(ModernRetrievalResult r, string command, double elapsedSeconds)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Settings;
        return new HopfieldModernRecord(command, s.Dimension, s.Patterns, s.QueryNoise, s.Trials, s.Seed, r.ErrorVsBeta,
            r.ErrorVsSeparation.Select(kv => new HopfieldModernRecord.SeparationCurve(kv.Key, kv.Value)).ToArray(), s.DenseN, s.DenseCueNoise,
            r.DenseCapacity,
            "mean_error: ‖z1 − x‖/‖x‖ after one update z1 = Xᵀ softmax(β X q) from a query q = x + noise; accuracy: z1 closest to the right pattern; " +
            "dense_capacity: mean final overlap after asynchronous retrieval from a stored pattern with 10 % of bits flipped",
            Math.Round(elapsedSeconds, 3));
    }

    /// <summary>Writes result.json, the three figures and index.html into <paramref name="folder"/>.</summary>
    public static void Write(string folder, ModernRetrievalResult r, HopfieldModernRecord record, FigureFormats formats = FigureFormats.Png)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(record);
        string json = ContinualFigures.WriteJson(folder, record);
        // Errors below 1e-16 are exact retrieval in float64: drawn at 1e-16 on the log axis.
        static double Floor(double v) => Math.Max(v, 1e-16);
        Figures.Lines(Path.Combine(folder, "error_vs_beta.png"), formats,
            $"One-step retrieval error vs β (d = {r.Settings.Dimension}, n = {r.Settings.Patterns})", "inverse temperature β", "relative error ‖z₁ − x‖/‖x‖",
            [new Figures.Series("random unit patterns", r.ErrorVsBeta.Select(p => p.X).ToArray(), r.ErrorVsBeta.Select(p => Floor(p.MeanError)).ToArray())],
            logX: true, logY: true);
        Figures.Lines(Path.Combine(folder, "error_vs_separation.png"), formats,
            "One-step retrieval error vs pattern separation Δ", "separation Δ = 1 − c", "relative error ‖z₁ − x‖/‖x‖",
            r.ErrorVsSeparation.Select(kv => new Figures.Series($"β = {kv.Key}", kv.Value.Select(p => p.X).ToArray(), kv.Value.Select(p => Floor(p.MeanError)).ToArray())),
            logY: true);
        Figures.Lines(Path.Combine(folder, "dense_capacity.png"), formats,
            $"Dense associative memory, N = {r.Settings.DenseN}: retrieval vs stored patterns", "stored patterns P", "final overlap m",
            r.DenseCapacity.Select(c => new Figures.Series($"F(u) = {c.Label}", c.PatternCounts.Select(p => (double)p).ToArray(), c.MeanOverlap)));
        new HtmlReport("engram hopfield modern")
            .Paragraph(record.Command)
            .KeyValues([("d", record.Dimension.ToString()), ("n", record.Patterns.ToString()), ("query noise", record.QueryNoise.ToString()), ("trials", record.Trials.ToString())])
            .Figure("error_vs_beta.png", "Retrieval error after one update falls with β until the nearest pattern dominates the softmax.")
            .Figure("error_vs_separation.png", "Retrieval error vs separation: roughly exp(−βΔ) once βΔ is large.")
            .Figure("dense_capacity.png", "Binary dense memories: capacity grows with the degree k; exp(u) keeps retrieving.")
            .Json(json)
            .Save(Path.Combine(folder, "index.html"));
    }

    /// <summary>The summary the verb prints; the files when <paramref name="folder"/> is given.</summary>
    public static IEnumerable<string> Lines(ModernRetrievalResult r, HopfieldModernRecord record, string? folder)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(record);
        yield return $"modern Hopfield, d = {r.Settings.Dimension}, n = {r.Settings.Patterns}, query noise {r.Settings.QueryNoise}, {r.Settings.Trials} draws";
        yield return "  beta      error     accuracy";
        foreach (var p in r.ErrorVsBeta) yield return $"  {F(p.X, "0.###"),6}  {p.MeanError,9:0.000e+00}  {F(p.Accuracy, "0.000")}";
        foreach (var (beta, points) in r.ErrorVsSeparation)
            yield return $"  β = {beta}: error at Δ = {F(points[0].X, "0.00")} … {F(points[^1].X, "0.00")}: {points[0].MeanError:0.0e+00} … {points[^1].MeanError:0.0e+00}";
        yield return $"dense binary memories, N = {r.Settings.DenseN}: final overlap vs P = {string.Join(", ", r.DenseCapacity[0].PatternCounts)}";
        foreach (var c in r.DenseCapacity) yield return $"  {c.Label,-7} " + string.Join(" ", c.MeanOverlap.Select(v => F(v, "0.00")));
        yield return $"[{record.ElapsedSeconds:0.0} s]";
        if (folder is not null) yield return $"wrote {Path.Combine(folder, "result.json")}, error_vs_beta.png, error_vs_separation.png, dense_capacity.png, index.html";
    }
}
