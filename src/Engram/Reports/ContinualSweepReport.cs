using Engram.Continual;
using ScottPlot;

namespace Engram.Reports;

/// <summary>Output of <c>engram continual sweep</c>: ΔE against ε (log–log, fitted slope) and against the patterns' energy.</summary>
public static class ContinualSweepReport
{
    /// <summary>One line per fitted slope.</summary>
    public static IEnumerable<string> SlopeLines(DriftSweepResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        yield return $"log–log slope of ΔE against ε, cluster: {r.SlopeCluster.Slope:F4} ± {r.SlopeCluster.SlopeStandardError:F4}";
        if (r.SlopeOutlier is { } o) yield return $"log–log slope of ΔE against ε, outlier: {o.Slope:F4} ± {o.SlopeStandardError:F4}";
    }

    /// <summary>Writes result.json, dE_vs_eps.png, dE_vs_energy.png and index.html into <paramref name="folder"/>.</summary>
    public static void Write(string folder, DriftSweepResult r, string command, FigureFormats formats = FigureFormats.Png)
    {
        ArgumentNullException.ThrowIfNull(r);
        string json = ContinualFigures.WriteJson(folder, r);

        double[] logEps = r.EpsilonPoints.Select(p => Math.Log10(p.Epsilon)).ToArray();
        Plot loglog = Figures.NewPlot("Intrinsic forgetting against drift size", "drift size ε", "mean ΔE (energy units)");
        Figures.PowersOfTen(loglog.Axes.Bottom);
        Figures.PowersOfTen(loglog.Axes.Left);
        ContinualFigures.Points(loglog, logEps, r.EpsilonPoints.Select(p => Math.Log10(p.DECluster)).ToArray(), "cluster", ContinualFigures.GroupColor(0), FigureStyle.MarkerSize + 2);
        AddFit(loglog, logEps, r.SlopeCluster, ContinualFigures.GroupColor(0), "cluster");
        if (r.SlopeOutlier is { } outlier)
        {
            ContinualFigures.Points(loglog, logEps, r.EpsilonPoints.Select(p => Math.Log10(p.DEOutlier!.Value)).ToArray(), "outlier", ContinualFigures.GroupColor(-1), FigureStyle.MarkerSize + 2);
            AddFit(loglog, logEps, outlier, ContinualFigures.GroupColor(-1), "outlier");
        }
        FigureStyle.ShowLegend(loglog);
        Figures.Save(loglog, Path.Combine(folder, "dE_vs_eps.png"), formats);

        var html = new HtmlReport("engram continual sweep").Paragraph(command);
        foreach (string line in SlopeLines(r)) html.Paragraph(line);
        html.Table(["ε", "mean ΔE cluster", "mean ΔE outlier"],
            r.EpsilonPoints.Select(p => (IReadOnlyList<string>)[ContinualFigures.Number(p.Epsilon), ContinualFigures.MeanSe(p.DECluster, p.DEClusterSe), ContinualFigures.MeanSe(p.DEOutlier, p.DEOutlierSe)]))
            .Figure("dE_vs_eps.png", "Mean ΔE against ε on log–log axes with least-squares lines (second order predicts slope 2)");

        if (r.CorrelationPoints.Count > 0)
        {
            Plot energy = Figures.NewPlot($"Forgetting against energy (ε = {r.Settings.Base.Epsilon:G3}, c varied)", "energy of the stored pattern E(x_k; X)", "mean ΔE (energy units)");
            var cp = r.CorrelationPoints;
            ContinualFigures.Line(energy, cp.Select(p => p.EnergyCluster).ToArray(), cp.Select(p => p.DECluster).ToArray(), "cluster members (one point per c)", ContinualFigures.GroupColor(0));
            foreach (var p in cp) energy.Add.Text($"c = {p.Correlation:G2}", p.EnergyCluster, p.DECluster).LabelFontSize = FigureStyle.AnnotationSize;
            if (cp[0].EnergyOutlier is not null)
                ContinualFigures.Points(energy, cp.Select(p => p.EnergyOutlier!.Value).ToArray(), cp.Select(p => p.DEOutlier!.Value).ToArray(), "outlier", ContinualFigures.GroupColor(-1), FigureStyle.MarkerSize + 2);
            FigureStyle.ShowLegend(energy);
            Figures.Save(energy, Path.Combine(folder, "dE_vs_energy.png"), formats);
            html.Table(["c", "E cluster", "mean ΔE cluster", "E outlier", "mean ΔE outlier"],
                    cp.Select(p => (IReadOnlyList<string>)[ContinualFigures.Number(p.Correlation), ContinualFigures.Number(p.EnergyCluster),
                        ContinualFigures.MeanSe(p.DECluster, p.DEClusterSe), ContinualFigures.Number(p.EnergyOutlier), ContinualFigures.MeanSe(p.DEOutlier, p.DEOutlierSe)]))
                .Figure("dE_vs_energy.png", "Mean ΔE against the energy of the stored pattern: denser clusters (larger c) have lower energy and forget less");
        }
        html.Json(json).Save(Path.Combine(folder, "index.html"));
    }

    static void AddFit(Plot plot, double[] logEps, PowerLawFit fit, Color color, string name)
    {
        double lo = logEps.Min(), hi = logEps.Max();
        // log10 y = (intercept + slope ln ε) / ln 10 = intercept / ln 10 + slope log10 ε
        double a = fit.Intercept / Math.Log(10);
        var line = plot.Add.Line(lo, a + fit.Slope * lo, hi, a + fit.Slope * hi);
        line.Color = color;
        line.LinePattern = LinePattern.Dashed;
        line.LineWidth = FigureStyle.LineWidth;
        line.LegendText = $"{name} fit, slope {fit.Slope:F3}";
    }
}
