using Engram.Continual;
using ScottPlot;

namespace Engram.Reports;

/// <summary>
/// Output of <c>engram continual drift</c>: result.json, energy-vs-ΔE scatter, replay-gain matrix heatmaps and
/// index.html; also the summary rows the command prints.
/// </summary>
public static class ContinualDriftReport
{
    /// <summary>The key numbers as (quantity, cluster, outlier) rows, shared by the console summary and the HTML page.</summary>
    public static IReadOnlyList<(string Quantity, string Cluster, string Outlier)> SummaryRows(DriftExperimentResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.Groups is null)
            return
            [
                ("mean ΔE (all patterns)", ContinualFigures.MeanSe(r.DEAll, r.DEAllSe), "—"),
                ("mean net self-replay gain", ContinualFigures.Number(r.NetSelfGain.Average()), "—"),
            ];
        return
        [
            ("E(x_k; X)", ContinualFigures.Number(r.EnergyCluster), ContinualFigures.Number(r.EnergyOutlier)),
            ("E(z*_k; X)", ContinualFigures.Number(r.FixedPointEnergyCluster), ContinualFigures.Number(r.FixedPointEnergyOutlier)),
            ("mean ΔE", ContinualFigures.MeanSe(r.DECluster, r.DEClusterSe), ContinualFigures.MeanSe(r.DEOutlier, r.DEOutlierSe)),
            ("net self-replay gain", ContinualFigures.MeanSe(r.GainSelfCluster, r.GainSelfClusterSe), ContinualFigures.MeanSe(r.GainSelfOutlier, r.GainSelfOutlierSe)),
            ("closed-form self gain", ContinualFigures.Number(r.ClosedFormSelfCluster), ContinualFigures.Number(r.ClosedFormSelfOutlier)),
            ("no-drift baseline", ContinualFigures.Number(r.BaselineSelfCluster), ContinualFigures.Number(r.BaselineSelfOutlier)),
            ("net gain within cluster (r ≠ k)", ContinualFigures.MeanSe(r.GainWithin, r.GainWithinSe), "—"),
            ("net gain cluster ↔ outlier", ContinualFigures.MeanSe(r.GainCross, r.GainCrossSe), "—"),
        ];
    }

    /// <summary>One line on convergence, orthogonality and the closed-form check.</summary>
    public static string Diagnostics(DriftExperimentResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        string convergence = r.NotConverged == 0
            ? $"all fixed points converged (≤ {r.MaxFixedPointIterations} updates)"
            : $"WARNING: {r.NotConverged} fixed-point iterations hit the cap of {r.Settings.MaxIterations} updates";
        return $"{convergence}; max |VᵀV − I| = {r.MaxOrthogonalityError:G2}; max |closed form − direct| = {r.MaxClosedFormDirectDifference:G2}";
    }

    /// <summary>log₁₀ of a gain matrix (floored at 1e-12), for a heatmap with replayed pattern r at y = r.</summary>
    static double[,] Log10(double[][] m)
    {
        int n = m.Length;
        var result = new double[n, n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) result[a, b] = Math.Log10(Math.Max(m[a][b], 1e-12));
        return result;
    }

    /// <summary>Writes result.json, the figures and index.html into <paramref name="folder"/>.</summary>
    public static void Write(string folder, DriftExperimentResult r, string command, FigureFormats formats = FigureFormats.Png)
    {
        ArgumentNullException.ThrowIfNull(r);
        string json = ContinualFigures.WriteJson(folder, r);
        ContinualFigures.WriteArray(folder, "dE_per_draw", r.EnergyIncreasePerDraw);
        ContinualFigures.WriteArray(folder, "net_self_gain_per_draw", r.NetSelfGainPerDraw);
        ContinualFigures.WriteArray(folder, "net_gain", r.NetGain);
        ContinualFigures.WriteArray(folder, "closed_form_gain", r.ClosedFormGain);
        ContinualFigures.WriteArray(folder, "baseline_gain", r.BaselineGain);

        Plot scatter = Figures.NewPlot($"Intrinsic forgetting per draw ({r.Drift})", "energy of the stored pattern E(x_k; X)", "ΔE_k = E(z*_k; Y) − E(z*_k; X)");
        int n = r.EnergyIncrease.Length, draws = r.EnergyIncreasePerDraw.Length;
        var xs = new List<double>();
        var ys = new List<double>();
        var gs = new List<int>();
        for (int i = 0; i < draws; i++)
            for (int k = 0; k < n; k++)
            {
                xs.Add(r.PatternEnergy[k]);
                ys.Add(r.EnergyIncreasePerDraw[i][k]);
                gs.Add(r.Groups?[k] ?? 0);
            }
        ContinualFigures.ScatterByGroup(scatter, xs, ys, r.Groups is null ? null : gs, size: 4);
        var means = scatter.Add.ScatterPoints(r.PatternEnergy, r.EnergyIncrease, FigureStyle.Palette[6]);
        means.MarkerShape = MarkerShape.OpenDiamond;
        means.MarkerSize = 11;
        means.MarkerLineWidth = 2;
        means.LegendText = "mean over draws";
        FigureStyle.ShowLegend(scatter);
        Figures.Save(scatter, Path.Combine(folder, "energy_vs_dE.png"), formats);

        Figures.Heatmap(Path.Combine(folder, "net_gain_matrix.png"), formats, Log10(r.NetGain), "Net replay gain Δ_{r→k}, mean over draws",
            "pattern k where the gain is measured", "replayed pattern r", "log₁₀ net gain (energy units)");
        Figures.Heatmap(Path.Combine(folder, "closed_form_gain_matrix.png"), formats, Log10(r.ClosedFormGain), "Closed-form replay gain, mean over draws",
            "pattern k where the gain is measured", "replayed pattern r", "log₁₀ gain (energy units)");

        var html = new HtmlReport("engram continual drift")
            .Paragraph(command)
            .Paragraph($"{r.Drift}; {draws} draws; d = {r.Settings.Dimension}, β = {r.Settings.Beta}" +
                       (r.Groups is null ? "; user memory" : $", c = {r.Settings.Correlation}, cluster of {r.Settings.ClusterSize} + {r.Settings.Outliers} outlier(s)") +
                       $"; seed {r.Settings.Seed}.")
            .Table(["quantity", "cluster", "outlier"], SummaryRows(r).Select(row => (IReadOnlyList<string>)[row.Quantity, row.Cluster, row.Outlier]))
            .Paragraph(Diagnostics(r))
            .Paragraph("Arrays: dE_per_draw.npy (draws × patterns), net_self_gain_per_draw.npy, net_gain.npy, closed_form_gain.npy, baseline_gain.npy (mean r × k matrices: row r replayed, column k measured).")
            .Paragraph("Means over draws ± standard error. Gains are net gains (closed form β⁻¹log(1 + p e^{βΔE}) minus the no-drift baseline β⁻¹log(1 + p)) unless named otherwise.")
            .Figure("energy_vs_dE.png", "ΔE of every pattern in every draw against the pattern's energy; diamonds: means")
            .Figure("net_gain_matrix.png", "Mean net replay gain: row r replayed, column k measured (log₁₀)")
            .Figure("closed_form_gain_matrix.png", "Mean closed-form replay gain (log₁₀)")
            .Json(json);
        html.Save(Path.Combine(folder, "index.html"));
    }
}
