using Engram.Continual;
using ScottPlot;

namespace Engram.Reports;

/// <summary>Output of <c>engram continual replay</c>: policy comparison across budgets, gain per replayed sample against energy.</summary>
public static class ContinualReplayReport
{
    static readonly ReplayPolicy[] Policies = [ReplayPolicy.TopK, ReplayPolicy.Random, ReplayPolicy.BottomK];

    /// <summary>Short policy name used in tables and legends.</summary>
    public static string Name(ReplayPolicy policy) => policy switch
    {
        ReplayPolicy.TopK => "top-K energy",
        ReplayPolicy.Random => "random-K",
        ReplayPolicy.BottomK => "bottom-K energy",
        _ => policy.ToString(),
    };

    /// <summary>Header and rows (K, then forgetting and net forgetting per policy) for console and HTML.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Table(ReplayExperimentResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var header = new List<string> { "K" };
        header.AddRange(Policies.Select(p => $"{Name(p)}: forgetting"));
        header.AddRange(Policies.Select(p => $"{Name(p)}: net"));
        var rows = new List<IReadOnlyList<string>>();
        foreach (int k in r.Outcomes.Select(o => o.Budget).Distinct().Order())
        {
            var row = new List<string> { k.ToString() };
            row.AddRange(Policies.Select(p => ContinualFigures.MeanSe(r.Outcome(p, k).MeanForgetting, r.Outcome(p, k).MeanForgettingSe)));
            row.AddRange(Policies.Select(p => ContinualFigures.MeanSe(r.Outcome(p, k).MeanNetForgetting, r.Outcome(p, k).MeanNetForgettingSe)));
            rows.Add(row);
        }
        return (header, rows);
    }

    /// <summary>Lines on the gain–energy relation.</summary>
    public static IEnumerable<string> CorrelationLines(ReplayExperimentResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        yield return $"mean ΔE without replay: {ContinualFigures.MeanSe(r.NoReplayForgetting.Mean, r.NoReplayForgetting.StandardError)}";
        yield return $"Spearman ρ(energy, ΔE) = {r.SpearmanEnergyForgetting:F3}; ρ(energy, net self-replay gain) = {r.SpearmanEnergySelfGain:F3}; " +
                     $"ρ(energy, total net gain of replaying the sample) = {r.SpearmanEnergyTotalGain:F3}";
    }

    /// <summary>Writes result.json, the figures and index.html into <paramref name="folder"/>.</summary>
    public static void Write(string folder, ReplayExperimentResult r, string command, FigureFormats formats = FigureFormats.Png)
    {
        ArgumentNullException.ThrowIfNull(r);
        string json = ContinualFigures.WriteJson(folder, r);
        ContinualFigures.WriteArray(folder, "pattern_energy", r.PatternEnergy);
        ContinualFigures.WriteArray(folder, "dE", r.EnergyIncrease);
        ContinualFigures.WriteArray(folder, "self_net_gain", r.SelfNetGain);
        ContinualFigures.WriteArray(folder, "total_net_gain", r.TotalNetGain);
        int[] budgets = r.Outcomes.Select(o => o.Budget).Distinct().Order().ToArray();
        double[] log2K = budgets.Select(k => Math.Log2(k)).ToArray();

        Figures.Series PolicySeries(ReplayPolicy p, bool net) => new(Name(p), log2K,
            budgets.Select(k => net ? r.Outcome(p, k).MeanNetForgetting : r.Outcome(p, k).MeanForgetting).ToArray(),
            budgets.Select(k => net ? r.Outcome(p, k).MeanNetForgettingSe : r.Outcome(p, k).MeanForgettingSe).ToArray());
        var none = new Figures.Series("no replay", [log2K[0], log2K[^1]], [r.NoReplayForgetting.Mean, r.NoReplayForgetting.Mean])
            { Style = Figures.SeriesStyle.Line, Pattern = LinePattern.Dashed };
        var budgetTicks = budgets.Select((k, i) => (log2K[i], k.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Figures.Lines(Path.Combine(folder, "policy_comparison.png"), formats, "Forgetting left after replay, E(z*; Y ∪ R) − E(z*; X)",
            "replay budget K (log scale)", "mean forgetting (energy units)", [.. Policies.Select(p => PolicySeries(p, false)), none], xTicks: budgetTicks);
        Figures.Lines(Path.Combine(folder, "policy_comparison_net.png"), formats, "Net forgetting after replay, E(z*; Y ∪ R) − E(z*; X ∪ R)",
            "replay budget K (log scale)", "mean net forgetting (energy units)", [.. Policies.Select(p => PolicySeries(p, true)), none], xTicks: budgetTicks);

        Plot self = Figures.NewPlot("Gain of replaying each sample against its energy", "energy E(x_r; X)", "net self-replay gain (mean over trials)");
        ContinualFigures.ScatterByGroup(self, r.PatternEnergy, r.SelfNetGain, r.Groups);
        FigureStyle.ShowLegend(self);
        Figures.Save(self, Path.Combine(folder, "gain_vs_energy.png"), formats);
        Plot total = Figures.NewPlot("Total net gain of replaying each sample against its energy", "energy E(x_r; X)", "Σ_k net gain Δ_{r→k}");
        ContinualFigures.ScatterByGroup(total, r.PatternEnergy, r.TotalNetGain, r.Groups);
        FigureStyle.ShowLegend(total);
        Figures.Save(total, Path.Combine(folder, "total_gain_vs_energy.png"), formats);

        int middle = budgets[budgets.Length / 2];
        Plot perSample = Figures.NewPlot($"Per-sample forgetting after replay of K = {middle}", "energy E(x_k; X)", "E(z*_k; Y ∪ R) − E(z*_k; X)");
        ContinualFigures.Points(perSample, r.PatternEnergy, r.EnergyIncrease, "no replay (ΔE)", FigureStyle.Neutral);
        var colours = new[] { FigureStyle.Palette[1], FigureStyle.Palette[0], FigureStyle.Palette[2] };
        for (int p = 0; p < Policies.Length; p++)
            ContinualFigures.Points(perSample, r.PatternEnergy, r.Outcome(Policies[p], middle).PerSampleForgetting, Name(Policies[p]), colours[p]);
        FigureStyle.ShowLegend(perSample);
        Figures.Save(perSample, Path.Combine(folder, "per_sample_forgetting.png"), formats);

        var (header, rows) = Table(r);
        var html = new HtmlReport("engram continual replay")
            .Paragraph(command)
            .Paragraph($"{r.Drift}; {r.Settings.Trials} trials; β = {r.Settings.Beta}; " +
                       (r.Groups is null ? $"user memory of {r.Settings.MemorySize} patterns" :
                           $"d = {r.Settings.Dimension}, clusters {string.Join(", ", r.Settings.Layout.Clusters.Select(c => $"{c.Size}:{c.Correlation}"))} + {r.Settings.Layout.Outliers} outliers") +
                       $"; seed {r.Settings.Seed}.");
        foreach (string line in CorrelationLines(r)) html.Paragraph(line);
        html.Table(header, rows)
            .Paragraph("Forgetting = E(z*_k; Y ∪ R) − E(z*_k; X); net = E(z*_k; Y ∪ R) − E(z*_k; X ∪ R), i.e. with the energy drop that the same replay gives without drift discounted. Means over samples and trials ± standard error over trials.")
            .Figure("policy_comparison.png", "Mean forgetting left after replay for the three policies across budgets")
            .Figure("policy_comparison_net.png", "Mean net forgetting after replay across budgets")
            .Figure("gain_vs_energy.png", "Net self-replay gain of each sample against its energy")
            .Figure("total_gain_vs_energy.png", "Total net gain (summed over all samples) of replaying each sample alone")
            .Figure("per_sample_forgetting.png", $"Forgetting of every sample with no replay and after each policy at K = {middle}")
            .Json(json)
            .Save(Path.Combine(folder, "index.html"));
    }
}
