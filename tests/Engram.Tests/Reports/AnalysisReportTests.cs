using System.Diagnostics;
using System.Text.RegularExpressions;
using Engram.Data;
using Engram.Reports;
using Engram.Studies;
using Engram.Tests.Studies;

namespace Engram.Tests.Reports;

/// <summary>One report, written once for the tests of <see cref="AnalysisReportTests"/>: three made representations with two categories, all pairs, barycenter through copy 0.</summary>
public sealed class MadeAnalysisReport : IDisposable
{
    /// <summary>The report's folder.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("engram-analysis-report-").FullName;

    /// <summary>The analysis.</summary>
    public RepresentationAnalysisResult Result { get; }

    /// <summary>The figures the report wrote.</summary>
    public IReadOnlyList<string> Figures { get; }

    public MadeAnalysisReport()
    {
        var (files, _) = RepresentationAnalysisTests.Made(Folder, permute: false);
        int n = RepresentationAnalysisTests.Items;
        string categories = Path.Combine(Folder, "categories.csv");
        File.WriteAllLines(categories, ["item,left,right", .. Enumerable.Range(0, n).Select(i => $"item {i},{(i < n / 2 ? 1 : 0)},{(i < n / 2 ? 0 : 1)}")]);
        using IStudyStorage storage = StudyStorage.Open("memory");
        RepresentationAnalysisSettings settings = RepresentationAnalysisTests.Settings(files[..3], pivot: 0);
        Result = RepresentationAnalysis.Run(settings with { Search = settings.Search with { Trials = 2 }, Categories = categories }, storage);
        Figures = AnalysisReport.Write(Folder, Result);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

public class AnalysisReportTests(MadeAnalysisReport report) : IClassFixture<MadeAnalysisReport>
{
    readonly string folder = report.Folder;

    (RepresentationAnalysisResult Result, IReadOnlyList<string> Figures) Report() => (report.Result, report.Figures);

    [Fact]
    public void The_report_writes_every_figure_it_links_and_the_numbers()
    {
        var (result, figures) = Report();
        string html = File.ReadAllText(Path.Combine(folder, "index.html"));
        var linked = Regex.Matches(html, "<img src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.Equal(figures.OrderBy(f => f), linked.OrderBy(f => f));
        Assert.All(linked, f => Assert.True(new FileInfo(Path.Combine(folder, f)).Length > 1000, f));
        // 5 matrices, 3 dissimilarity matrices, histograms, 2-D and 12 3-D views, per pair: plan, confusion, 2 ε figures.
        Assert.Equal(5 + 3 + 1 + 1 + 12 + 3 * 4, figures.Count);
        foreach (PairAnalysis pair in result.Pairs)
            Assert.Contains(pair.Best.GwLoss.ToString("F6", System.Globalization.CultureInfo.InvariantCulture), html);
        // Unpermuted copies: every pair matches every item to itself, and each pair's section shows its own three rates.
        static string Pct(double? v) => v!.Value.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + " %";
        foreach (PairAnalysis pair in result.Pairs)
        {
            Assert.Equal(100, pair.Best.Scores!.Top1);
            string row = $"<tr><th>top-1 / 5 / 10</th><td>{Pct(pair.Best.Scores.Top1)} / {Pct(pair.Best.Scores.Top5)} / {Pct(pair.Best.Scores.Top10)}</td></tr>";
            int section = html.IndexOf($">{result.Representations[pair.First].Name} vs {result.Representations[pair.Second].Name}<", StringComparison.Ordinal);
            Assert.True(section >= 0, $"no section for pair {pair.First}–{pair.Second}");
            Assert.Equal(section + html[section..].IndexOf("<tr><th>top-1 / 5 / 10</th>", StringComparison.Ordinal), html.IndexOf(row, section, StringComparison.Ordinal));
        }
        Assert.True(File.Exists(Path.Combine(folder, "copy_0_vs_copy_1", "plan.npy")));
        Assert.Contains("\"barycenter_rate_to_barycenter\": [", File.ReadAllText(Path.Combine(folder, "result.json")));
    }

    [Fact]
    public void The_report_page_loads_in_headless_chromium_with_every_figure_and_the_numbers()
    {
        string? chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null) Assert.Skip("Chromium is not installed (apt-get install -y chromium); the page was not checked in a browser.");
        var (result, figures) = Report();
        var start = new ProcessStartInfo(chromium)
        {
            ArgumentList = { "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom",
                new Uri(Path.Combine(folder, "index.html")).AbsoluteUri },
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var browser = Process.Start(start)!;
        browser.ErrorDataReceived += (_, _) => { };
        browser.BeginErrorReadLine();
        string dom = browser.StandardOutput.ReadToEnd();
        Assert.True(browser.WaitForExit(60_000), "Chromium did not finish within a minute");
        Assert.Contains($"data-figures=\"ok {figures.Count}\"", dom);
        Assert.Contains(result.Pairs[0].Best.GwLoss.ToString("F6", System.Globalization.CultureInfo.InvariantCulture), dom);
        Assert.Contains("Barycenter alignment (pivot copy 0)", dom);
    }
}
