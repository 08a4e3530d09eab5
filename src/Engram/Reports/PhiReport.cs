using Engram.Data;
using Engram.Phi;

namespace Engram.Reports;

/// <summary>What every <c>engram phi</c> result states about its input.</summary>
/// <param name="Input">Data file or AR model it came from.</param>
/// <param name="Channels">Number of channels N.</param>
/// <param name="Samples">Samples used (0 for the exact covariance of an AR model).</param>
/// <param name="Tau">Lag τ.</param>
/// <param name="Measure">mi1, mi, si, star or geo.</param>
/// <param name="Normalise">Whether Φ was normalised for the search.</param>
public sealed record PhiInputSummary(string Input, int Channels, long Samples, int Tau, string Measure, bool Normalise)
{
    /// <summary>The summary of <paramref name="phi"/>'s input.</summary>
    public static PhiInputSummary Of(string input, GaussianPhi phi) =>
        new(input, phi.Channels, phi.Statistics.Samples, phi.Statistics.Lag, phi.Settings.Measure.ToString().ToLowerInvariant(), phi.Settings.Normalise);

    /// <summary>The summary of a discrete system's input.</summary>
    public static PhiInputSummary Of(string input, DiscretePhi phi) =>
        new(input, phi.Channels, phi.Statistics.Samples, phi.Statistics.Lag, phi.Settings.Measure.ToString().ToLowerInvariant(), false)
        { DiscreteStates = phi.Statistics.States };

    /// <summary>States k per channel when Φ was computed from discrete counts; null for Gaussian statistics.</summary>
    public int? DiscreteStates { get; init; }
}

/// <summary>Result of <c>engram phi measure</c>.</summary>
/// <param name="Input">The input.</param>
/// <param name="Partition">The parts (0-based channels).</param>
/// <param name="Phi">Φ in nats.</param>
/// <param name="NormalisedPhi">Normalised Φ, when asked for.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record PhiMeasureSummary(PhiInputSummary Input, int[][] Partition, double Phi, double? NormalisedPhi, double Seconds);

/// <summary>Result of <c>engram phi mip</c>.</summary>
/// <param name="Input">The input.</param>
/// <param name="Search">exhaustive, queyranne or remcmc.</param>
/// <param name="Mip">The minimum information partition (0-based channels).</param>
/// <param name="Phi">Φ^MIP in nats.</param>
/// <param name="NormalisedPhi">Its normalised Φ, when asked for.</param>
/// <param name="Evaluations">Φ evaluations the search made.</param>
/// <param name="Seed">Seed of the search (REMCMC).</param>
/// <param name="Seconds">Wall time.</param>
public sealed record PhiMipSummary(PhiInputSummary Input, string Search, int[][] Mip, double Phi, double? NormalisedPhi, long Evaluations, int Seed, double Seconds);

/// <summary>One complex in a result file.</summary>
/// <param name="Channels">Its channels (0-based).</param>
/// <param name="Phi">Φ^MIP.</param>
/// <param name="MipPart">The part of its MIP holding its smallest channel.</param>
/// <param name="IsMain">Whether it is a main complex.</param>
/// <param name="Parent">Index of the smallest complex containing it.</param>
public sealed record PhiComplexRow(int[] Channels, double Phi, int[] MipPart, bool IsMain, int? Parent);

/// <summary>Result of <c>engram phi complexes</c>.</summary>
/// <param name="Input">The input.</param>
/// <param name="Search">exhaustive or hierarchical.</param>
/// <param name="MipSearch">The MIP search inside the hierarchical search.</param>
/// <param name="Complexes">Complexes, largest Φ^MIP first.</param>
/// <param name="MainComplexes">Indices of the main complexes in <paramref name="Complexes"/>.</param>
/// <param name="MipSearches">Subsets whose MIP was searched.</param>
/// <param name="Evaluations">Φ evaluations in all.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record PhiComplexesSummary(PhiInputSummary Input, string Search, string? MipSearch, IReadOnlyList<PhiComplexRow> Complexes,
    int[] MainComplexes, long MipSearches, long Evaluations, double Seconds)
{
    /// <summary>The summary of <paramref name="result"/>.</summary>
    public static PhiComplexesSummary Of(PhiInputSummary input, ComplexResult result, string? mipSearch, double seconds) =>
        new(input, result.Search.ToString().ToLowerInvariant(), mipSearch,
            [.. result.Complexes.Select(c => new PhiComplexRow(c.Channels, c.Phi, c.MipPart, c.IsMain, c.Parent))],
            [.. result.Complexes.Select((c, i) => (c, i)).Where(x => x.c.IsMain).Select(x => x.i)],
            result.MipSearches, result.Evaluations, Math.Round(seconds, 4));
}

/// <summary>Writes the output folders of the <c>engram phi</c> verbs: result.json, arrays, a figure and index.html.</summary>
public static class PhiReport
{
    /// <summary>Sets as text, 0-based: "{0,1} {2,3}".</summary>
    public static string Sets(IEnumerable<int[]> sets) => string.Join(" ", sets.Select(Set));

    /// <summary>One set as text: "{0,1}".</summary>
    public static string Set(int[] set) => "{" + string.Join(",", set) + "}";

    /// <summary>Writes the folder of <c>engram phi measure</c>.</summary>
    public static void Write(string folder, PhiMeasureSummary s, string command)
    {
        string json = JsonResult.ToJson(s);
        JsonResult.Write(Path.Combine(folder, "result.json"), s);
        new HtmlReport("engram phi measure").Paragraph(command).KeyValues(InputRows(s.Input).Concat([
                ("partition", Sets(s.Partition)), ("Φ (nats)", G(s.Phi)), ("normalised Φ", s.NormalisedPhi is double v ? G(v) : "—")]))
            .Json(json).Save(Path.Combine(folder, "index.html"));
    }

    /// <summary>Writes the folder of <c>engram phi mip</c>: result.json, labels.npy (part of each channel) and index.html.</summary>
    public static void Write(string folder, PhiMipSummary s, string command)
    {
        string json = JsonResult.ToJson(s);
        JsonResult.Write(Path.Combine(folder, "result.json"), s);
        var labels = new int[s.Input.Channels];
        for (int p = 0; p < s.Mip.Length; p++) foreach (int c in s.Mip[p]) labels[c] = p;
        AtomicFile.Write(Path.Combine(folder, "labels.npy"), tmp => Npy.Write(tmp, labels, labels.Length));
        new HtmlReport("engram phi mip").Paragraph(command).KeyValues(InputRows(s.Input).Concat([
                ("search", s.Search), ("MIP", Sets(s.Mip)), ("Φ^MIP (nats)", G(s.Phi)),
                ("normalised Φ^MIP", s.NormalisedPhi is double v ? G(v) : "—"), ("Φ evaluations", s.Evaluations.ToString()), ("seconds", G(s.Seconds))]))
            .Json(json).Save(Path.Combine(folder, "index.html"));
    }

    /// <summary>
    /// Writes the folder of <c>engram phi complexes</c>: result.json, complexes.npy (complexes × channels, Φ^MIP where the channel
    /// belongs, 0 elsewhere), complexes.png (the same as a channel map, log₁₀ Φ) and index.html.
    /// </summary>
    public static void Write(string folder, PhiComplexesSummary s, string command, FigureFormats formats = FigureFormats.Png)
    {
        string json = JsonResult.ToJson(s);
        JsonResult.Write(Path.Combine(folder, "result.json"), s);
        int k = s.Complexes.Count, n = s.Input.Channels;
        var membership = new double[k, n];
        var map = new double[k, n];
        for (int i = 0; i < k; i++)
            for (int c = 0; c < n; c++)
            {
                bool member = s.Complexes[i].Channels.Contains(c);
                membership[i, c] = member ? s.Complexes[i].Phi : 0;
                map[k - 1 - i, c] = member && s.Complexes[i].Phi > 0 ? Math.Log10(s.Complexes[i].Phi) : double.NaN;
            }
        AtomicFile.Write(Path.Combine(folder, "complexes.npy"), tmp => Npy.Write(tmp, membership));
        var html = new HtmlReport("engram phi complexes").Paragraph(command).KeyValues(InputRows(s.Input).Concat([
            ("search", s.Search + (s.MipSearch is null ? "" : $" (MIPs by {s.MipSearch})")), ("MIP searches", s.MipSearches.ToString()),
            ("Φ evaluations", s.Evaluations.ToString()), ("seconds", G(s.Seconds))]));
        if (k > 0)
        {
            // Row r (from the bottom) is complex k − 1 − r: the largest Φ^MIP on top, each row named by its Φ^MIP (* main complex).
            string[]? rowNames = k > 30 ? null : [.. Enumerable.Range(0, k).Select(r => s.Complexes[k - 1 - r]).Select(c => G(c.Phi) + (c.IsMain ? " *" : ""))];
            Figures.Heatmap(Path.Combine(folder, "complexes.png"), formats, map, $"Complexes of {n} channels ({s.Input.Measure})", "channel",
                rowNames is null ? "complex, by increasing Φ^MIP" : "Φ^MIP of the complex (nats; * main)", "log₁₀ Φ^MIP (nats)",
                rowNames: rowNames, columnNames: n > 40 ? null : [.. Enumerable.Range(0, n).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            html.Figure("complexes.png", "Each row is a complex, coloured by log₁₀ Φ^MIP over its channels; the top row has the largest Φ^MIP.");
        }
        html.Table(["#", "channels", "Φ^MIP", "MIP part", "main", "inside"],
                s.Complexes.Select((c, i) => (IReadOnlyList<string>)[i.ToString(), Set(c.Channels), G(c.Phi), Set(c.MipPart), c.IsMain ? "yes" : "", c.Parent?.ToString() ?? ""]))
            .Json(json).Save(Path.Combine(folder, "index.html"));
    }

    static IEnumerable<(string, string)> InputRows(PhiInputSummary i) =>
    [
        ("input", i.Input), ("channels", i.Channels.ToString()), ("samples", i.Samples == 0 ? "exact (AR model)" : i.Samples.ToString()),
        ("τ", i.Tau.ToString()), ("measure", i.Measure + (i.Normalise ? ", normalised" : "")),
    ];

    /// <summary>A number for tables: 5 significant digits.</summary>
    public static string G(double v) => v.ToString("G5", System.Globalization.CultureInfo.InvariantCulture);
}
