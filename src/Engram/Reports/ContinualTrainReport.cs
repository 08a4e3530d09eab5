using Engram.Continual;
using ScottPlot;

namespace Engram.Reports;

/// <summary>Output of <c>engram continual train</c>: task-1 NLL curves, forgetting per policy and budget, energy-rise scatter.</summary>
public static class ContinualTrainReport
{
    /// <summary>Name of a run for tables and legends.</summary>
    public static string Name(ReplayOutcome run) =>
        run.Policy is { } p ? $"{ContinualReplayReport.Name(p)}, K = {run.Budget}" : "no replay";

    /// <summary>Header and one row per task-2 run.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Table(ContinualTrainingResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        IReadOnlyList<string> header = ["run", "task-1 NLL", "task-1 NLL rise", "mean energy rise", "task-2 NLL"];
        var rows = r.Runs.Select(run => (IReadOnlyList<string>)
            [Name(run), ContinualFigures.Number(run.Task1Nll), ContinualFigures.Number(run.Task1NllRise), ContinualFigures.Number(run.MeanEnergyRise), ContinualFigures.Number(run.Task2Nll)]).ToList();
        return (header, rows);
    }

    /// <summary>Lines on the task-1 model.</summary>
    public static IEnumerable<string> TaskOneLines(ContinualTrainingResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        yield return $"task-1 NLL: {r.Task1NllInitial:F4} at the start, {r.Task1NllAfterTask1:F4} after task 1 (log Z = {r.LogPartitionAfterTask1:F4}); task-2 NLL then {r.Task2NllAfterTask1:F4}";
        yield return $"Spearman ρ(task-1 energy, energy rise without replay) = {r.SpearmanEnergyRise:F3}";
    }

    /// <summary>Writes result.json, the figures and index.html into <paramref name="folder"/>.</summary>
    public static void Write(string folder, ContinualTrainingResult r, string command, FigureFormats formats = FigureFormats.Png)
    {
        ArgumentNullException.ThrowIfNull(r);
        string json = ContinualFigures.WriteJson(folder, r);
        ContinualFigures.WriteArray(folder, "patterns_after_task1", r.PatternsAfterTask1);
        ContinualFigures.WriteArray(folder, "task1_energy", r.Task1Energy);
        ContinualFigures.WriteArray(folder, "energy_rise", r.Runs.Select(run => run.EnergyRise).ToArray());
        int every = r.Settings.CurveEvery;
        double[] StepAxis(double[] curve) => curve.Select((_, i) => Math.Min((double)i * every, r.Settings.Steps)).ToArray();

        Figures.Lines(Path.Combine(folder, "task1_nll_curves.png"), formats, "Task-1 NLL while training on task 2", "Adam step on task 2", "task-1 mean NLL (nats)",
            r.Runs.Select(run => new Figures.Series(Name(run), StepAxis(run.Task1Curve), run.Task1Curve) { Style = Figures.SeriesStyle.Line }));

        int[] budgets = r.Runs.Where(x => x.Policy is not null).Select(x => x.Budget).Distinct().Order().ToArray();
        if (budgets.Length > 0)
        {
            double[] xs = budgets.Select(b => (double)b).ToArray();
            var series = new List<Figures.Series>();
            foreach (ReplayPolicy p in new[] { ReplayPolicy.TopK, ReplayPolicy.Random, ReplayPolicy.BottomK })
                series.Add(new Figures.Series(ContinualReplayReport.Name(p), xs, budgets.Select(b => r.Runs.First(x => x.Policy == p && x.Budget == b).Task1NllRise).ToArray()));
            series.Add(new Figures.Series("no replay", [xs[0], xs[^1]], [r.Runs[0].Task1NllRise, r.Runs[0].Task1NllRise])
                { Style = Figures.SeriesStyle.Line, Pattern = LinePattern.Dashed });
            Figures.Lines(Path.Combine(folder, "policy_comparison.png"), formats, "Forgetting (task-1 NLL rise) against replay budget", "replay budget K (samples)",
                "task-1 NLL rise (nats)", series);
        }

        Plot rise = Figures.NewPlot("Energy rise of task-1 samples without replay", "E(x; W₁) after task 1", "E(x; W₂) − E(x; W₁)");
        ContinualFigures.ScatterByGroup(rise, r.Task1Energy, r.Runs[0].EnergyRise, r.Task1Groups);
        FigureStyle.ShowLegend(rise);
        Figures.Save(rise, Path.Combine(folder, "energy_rise.png"), formats);

        Figures.Lines(Path.Combine(folder, "task1_training.png"), formats, "Task-1 NLL while training on task 1", "Adam step", "task-1 mean NLL (nats)",
            [new Figures.Series("task 1", StepAxis(r.Task1TrainingCurve), r.Task1TrainingCurve) { Style = Figures.SeriesStyle.Line }]);

        var (header, rows) = Table(r);
        var html = new HtmlReport("engram continual train").Paragraph(command);
        foreach (string line in TaskOneLines(r)) html.Paragraph(line);
        html.Table(header, rows)
            .Paragraph("NLL(x) = βE(x; W) + log Z(W) with the exact log Z = (d/2) log(2π/β) + log Σ_μ exp(β‖w_μ‖²/2). Forgetting = rise of the task-1 NLL after task 2.")
            .Figure("policy_comparison.png", "Task-1 NLL rise after task 2 for each replay policy across budgets")
            .Figure("task1_nll_curves.png", "Task-1 NLL during task-2 training, per run")
            .Figure("energy_rise.png", "Energy rise of every task-1 sample (no replay) against its energy under the task-1 model")
            .Figure("task1_training.png", "Task-1 NLL during task-1 training")
            .Json(json)
            .Save(Path.Combine(folder, "index.html"));
    }
}
