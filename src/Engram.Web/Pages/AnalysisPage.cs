using ScottPlot;

namespace Engram.Web.Pages;

/// <summary>
/// The Analyses page (every analysis in the storage) and an analysis's page: its pairs and the K × K tables of RSA, GW loss,
/// top-1 and category top-1 from each pair's best trial, every cell linking to that pair's study.
/// </summary>
internal static class AnalysisPage
{
    /// <summary>Colour classes of a table cell (viridis in ten steps, as the report's heatmaps: FigureStyle.Sequential), chosen by value within the table.</summary>
    public const int Shades = 10;

    public static Page List(IReadOnlyList<StoredAnalysis> analyses)
    {
        if (analyses.Count == 0)
            return new Page("Analyses", Html.Of($"""
                <h1>Analyses</h1><p class="message">No analysis in this storage yet. <code>engram analysis run CONFIG</code> stores each pair of
                representations as a study here; its matrices appear on this page as the pairs finish.</p>
                """));
        var rows = analyses.Select(a =>
        {
            int finished = a.Pairs.Sum(p => p.Study.Trials.Count(t => t.Counts && t.IsFinished)), target = a.Pairs.Sum(p => p.Study.Definition.TargetTrials);
            return Html.Of($"""
                <tr><td><a href="/analysis?name={Html.Url(a.Name)}">{a.Name}</a></td><td>{string.Join(", ", a.Representations)}</td><td class="num">{a.Pairs.Count}</td>
                <td class="num">{finished} / {target}</td><td>{Layout.Progress(finished, target)}</td></tr>
                """);
        });
        return new Page("Analyses", Html.Of($"""
            <h1>Analyses <span class="count">{Text.Count(analyses.Count, "analysis", "analyses")}</span></h1>
            <div class="scroll"><table><thead><tr><th>analysis</th><th>representations</th><th>pairs</th><th>trials finished</th><th>progress</th></tr></thead>
            <tbody>{rows}</tbody></table></div>
            """));
    }

    public static Page Render(StoredAnalysis analysis, RunFolders? runs)
    {
        IReadOnlyList<string> names = analysis.Representations;
        var pairs = analysis.Pairs.Select(p =>
        {
            var best = p.Study.Best;
            int finished = p.Study.Trials.Count(t => t.Counts && t.IsFinished);
            return Html.Of($"""
                <tr><td>{p.First} vs {p.Second}</td><td><a href="/study?name={Html.Url(p.Study.Definition.Name)}">{p.Study.Definition.Name}</a></td>
                <td class="num">{finished} / {p.Study.Definition.TargetTrials}</td><td class="num">{Text.Number(best?.Parameters.GetValueOrDefault("eps"), "G4")}</td>
                <td class="num">{Text.Number(best?.Value, "G6")}</td><td class="num">{Text.Number(Attribute(p, "top1"), "F1")}</td>
                <td class="num">{Text.Number(Attribute(p, "category_top1"), "F1")}</td></tr>
                """);
        });
        var tables = AnalysisGroups.Measures.Select(m => Matrix(analysis, m.Attribute, m.Title, m.Format)).ToArray();
        Markup report = runs?.Reports().Where(r => analysis.Pairs.Any(p => r.PairFolders.ContainsKey(p.Study.Definition.Name))).OrderByDescending(r => r.Written).FirstOrDefault() is { } found
            ? Html.Of($"<p>Full report (barycenter, embeddings, plans): <a href=\"/runs/files/{Runs.Path(found.Folder)}/index.html\">{found.Title}</a>, written {Text.Time(found.Written)}.</p>")
            : Markup.Empty;
        return new Page($"Analysis {analysis.Name}", Html.Of($"""
            <h1>Analysis <span class="name">{analysis.Name}</span></h1>
            <p>{Text.Count(names.Count, "representation", "representations")} ({string.Join(", ", names)}), {Text.Count(analysis.Pairs.Count, "pair", "pairs")};
            each pair is a study and each number below is its lowest-loss trial's. Click a cell to open the pair's study.</p>
            {report}
            <h2>Pairwise matrices</h2>
            <div class="matrices">{tables}</div>
            <h2>Pairs</h2>
            <div class="scroll"><table><thead><tr><th>pair</th><th>study</th><th>trials finished</th><th>best ε</th><th>GW loss</th><th>top-1 (%)</th><th>category top-1 (%)</th></tr></thead>
            <tbody>{pairs}</tbody></table></div>
            """));
    }

    static double? Attribute(AnalysisPair pair, string attribute) =>
        pair.Study.Best is { } best && best.Attributes.TryGetValue(attribute, out double v) ? v : null;

    static Markup Matrix(StoredAnalysis analysis, string attribute, string title, string format)
    {
        IReadOnlyList<string> names = analysis.Representations;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        // Colours follow the numbers as shown: values equal to the digits printed get one colour, so a difference
        // below the table's precision (RSA 0.99998 against 1.00000, say) is not painted as the full colour range.
        double Shown(double v) => double.Parse(v.ToString(format, invariant), invariant);
        double[] values = analysis.Pairs.Select(p => Attribute(p, attribute)).OfType<double>().Where(double.IsFinite).Select(Shown).ToArray();
        if (values.Length == 0) return Markup.Empty;
        double low = values.Min(), high = values.Max();
        Markup Cell(int i, int j)
        {
            if (i == j) return Html.Of($"<td class=\"diagonal\">—</td>");
            AnalysisPair? pair = analysis.PairOf(names[i], names[j]);
            if (pair is null) return Html.Of($"<td>not aligned</td>");
            double? v = Attribute(pair, attribute);
            if (v is not double x) return Html.Of($"<td><a href=\"/study?name={Html.Url(pair.Study.Definition.Name)}\">—</a></td>");
            double shown = Shown(x);
            int shade = high > low ? (int)Math.Min(Shades - 1, Math.Floor((shown - low) / (high - low) * Shades)) : Shades / 2;
            return Html.Of($"<td class=\"heat h{shade}\"><a href=\"/study?name={Html.Url(pair.Study.Definition.Name)}\" title=\"{pair.Study.Definition.Name}\">{x.ToString(format, invariant)}</a></td>");
        }
        var rows = Enumerable.Range(0, names.Count).Select(i => Html.Of($"<tr><th>{names[i]}</th>{Enumerable.Range(0, names.Count).Select(j => Cell(i, j))}</tr>"));
        return Html.Of($"""
            <figure class="matrix"><table class="matrix" data-measure="{attribute}"><thead><tr><th></th>{names.Select(n => Html.Of($"<th>{n}</th>"))}</tr></thead>
            <tbody>{rows}</tbody></table><figcaption>{title}; {(high > low ? $"colour from {low.ToString(format, invariant)} (dark) to {high.ToString(format, invariant)} (yellow)" : "every pair the same to the digits shown")}</figcaption></figure>
            """);
    }

    /// <summary>The stylesheet rules of the <see cref="Shades"/> cell colours: viridis, as the report's heatmaps, with text that stays readable.</summary>
    public static string ShadeRules()
    {
        IColormap viridis = Engram.Reports.FigureStyle.Sequential();
        return string.Concat(Enumerable.Range(0, Shades).Select(i =>
        {
            Color c = viridis.GetColor((i + 0.5) / Shades);
            return $"td.h{i} {{ background: {c.ToHex()}; }} td.h{i} a {{ color: {(i < Shades / 2 + 1 ? "#fff" : "#000")}; }}\n";
        }));
    }
}
