using System.Globalization;
using System.Net;
using Engram.Alignment.Evaluation;
using Engram.Data;
using Engram.Studies;

namespace Engram.Reports;

/// <summary>One pair of an analysis in <c>result.json</c>.</summary>
public sealed record AnalysisPairSummary
{
    /// <summary>First representation (rows of the plan).</summary>
    public required string First { get; init; }
    /// <summary>Second representation (columns).</summary>
    public required string Second { get; init; }
    /// <summary>The pair's study name in the storage.</summary>
    public required string Study { get; init; }
    /// <summary>Complete, pruned and failed trials.</summary>
    public required int[] TrialsCompletePrunedFailed { get; init; }
    /// <summary>Number of the lowest-loss trial.</summary>
    public required int BestTrial { get; init; }
    /// <summary>Its ε.</summary>
    public required double BestEps { get; init; }
    /// <summary>Its GW loss.</summary>
    public required double GwLoss { get; init; }
    /// <summary>Its scores (top-k, category, k-NN, RSA).</summary>
    public AlignmentScores? Scores { get; init; }
    /// <summary>What histogram matching did, or null.</summary>
    public string? HistogramMatching { get; init; }
    /// <summary>RSA within categories and between them.</summary>
    public IReadOnlyList<BlockRsa>? CategoryRsa { get; init; }
    /// <summary>Seconds of the pair's trials, summed.</summary>
    public required double StudySeconds { get; init; }
}

/// <summary>What <c>engram analysis run|report</c> writes as <c>result.json</c> and prints with <c>--json</c>.</summary>
public sealed record AnalysisSummary
{
    /// <summary>Analysis name.</summary>
    public required string Name { get; init; }
    /// <summary>Representation names, the order of every matrix.</summary>
    public required IReadOnlyList<string> Representations { get; init; }
    /// <summary>Per pair.</summary>
    public required IReadOnlyList<AnalysisPairSummary> Pairs { get; init; }
    /// <summary>K × K matrices (null where not aligned or not applicable): rsa_pearson, rsa_spearman, gw_loss, top1, category_top1.</summary>
    public required IReadOnlyDictionary<string, double?[][]> Matrices { get; init; }
    /// <summary>Barycenter: matching rate of each representation to the barycenter (%), or null.</summary>
    public double[]? BarycenterRateToBarycenter { get; init; }
    /// <summary>Barycenter: matching rates between representations through it (%), or null.</summary>
    public double[][]? BarycenterRateBetween { get; init; }
    /// <summary>Why the barycenter was skipped, or null.</summary>
    public string? BarycenterSkipped { get; init; }
    /// <summary>Seconds of the whole analysis call (trials run now, re-runs of the best trials, barycenter).</summary>
    public required double Seconds { get; init; }

    /// <summary>The measures of <see cref="Matrices"/> and how each is read from a pair.</summary>
    public static readonly IReadOnlyList<(string Key, string Title, string Format, Func<PairAnalysis, double?> Measure)> Measures =
    [
        ("rsa_pearson", "RSA (Pearson)", "F3", p => p.Best.Scores?.RsaPearson),
        ("rsa_spearman", "RSA (Spearman)", "F3", p => p.Best.Scores?.RsaSpearman),
        ("gw_loss", "GW loss", "G4", p => p.Best.GwLoss),
        ("top1", "top-1 matching rate (%)", "F1", p => p.Best.Scores?.Top1),
        ("category_top1", "category top-1 matching rate (%)", "F1", p => p.Best.Scores?.CategoryTop1),
    ];

    /// <summary>The summary of <paramref name="result"/>.</summary>
    public static AnalysisSummary Of(RepresentationAnalysisResult result)
    {
        var names = result.Representations.Select(r => r.Name).ToArray();
        return new AnalysisSummary
        {
            Name = result.Settings.Name, Representations = names,
            Pairs = result.Pairs.Select(p =>
            {
                StudyStatus s = StudyStatus.Of(p.Study);
                Trial best = p.Study.Best!;
                return new AnalysisPairSummary
                {
                    First = names[p.First], Second = names[p.Second], Study = p.Study.Definition.Name,
                    TrialsCompletePrunedFailed = [s.Complete, s.Pruned, s.Failed], BestTrial = best.Number, BestEps = best.Parameters["eps"],
                    GwLoss = p.Best.GwLoss, Scores = p.Best.Scores, HistogramMatching = p.HistogramMatching, CategoryRsa = p.CategoryRsa,
                    StudySeconds = Math.Round(p.Study.Trials.Where(t => t.IsFinished && t.Started is not null && t.Finished is not null)
                        .Sum(t => (t.Finished!.Value - t.Started!.Value).TotalSeconds), 3),
                };
            }).ToArray(),
            Matrices = Measures.ToDictionary(m => m.Key, m => Jagged(result.Matrix(m.Measure))),
            BarycenterRateToBarycenter = result.Barycenter?.RateToBarycenter,
            BarycenterRateBetween = result.Barycenter is { } b ? Jagged(b.RateBetween) : null,
            BarycenterSkipped = result.BarycenterSkipped,
            Seconds = Math.Round(result.Seconds, 3),
        };
    }

    static double?[][] Jagged(double?[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray()).ToArray();

    static double[][] Jagged(double[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray()).ToArray();
}

/// <summary>
/// The report of an analysis: <c>result.json</c>, each pair's plan as <c>.npy</c>, every figure and one <c>index.html</c>
/// with the K × K tables and heatmaps, a section per pair and the aligned embeddings (a rotating 3-D view).
/// </summary>
public static class AnalysisReport
{
    /// <summary>
    /// Writes the report into <paramref name="directory"/>: result.json always, each pair's plan as PAIR/plan.npy when
    /// <paramref name="plans"/>, the figures and index.html when <paramref name="figures"/>. Returns the figure files written
    /// (relative names).
    /// </summary>
    public static IReadOnlyList<string> Write(string directory, RepresentationAnalysisResult result, bool figures = true, bool plans = true,
        FigureFormats formats = FigureFormats.Png)
    {
        Directory.CreateDirectory(directory);
        var summary = AnalysisSummary.Of(result);
        if (plans)
            foreach (PairAnalysis pair in result.Pairs)
                WritePlan(directory, result, pair);
        if (!figures)
        {
            AtomicFile.WriteAllText(Path.Combine(directory, "result.json"), JsonResult.ToJson(summary));
            return [];
        }
        return WriteFigures(directory, result, summary, formats);
    }

    static void WritePlan(string directory, RepresentationAnalysisResult result, PairAnalysis pair)
    {
        string folder = Path.Combine(directory, PairFolder(result, pair));
        Directory.CreateDirectory(folder);
        Npy.Write(Path.Combine(folder, "plan.npy"), NpyArray.FromMatrix(pair.Best.Plan));
    }

    static string PairFolder(RepresentationAnalysisResult result, PairAnalysis pair) =>
        RepresentationAnalysis.SafeName($"{result.Representations[pair.First].Name}_vs_{result.Representations[pair.Second].Name}");

    static IReadOnlyList<string> WriteFigures(string directory, RepresentationAnalysisResult result, AnalysisSummary summary, FigureFormats formats)
    {
        var names = summary.Representations;
        var figures = new List<string>();
        string Rel(string path) => Path.GetRelativePath(directory, path).Replace('\\', '/');
        var html = new HtmlReport($"Analysis {result.Settings.Name}: {names.Count} representations, {result.Pairs.Count} {(result.Pairs.Count == 1 ? "pair" : "pairs")}");
        html.KeyValues([
            ("representations", string.Join(", ", names)),
            ("ε range (log)", $"{result.Settings.Search.EpsilonLow:G4} – {result.Settings.Search.EpsilonHigh:G4}"),
            ("trials per pair", $"{result.Settings.Search.Trials} ({result.Settings.Search.Sampler.ToString().ToLowerInvariant()}, pruner {result.Settings.Search.Pruner.ToString().ToLowerInvariant()}, seed {result.Settings.Search.Seed})"),
            ("initial plans", string.Join(", ", result.Settings.Search.Inits).ToLowerInvariant()),
            ("histogram matching", result.Settings.HistogramMatching.ToString().ToLowerInvariant()),
            ("whole analysis", $"{result.Seconds:F1} s"),
        ]);

        html.Heading("Pairwise matrices");
        foreach (var (key, title, format, measure) in AnalysisSummary.Measures)
        {
            double?[,] matrix = result.Matrix(measure);
            if (!matrix.Cast<double?>().Any(v => v is not null)) continue;
            html.Paragraph(title);
            html.Table(["", .. names], Enumerable.Range(0, names.Count).Select(i =>
                (IReadOnlyList<string>)[names[i], .. Enumerable.Range(0, names.Count).Select(j => matrix[i, j]?.ToString(format, CultureInfo.InvariantCulture) ?? "—")]));
            if (AnalysisFigures.NamedMatrix(Path.Combine(directory, $"matrix_{key}.png"), formats, matrix, names, title, format) is not { } file) continue;
            figures.Add(Rel(file));
            html.Figure(Rel(file), title + " over all pairs");
        }

        html.Heading("Representations");
        var (order, blocks) = AnalysisFigures.CategoryOrder(result.Representations[0].Size, result.Categories);
        var histogramSeries = new List<(string, double[])>();
        for (int k = 0; k < names.Count; k++)
        {
            var r = result.Representations[k];
            histogramSeries.Add((r.Name, Alignment.HistogramMatching.UpperTriangle(r.Dissimilarity)));
            var (rowOrder, rowBlocks) = r.Size == order.Length ? (order, blocks) : AnalysisFigures.CategoryOrder(r.Size, null);
            string itemAxis = rowBlocks.Count > 0 ? "category of the item" : "item";
            string file = AnalysisFigures.CategoryHeatmap(Path.Combine(directory, $"dissimilarity_{k}.png"), formats, r.Dissimilarity, rowOrder, rowOrder, rowBlocks, rowBlocks,
                $"{r.Name}: dissimilarity matrix", itemAxis, itemAxis, "dissimilarity (input units)");
            figures.Add(Rel(file));
            html.Figure(Rel(file), $"{r.Name}: dissimilarity matrix{(rowBlocks.Count > 0 ? ", items grouped by category" : "")}");
        }
        string histograms = AnalysisFigures.Histograms(Path.Combine(directory, "histograms.png"), formats, histogramSeries);
        figures.Add(Rel(histograms));
        html.Figure(Rel(histograms), "Off-diagonal dissimilarities of every representation, overlaid");

        if (result.Barycenter is { } barycenter)
        {
            html.Heading($"Barycenter alignment (pivot {names[barycenter.Pivot]})");
            html.Paragraph($"{barycenter.Iterations} iterations, {(barycenter.Converged ? "converged" : "not converged")}, mean squared distance to the barycenter {barycenter.Loss:G4}.");
            html.Table(["", "to barycenter (%)", .. names], Enumerable.Range(0, names.Count).Select(i =>
                (IReadOnlyList<string>)[names[i], barycenter.RateToBarycenter[i].ToString("F1", CultureInfo.InvariantCulture),
                    .. Enumerable.Range(0, names.Count).Select(j => barycenter.RateBetween[i, j].ToString("F1", CultureInfo.InvariantCulture))]));
            string two = AnalysisFigures.Embedding2D(Path.Combine(directory, "embedding_2d.png"), formats, names, barycenter.Aligned, result.Categories);
            figures.Add(Rel(two));
            html.Figure(Rel(two), "Aligned embeddings, PCA 2-D: one marker per representation, colour by category");
            var frames = AnalysisFigures.Embedding3DFrames(Path.Combine(directory, "embedding_3d"), formats, names, barycenter.Aligned, result.Categories);
            figures.AddRange(frames.Select(Rel));
            html.Raw(RotatingView(frames.Select(Rel).ToArray()));
            Npy.Write(Path.Combine(directory, "barycenter.npy"), NpyArray.FromMatrix(barycenter.Barycenter));
        }
        else if (result.BarycenterSkipped is { } reason) html.Paragraph($"Barycenter skipped: {reason}");

        foreach (PairAnalysis pair in result.Pairs)
        {
            string a = names[pair.First], b = names[pair.Second], folder = PairFolder(result, pair);
            string pairDir = Path.Combine(directory, folder);
            Directory.CreateDirectory(pairDir);
            AnalysisPairSummary s = summary.Pairs[result.Pairs.ToList().IndexOf(pair)];
            html.Heading($"{a} vs {b}");
            var rows = new List<(string, string)>
            {
                ("study", $"{s.Study}: {s.TrialsCompletePrunedFailed[0]} complete, {s.TrialsCompletePrunedFailed[1]} pruned, {s.TrialsCompletePrunedFailed[2]} failed; {s.StudySeconds:F1} s of trials"),
                ("lowest GW loss", $"{s.GwLoss.ToString("F6", CultureInfo.InvariantCulture)} (trial {s.BestTrial}, ε = {s.BestEps.ToString("G5", CultureInfo.InvariantCulture)})"),
            };
            if (pair.Best.Scores is { } sc)
            {
                rows.Add(("top-1 / 5 / 10", $"{Pct(sc.Top1)} / {Pct(sc.Top5)} / {Pct(sc.Top10)}"));
                if (sc.CategoryTop1 is not null) rows.Add(("category top-1 / 5 / 10", $"{Pct(sc.CategoryTop1)} / {Pct(sc.CategoryTop5)} / {Pct(sc.CategoryTop10)}"));
                if (sc.KnnTop1 is not null) rows.Add(("k-NN after Procrustes 1 / 5 / 10", $"{Pct(sc.KnnTop1)} / {Pct(sc.KnnTop5)} / {Pct(sc.KnnTop10)}"));
                rows.Add(("RSA Pearson / Spearman", $"{sc.RsaPearson?.ToString("F4", CultureInfo.InvariantCulture)} / {sc.RsaSpearman?.ToString("F4", CultureInfo.InvariantCulture)}"));
            }
            if (pair.HistogramMatching is { } hm) rows.Add(("histogram matching", hm));
            html.KeyValues(rows);
            if (pair.CategoryRsa is { } blockRsa)
                html.Table(["block", "pairs", "Pearson", "Spearman"], blockRsa.Select(r =>
                    (IReadOnlyList<string>)[r.Block, r.Pairs.ToString(CultureInfo.InvariantCulture), r.Pearson?.ToString("F3", CultureInfo.InvariantCulture) ?? "—", r.Spearman?.ToString("F3", CultureInfo.InvariantCulture) ?? "—"]));
            int rowsN = pair.Best.Plan.GetLength(0), columnsN = pair.Best.Plan.GetLength(1);
            var (rowOrder2, rowBlocks2) = rowsN == order.Length ? (order, blocks) : AnalysisFigures.CategoryOrder(rowsN, null);
            var (columnOrder2, columnBlocks2) = columnsN == order.Length ? (order, blocks) : AnalysisFigures.CategoryOrder(columnsN, null);
            string plan = AnalysisFigures.CategoryHeatmap(Path.Combine(pairDir, "plan.png"), formats, pair.Best.Plan, rowOrder2, columnOrder2, rowBlocks2, columnBlocks2,
                $"OT plan {a} → {b}", columnBlocks2.Count > 0 ? $"category of the item in {b}" : $"item of {b}",
                rowBlocks2.Count > 0 ? $"category of the item in {a}" : $"item of {a}", "transported mass T_ij");
            figures.Add(Rel(plan));
            html.Figure(Rel(plan), $"Optimal transport plan, {a} (rows) to {b} (columns){(blocks.Count > 0 ? ", items grouped by category" : "")}");
            if (pair.CategoryConfusion is { } confusion && result.Categories is { } categories)
            {
                int c = categories.CategoryCount;
                int[] identity = Enumerable.Range(0, c).ToArray();
                var single = identity.Select(i => (i, i + 1, categories.Categories[i])).ToArray();
                string file = AnalysisFigures.CategoryHeatmap(Path.Combine(pairDir, "category_confusion.png"), formats, confusion, identity, identity, single, single,
                    $"Category confusion {a} → {b}", $"category in {b}", $"category in {a}", "share of the row's mass", cellFormat: c <= 12 ? "0.00" : null);
                figures.Add(Rel(file));
                html.Figure(Rel(file), $"Where the plan sends each category of {a}: share of its mass per category of {b}");
            }
            foreach (string file in StudyReport.WriteEpsilonFigures(pairDir, pair.Study, formats))
            {
                figures.Add($"{folder}/{file}");
                html.Figure($"{folder}/{file}", file.StartsWith("eps", StringComparison.Ordinal) ? $"{a} vs {b}: GW loss of every trial against ε" : $"{a} vs {b}: matching rates against ε");
            }
            StudyReport.WriteCsv(Path.Combine(pairDir, "trials.csv"), pair.Study);
        }
        string json = JsonResult.ToJson(summary);
        AtomicFile.WriteAllText(Path.Combine(directory, "result.json"), json);
        html.Json(json);
        html.Raw(FigureCheck);
        html.Save(Path.Combine(directory, "index.html"));
        return figures;
    }

    static string Pct(double? v) => v is double x ? x.ToString("F2", CultureInfo.InvariantCulture) + " %" : "—";

    static string RotatingView(string[] frames)
    {
        var images = string.Concat(frames.Select((f, i) =>
            $"<img src=\"{WebUtility.HtmlEncode(f)}\" alt=\"3-D view {i}\" style=\"display:{(i == 0 ? "block" : "none")};max-width:600px\">"));
        return $$"""
            <figure id="rotating"><div>{{images}}</div><figcaption>Aligned embeddings on their first three principal axes, turning around the vertical
            axis ({{frames.Length}} views; click to pause).</figcaption></figure>
            <script>
            (function () {
              var frames = document.querySelectorAll('#rotating img'), shown = 0, paused = false;
              document.getElementById('rotating').onclick = function () { paused = !paused; };
              setInterval(function () {
                if (paused) return;
                frames[shown].style.display = 'none'; shown = (shown + 1) % frames.length; frames[shown].style.display = 'block';
              }, 400);
            })();
            </script>
            """;
    }

    /// <summary>Marks the page with how many figures loaded (body data-figures="ok N" or "broken M of N") and shows a warning for broken ones.</summary>
    const string FigureCheck = """
        <script>
        window.addEventListener('load', function () {
          var images = Array.prototype.slice.call(document.images);
          var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); });
          document.body.setAttribute('data-figures', broken.length === 0 ? 'ok ' + images.length : 'broken ' + broken.length + ' of ' + images.length);
          if (broken.length > 0) {
            var p = document.createElement('p'); p.style.color = 'red';
            p.textContent = broken.length + ' figure(s) failed to load: ' + broken.map(function (i) { return i.getAttribute('src'); }).join(', ');
            document.body.insertBefore(p, document.body.firstChild);
          }
        });
        </script>
        """;
}
