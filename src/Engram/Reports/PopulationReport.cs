using System.Globalization;
using System.Text.Json.Serialization;
using Engram.Population;
using Engram.Data;
using Engram.Memory;
using ScottPlot;

namespace Engram.Reports;

/// <summary>One window of a population analysis as written to result.json.</summary>
/// <param name="Start">Window start (time units).</param>
/// <param name="End">Window end, exclusive.</param>
/// <param name="Time">Window centre.</param>
/// <param name="NClusters">Distinct cluster labels among the stimuli.</param>
/// <param name="ActiveComponents">Mixture components with weight above the threshold.</param>
/// <param name="AriGlobal">Adjusted Rand index against the global labels.</param>
/// <param name="AriFine">Adjusted Rand index against the fine labels.</param>
/// <param name="ExplainedVariance">Fraction of the window's variance in the kept principal components.</param>
/// <param name="Converged">Whether the mixture reached its tolerance.</param>
public sealed record PopulationWindowRecord(double Start, double End, double Time, int NClusters, int ActiveComponents, double? AriGlobal,
    double? AriFine, double ExplainedVariance, bool Converged);

/// <summary>The simulated population behind a run, as written to result.json.</summary>
/// <param name="Settings">The simulation settings.</param>
/// <param name="Times">Time of every sample (stimulus onset at 0).</param>
/// <param name="ParentOverlap">Mean overlap of the network state with the stimulus' parent.</param>
/// <param name="ChildOverlap">Mean overlap with the stimulus' own child.</param>
/// <param name="SiblingOverlap">Mean largest overlap with another child of the same parent.</param>
public sealed record PopulationSimulationRecord(PopulationSimulationSettings Settings, double[] Times, double[] ParentOverlap, double[] ChildOverlap,
    double[] SiblingOverlap);

/// <summary>result.json (and <c>--json</c>) of <c>engram hopfield population</c>.</summary>
/// <param name="Command">The command line that reproduces the run.</param>
/// <param name="Source">"simulation" or the activity file.</param>
/// <param name="Stimuli">Number of stimuli.</param>
/// <param name="Neurons">Number of neurons.</param>
/// <param name="TimePoints">Number of time points.</param>
/// <param name="Window">Window width (time points).</param>
/// <param name="Step">Window step (time points).</param>
/// <param name="Components">Principal components per window.</param>
/// <param name="MaxClusters">Mixture components (the most clusters a window can have).</param>
/// <param name="Initializations">Mixture starts per window.</param>
/// <param name="WeightPrior">"dirichlet_process" or "dirichlet_distribution".</param>
/// <param name="WeightThreshold">Weight above which a component counts as active.</param>
/// <param name="AriThreshold">ARI above which a labeling counts as recovered.</param>
/// <param name="GlobalRecoveryTime">Centre of the first window whose global ARI exceeds the threshold (null, written as such: never).</param>
/// <param name="FineRecoveryTime">Centre of the first window whose fine ARI exceeds the threshold (null: never).</param>
/// <param name="GlobalBeforeFine">Whether the global labels were recovered strictly earlier (null without both times).</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="Simulation">The simulation behind the activity (null for an input file).</param>
/// <param name="Windows">Every window.</param>
/// <param name="ElapsedSeconds">Wall-clock time of the run.</param>
public sealed record PopulationRecord(string Command, string Source, int Stimuli, int Neurons, int TimePoints, int Window, int Step, int Components,
    int MaxClusters, int Initializations, string WeightPrior, double WeightThreshold, double AriThreshold,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? GlobalRecoveryTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? FineRecoveryTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? GlobalBeforeFine, int Seed, PopulationSimulationRecord? Simulation, IReadOnlyList<PopulationWindowRecord> Windows,
    double ElapsedSeconds);

/// <summary>
/// Outputs of a population-dynamics analysis (<see cref="PopulationDynamics"/>): result.json, the cluster labels
/// of every window (<c>labels.npy</c>, windows × stimuli), the simulated arrays when the activity was simulated
/// (<c>activity.npy</c> as float32, <c>global_labels.npy</c>, <c>fine_labels.npy</c>, so that the run can be
/// repeated with <c>--input</c>), figures and index.html.
/// </summary>
public static class PopulationReport
{
    /// <summary>The JSON record of an analysis.</summary>
    public static PopulationRecord Record(string command, string source, PopulationAnalysis analysis, SimulatedPopulation? simulation, double elapsedSeconds)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        PopulationAnalysisSettings s = analysis.Settings;
        var windows = analysis.Windows.Select(w => new PopulationWindowRecord(w.Start, w.End, w.Time, w.Clusters, w.ActiveComponents,
            Round(w.AriGlobal), Round(w.AriFine), Math.Round(w.ExplainedVariance, 6), w.Converged)).ToArray();
        PopulationSimulationRecord? sim = simulation is null ? null : new PopulationSimulationRecord(simulation.Settings,
            Enumerable.Range(0, simulation.ParentOverlap.Length).Select(t => simulation.TimeOrigin + t).ToArray(),
            simulation.ParentOverlap.Select(v => Math.Round(v, 6)).ToArray(), simulation.ChildOverlap.Select(v => Math.Round(v, 6)).ToArray(),
            simulation.SiblingOverlap.Select(v => Math.Round(v, 6)).ToArray());
        bool? globalFirst = analysis.GlobalRecoveryTime is { } g && analysis.FineRecoveryTime is { } f ? g < f : null;
        return new PopulationRecord(command, source, analysis.Stimuli, analysis.Neurons, analysis.TimePoints, s.Window, s.Step, s.Components,
            s.Mixture.Components, s.Mixture.Initializations,
            s.Mixture.WeightPrior == WeightPriorType.DirichletProcess ? "dirichlet_process" : "dirichlet_distribution", s.Mixture.WeightThreshold,
            s.AriThreshold, analysis.GlobalRecoveryTime, analysis.FineRecoveryTime, globalFirst, s.Seed, sim, windows, Math.Round(elapsedSeconds, 3));
    }

    static double? Round(double? v) => v is { } x ? Math.Round(x, 6) : null;

    /// <summary>Writes result.json, arrays, figures and index.html into <paramref name="dir"/>; returns the file names written.</summary>
    public static IReadOnlyList<string> Write(string dir, PopulationAnalysis analysis, PopulationRecord record, int[]? globalLabels, int[]? fineLabels,
        SimulatedPopulation? simulation, FigureFormats formats = FigureFormats.Png)
    {
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        string P(string name) { files.Add(name); return Path.Combine(dir, name); }
        // A figure: its PNG and/or SVG are listed as written.
        string Fig(string name)
        {
            foreach (var (format, extension) in new[] { (FigureFormats.Png, ".png"), (FigureFormats.Svg, ".svg") })
                if (formats.HasFlag(format)) files.Add(Path.ChangeExtension(name, extension));
            return Path.Combine(dir, name);
        }

        JsonResult.Write(P("result.json"), record);
        int windows = analysis.Windows.Count, stimuli = analysis.Stimuli;
        var labels = new int[windows * stimuli];
        for (int w = 0; w < windows; w++) analysis.Windows[w].Labels.CopyTo(labels, w * stimuli);
        Npy.Write(P("labels.npy"), labels, windows, stimuli);
        if (simulation is not null)
        {
            PopulationActivity a = simulation.Activity;
            Npy.Write(P("activity.npy"), a.Values.Select(v => (float)v).ToArray(), a.Stimuli, a.Neurons, a.TimePoints);
            Npy.Write(P("global_labels.npy"), simulation.GlobalLabels, stimuli);
            Npy.Write(P("fine_labels.npy"), simulation.FineLabels, stimuli);
        }

        double[] times = analysis.Windows.Select(w => w.Time).ToArray();
        Figures.Lines(Fig("clusters.png"), formats, "Clusters found per window", "window centre (time units)", "number of clusters",
            [new Figures.Series("clusters (distinct labels)", times, analysis.Windows.Select(w => (double)w.Clusters).ToArray()),
             new Figures.Series("active components (weight > threshold)", times, analysis.Windows.Select(w => (double)w.ActiveComponents).ToArray())],
            simulation is null ? null : [(0.0, "stimulus onset")]);

        var ariSeries = new List<Figures.Series>();
        if (globalLabels is not null) ariSeries.Add(new("ARI with global labels", times, analysis.Windows.Select(w => w.AriGlobal ?? double.NaN).ToArray()));
        if (fineLabels is not null) ariSeries.Add(new("ARI with fine labels", times, analysis.Windows.Select(w => w.AriFine ?? double.NaN).ToArray()));
        var marks = new List<(double, string)>();
        if (analysis.GlobalRecoveryTime is { } gt) marks.Add((gt, $"global ARI > {Format(analysis.Settings.AriThreshold)} at {Format(gt)}"));
        if (analysis.FineRecoveryTime is { } ft) marks.Add((ft, $"fine ARI > {Format(analysis.Settings.AriThreshold)} at {Format(ft)}"));
        if (ariSeries.Count > 0)
            Figures.Lines(Fig("ari.png"), formats, "Agreement of the clusters with the stimulus categories", "window centre (time units)", "adjusted Rand index", ariSeries, marks);

        var shown = ScatterWindows(analysis);
        foreach (PopulationWindow w in shown)
            PcaScatter(Fig($"pca_window_{w.Index}.png"), formats, w, globalLabels, fineLabels);

        if (simulation is not null)
        {
            double[] t = Enumerable.Range(0, simulation.ParentOverlap.Length).Select(i => simulation.TimeOrigin + i).ToArray();
            var series = new List<Figures.Series>
            {
                new("parent", t, simulation.ParentOverlap),
                new("own child", t, simulation.ChildOverlap),
            };
            if (simulation.SiblingOverlap.All(double.IsFinite)) series.Add(new("sibling child (largest)", t, simulation.SiblingOverlap));
            Figures.Lines(Fig("overlaps.png"), formats, "Network state: mean overlaps with the stimulus' patterns", "time (time units)", "overlap m", series, [(0.0, "stimulus onset")]);
        }

        var html = new HtmlReport("engram hopfield population")
            .Paragraph(record.Command)
            .KeyValues([
                ("source", record.Source),
                ("stimuli × neurons × time points", $"{record.Stimuli} × {record.Neurons} × {record.TimePoints}"),
                ("windows", $"{windows} (width {record.Window}, step {record.Step})"),
                ("PCA components / most clusters", $"{record.Components} / {record.MaxClusters} ({record.WeightPrior}, {record.Initializations} starts)"),
                ("global labels recovered (ARI > " + Format(record.AriThreshold) + ")", Describe(record.GlobalRecoveryTime)),
                ("fine labels recovered (ARI > " + Format(record.AriThreshold) + ")", Describe(record.FineRecoveryTime)),
                ("global before fine", record.GlobalBeforeFine is { } b ? (b ? "yes" : "no") : "n/a"),
                ("elapsed", $"{record.ElapsedSeconds:0.0} s"),
            ]);
        if (ariSeries.Count > 0) html.Figure("ari.png", "Adjusted Rand index of each window's clusters with the global and fine labels; dashed lines: first window above the threshold.");
        html.Figure("clusters.png", "Number of clusters the Bayesian mixture found in each window.");
        if (simulation is not null) html.Figure("overlaps.png", "Mean overlap of the simulated network's state with the parent, the stimulus' own child and its sibling.");
        foreach (PopulationWindow w in shown)
            html.Figure($"pca_window_{w.Index}.png", $"Stimuli in the first two principal components of the window [{Format(w.Start)}, {Format(w.End)}); colour: fine label, marker: global label.");
        html.Table(["start", "end", "clusters", "ARI global", "ARI fine"],
            analysis.Windows.Where((_, i) => i % Math.Max(1, windows / 25) == 0).Select(w => (IReadOnlyList<string>)
                [Format(w.Start), Format(w.End), w.Clusters.ToString(CultureInfo.InvariantCulture), Format(w.AriGlobal), Format(w.AriFine)]));
        html.Json(JsonResult.ToJson(record)).Save(P("index.html"));
        return files;
    }

    /// <summary>Up to three windows worth a scatter plot: the first, the first global recovery and the window of best fine ARI.</summary>
    static IReadOnlyList<PopulationWindow> ScatterWindows(PopulationAnalysis analysis)
    {
        var chosen = new List<PopulationWindow> { analysis.Windows[0] };
        if (analysis.GlobalRecoveryTime is { } g) chosen.Add(analysis.Windows.First(w => w.Time == g));
        PopulationWindow? best = analysis.Windows.Where(w => w.AriFine is not null).MaxBy(w => w.AriFine);
        chosen.Add(best ?? analysis.Windows[^1]);
        return chosen.DistinctBy(w => w.Index).OrderBy(w => w.Index).ToArray();
    }

    static readonly MarkerShape[] Shapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown,
         MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.Cross, MarkerShape.Eks, MarkerShape.Asterisk];

    static void PcaScatter(string path, FigureFormats formats, PopulationWindow w, int[]? globalLabels, int[]? fineLabels)
    {
        int s = w.Labels.Length;
        bool two = w.Scores.GetLength(1) > 1;
        Plot plot = Figures.NewPlot($"Window [{Format(w.Start)}, {Format(w.End)}): {w.Clusters} clusters, ARI global {Format(w.AriGlobal)}, fine {Format(w.AriFine)}",
            "PC 1", two ? "PC 2" : "stimulus");
        int[] colour = fineLabels ?? w.Labels;
        int[] shape = globalLabels ?? new int[s];
        var colourIds = colour.Distinct().OrderBy(v => v).ToList();
        var shapeIds = shape.Distinct().OrderBy(v => v).ToList();
        foreach (int c in colourIds)
            foreach (int g in shapeIds)
            {
                int[] members = Enumerable.Range(0, s).Where(i => colour[i] == c && shape[i] == g).ToArray();
                if (members.Length == 0) continue;
                double[] xs = members.Select(i => w.Scores[i, 0]).ToArray();
                double[] ys = members.Select(i => two ? w.Scores[i, 1] : i).ToArray();
                var markers = plot.Add.Markers(xs, ys, Shapes[shapeIds.IndexOf(g) % Shapes.Length], FigureStyle.MarkerSize + 2, FigureStyle.Colour(colourIds.IndexOf(c), colourIds.Count));
                markers.LegendText = (fineLabels is null ? "cluster " : "fine ") + c + (globalLabels is null ? "" : $", global {g}");
            }
        if (colourIds.Count * shapeIds.Count <= 24) FigureStyle.ShowLegend(plot);
        Figures.Save(plot, path, formats);
    }

    static string Describe(double? time) => time is { } t ? $"window centred at {Format(t)}" : "never";

    static string Format(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "n/a";
}
