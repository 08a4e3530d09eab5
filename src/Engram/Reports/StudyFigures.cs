using System.Globalization;
using Engram.Studies;
using ScottPlot;

namespace Engram.Reports;

/// <summary>
/// The figures of one study as ScottPlot plots (Optuna's visualisation module): the optimisation history with the running
/// best, the objective value against each parameter, the intermediate values of each trial (pruning curves) and, for a GW
/// study, ε against GW loss coloured by top-1. Callers save them (<see cref="Figures.Save"/>) or render them to SVG.
/// </summary>
public static class StudyFigures
{
    /// <summary>What the value of <paramref name="study"/> is called on an axis: "GW loss" when its trials record one, else "objective value".</summary>
    public static string ValueName(StudySnapshot study) =>
        study.Trials.Any(t => t.Attributes.ContainsKey("gw_loss")) ? "GW loss" : "objective value";

    static Color CompleteColor => FigureStyle.Palette[0];
    static Color BestColor => FigureStyle.Palette[1];

    /// <summary>The colour of a trial by how it ended: complete blue, pruned orange, failed vermillion, others grey (<see cref="FigureStyle.Palette"/>).</summary>
    static Color StateColor(TrialState state) => state switch
    {
        TrialState.Complete => FigureStyle.Palette[0],
        TrialState.Pruned => FigureStyle.Palette[3],
        TrialState.Failed => FigureStyle.Palette[1],
        _ => FigureStyle.Neutral,
    };

    /// <summary>
    /// Optimisation history: the value of every complete trial against its number, and the best value so far as a step line
    /// (lowest when minimising, highest when maximising).
    /// </summary>
    public static Plot History(StudySnapshot study, bool named = true)
    {
        string value = ValueName(study);
        Plot plot = Figures.NewPlot($"{Prefix(study, named)}optimisation history", "trial number", value);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        Trial[] complete = Complete(study);
        if (complete.Length == 0) return Empty(plot);
        double[] numbers = complete.Select(t => (double)t.Number).ToArray(), values = complete.Select(t => t.Value!.Value).ToArray();
        var trials = plot.Add.ScatterPoints(numbers, values, CompleteColor);
        trials.MarkerSize = complete.Length > 2000 ? 3 : 6;
        trials.LegendText = $"complete trials ({complete.Length})";
        bool minimise = study.Definition.Direction == StudyDirection.Minimize;
        var best = new double[values.Length];
        for (int i = 0; i < values.Length; i++) best[i] = i == 0 ? values[0] : minimise ? Math.Min(best[i - 1], values[i]) : Math.Max(best[i - 1], values[i]);
        var line = plot.Add.ScatterLine(numbers, best, BestColor);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = FigureStyle.LineWidth;
        line.LegendText = minimise ? "lowest so far" : "highest so far";
        FigureStyle.ShowLegend(plot);
        return plot;
    }

    /// <summary>
    /// The value of every complete trial against the parameter <paramref name="name"/>: a log axis for a log-scaled range, the
    /// choices' names for a categorical one. For ε in a study whose trials record top-1 rates, <see cref="EpsilonLoss"/>.
    /// </summary>
    public static Plot Parameter(StudySnapshot study, string name, bool named = true)
    {
        ParameterDistribution distribution = study.Definition.Space[name];
        if (name == "eps" && study.Trials.Any(t => t.Attributes.ContainsKey("top1"))) return EpsilonLoss(study, named);
        var (low, high) = distribution switch
        {
            FloatDistribution { Log: true } f => (f.Low, f.High),
            IntDistribution { Log: true } i => ((double)i.Low, (double)i.High),
            _ => (double.NaN, double.NaN),
        };
        bool log = double.IsFinite(low);
        Plot plot = Figures.NewPlot($"{Prefix(study, named)}{ValueName(study)} against {name}", log ? $"{name} (log scale)" : name, ValueName(study));
        Trial[] complete = Complete(study).Where(t => t.Parameters.ContainsKey(name)).ToArray();
        if (complete.Length == 0) return Empty(plot);
        double[] xs = complete.Select(t => log ? Math.Log10(t.Parameters[name]) : t.Parameters[name]).ToArray();
        var points = plot.Add.ScatterPoints(xs, complete.Select(t => t.Value!.Value).ToArray(), CompleteColor);
        points.MarkerSize = complete.Length > 2000 ? 3 : 6;
        if (log) LogAxis(plot, low, high);
        if (distribution is CategoricalDistribution c)
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, c.Choices.Count).Select(i => (double)i).ToArray(), [.. c.Choices]);
        return plot;
    }

    /// <summary>
    /// ε against GW loss, each complete trial coloured by its top-1 rate (read off the colour bar); failed and pruned trials
    /// drawn as crosses at their last intermediate loss, named in the legend (GWTune's ε figure).
    /// </summary>
    public static Plot EpsilonLoss(StudySnapshot study, bool named = true)
    {
        Trial[] complete = study.Trials.Where(t => t.State == TrialState.Complete && t.Parameters.ContainsKey("eps")).OrderBy(t => t.Parameters["eps"]).ToArray();
        IColormap colormap = FigureStyle.Sequential();
        double[] top1 = complete.Select(t => t.Attributes.GetValueOrDefault("top1", double.NaN)).ToArray();
        double low = top1.Where(double.IsFinite).DefaultIfEmpty(0).Min(), high = top1.Where(double.IsFinite).DefaultIfEmpty(1).Max();
        Plot loss = Figures.NewPlot($"{Prefix(study, named)}GW loss against ε", "ε (log scale)", "GW loss");
        for (int i = 0; i < complete.Length; i++)
        {
            var marker = loss.Add.Marker(Math.Log10(complete[i].Parameters["eps"]), complete[i].Value!.Value);
            marker.MarkerSize = FigureStyle.MarkerSize + 3;
            marker.Color = double.IsFinite(top1[i]) ? colormap.GetColor(high > low ? (top1[i] - low) / (high - low) : 0.5) : FigureStyle.Neutral;
            if (i == 0) marker.LegendText = "complete trial (colour: top-1)";
        }
        if (complete.Length > 0) Figures.ColourBar(loss, colormap, low, high, "top-1 matching rate (%)");
        bool crossed = false;
        foreach (Trial t in study.Trials.Where(t => t.State is TrialState.Pruned or TrialState.Failed && t.Intermediate.Count > 0 && t.Parameters.ContainsKey("eps")))
        {
            var cross = loss.Add.Marker(Math.Log10(t.Parameters["eps"]), t.Intermediate.Last().Value, MarkerShape.Cross, FigureStyle.MarkerSize + 1);
            cross.Color = FigureStyle.Palette[1];
            if (!crossed) cross.LegendText = "pruned or failed (last intermediate loss)";
            crossed = true;
        }
        if (study.Definition.Space["eps"] is FloatDistribution { Low: > 0 } range) LogAxis(loss, range.Low, range.High);
        FigureStyle.ShowLegend(loss);
        return loss;
    }

    /// <summary>
    /// Intermediate values (for a GW study the loss every 10 iterations) of the latest <paramref name="latest"/> trials that
    /// reported any, one line per trial coloured by how it ended: the curves a pruner judges.
    /// </summary>
    public static Plot Intermediate(StudySnapshot study, int latest = 200, bool named = true)
    {
        Trial[] reporting = study.Trials.Where(t => t.Intermediate.Count > 0).ToArray();
        Trial[] shown = reporting.TakeLast(latest).ToArray();
        string which = shown.Length < reporting.Length ? $"latest {shown.Length} of {reporting.Length} trials" : $"{shown.Length} trials";
        Plot plot = Figures.NewPlot($"{Prefix(study, named)}intermediate values ({which})", "step", $"intermediate {ValueName(study)}");
        if (shown.Length == 0) return Empty(plot);
        var labelled = new HashSet<TrialState>();
        foreach (Trial t in shown)
        {
            var line = plot.Add.ScatterLine(t.Intermediate.Keys.Select(k => (double)k).ToArray(), t.Intermediate.Values.ToArray());
            line.Color = StateColor(t.State).WithAlpha(shown.Length > 50 ? 0.5 : 0.9);
            line.LineWidth = FigureStyle.ThinLineWidth;
            line.MarkerSize = 3;   // a trial pruned at its first step is one point, not a line
            if (labelled.Add(t.State)) line.LegendText = t.State.ToString().ToLowerInvariant();
        }
        FigureStyle.ShowLegend(plot);
        return plot;
    }

    static string Prefix(StudySnapshot study, bool named) => named ? $"{study.Definition.Name}: " : "";

    /// <summary>
    /// A log-scaled x axis over [<paramref name="low"/>, <paramref name="high"/>] for values plotted as log10(x): ticks at 1, 2 and
    /// 5 times the powers of ten inside the range, labelled with the values themselves.
    /// </summary>
    static void LogAxis(Plot plot, double low, double high)
    {
        var ticks = new List<double>();
        for (int decade = (int)Math.Floor(Math.Log10(low)); decade <= (int)Math.Ceiling(Math.Log10(high)); decade++)
            foreach (double m in (double[])[1, 2, 5])
            {
                double v = m * Math.Pow(10, decade);
                if (v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9)) ticks.Add(v);
            }
        if (ticks.Count < 2) ticks = [low, high];
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks.Select(Math.Log10).ToArray(), ticks.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)).ToArray());
        double pad = 0.03 * (Math.Log10(high) - Math.Log10(low));
        plot.Axes.SetLimitsX(Math.Log10(low) - pad, Math.Log10(high) + pad);
    }

    static Trial[] Complete(StudySnapshot study) =>
        study.Trials.Where(t => t.State == TrialState.Complete && t.Value is double v && double.IsFinite(v)).ToArray();

    static Plot Empty(Plot plot)
    {
        plot.Add.Annotation("no trial to show yet", ScottPlot.Alignment.MiddleCenter);
        return plot;
    }
}
