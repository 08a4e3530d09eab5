using System.Globalization;
using Engram.Continual.Diffusion;

namespace Engram.Reports;

/// <summary>Output of <c>engram continual diffusion</c>: summaries, result.json, arrays, figures and index.html.</summary>
public static class DiffusionContinualReport
{
    static string Name(ReplayPolicy p) => p.ToString().ToLowerInvariant();

    static string F(double v, string format = "F3") => v.ToString(format, CultureInfo.InvariantCulture);

    static string Ci(Numerics.Interval i) => $"{F(i.Estimate)} [{F(i.Lower)}, {F(i.Upper)}]";

    /// <summary>The human summary of a training run.</summary>
    public static IEnumerable<string> TrainingLines(DiffusionTrainingResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Settings;
        yield return string.Create(CultureInfo.InvariantCulture,
            $"diffusion train: {r.Kind}, {r.Parameters:N0} parameters; {s.Tasks.Length} tasks ({string.Join(" | ", s.Tasks.Select(t => string.Join(",", t)))}) of {string.Join("/", r.TaskSizes)} images");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"task 1: {s.FirstTask.Steps} steps; later tasks: {s.LaterTaskSteps} steps each; batch {s.FirstTask.BatchSize}; replay {string.Join(", ", s.Policies.Select(Name))} (budget {s.Budget}, ratio {s.Ratio}); seeds {string.Join(", ", s.Seeds)}");
        foreach (DiffusionStage stage in r.Stages)
        {
            string work = stage.ResumedFrom >= stage.Steps ? "already done"
                : string.Create(CultureInfo.InvariantCulture, $"{stage.Steps - stage.ResumedFrom} steps in {stage.Seconds:F1} s ({stage.ImagesPerSecond:F0} images/s)");
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  seed {stage.Seed} {(stage.Policy is { } p ? Name(p) : "shared")} task {stage.Task}: {work}, final loss {stage.LossCurve[^1]:F4}");
        }
    }

    /// <summary>The human summary of an evaluation.</summary>
    public static IEnumerable<string> Lines(DiffusionContinualResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Settings;
        yield return $"diffusion evaluate: {r.Kind} in {r.Space}; {s.Seeds.Length} seed(s), {r.Seeds[0].Images.Length} task-1 images evaluated at t = {string.Join(", ", s.Timesteps)}";
        foreach (var c in r.Correlations)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  seed {c.Seed}, σ = {c.Sigma:F3} (t = {c.Timestep}): Spearman ρ(energy, forgetting after task {s.Tasks.Length}, {Name(c.Policy)}) = {Ci(c.Rho)}");
        yield return $"mean ρ at t = {s.SelectionTimestep} over seeds: {Ci(r.MeanRho)}";
        foreach (var p in r.Comparison)
            yield return $"  {Name(p.Policy),-8} forgetting: all {Ci(p.Overall)}, top energy decile {Ci(p.TopDecile)}";
    }

    /// <summary>Writes training.json into the run folder (training-seed-S.json for a run of one seed's stages, so that concurrent seed processes do not overwrite each other).</summary>
    public static void WriteTraining(string folder, DiffusionTrainingResult r, string command, int? onlySeed = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        Directory.CreateDirectory(folder);
        JsonResult.Write(Path.Combine(folder, onlySeed is { } seed ? $"training-seed-{seed}.json" : "training.json"), r);
    }

    /// <summary>Writes result.json, the arrays (.npy), the figures and index.html into <paramref name="folder"/>.</summary>
    public static void Write(string folder, DiffusionContinualResult r, string command)
    {
        ArgumentNullException.ThrowIfNull(r);
        string json = ContinualFigures.WriteJson(folder, r);
        var s = r.Settings;
        int selection = Array.IndexOf(s.Timesteps, s.SelectionTimestep);
        foreach (SeedOutcome seed in r.Seeds)
        {
            ContinualFigures.WriteArray(folder, $"energies_seed{seed.Seed}", seed.Energies);
            ContinualFigures.WriteArray(folder, $"baseline_errors_seed{seed.Seed}", seed.BaselineErrors);
            foreach (PolicyOutcome p in seed.Policies) ContinualFigures.WriteArray(folder, $"forgetting_seed{seed.Seed}_{Name(p.Policy)}", p.Forgetting);
        }
        var html = new HtmlReport("engram continual diffusion").Paragraph(command);
        foreach (string line in Lines(r)) html.Paragraph(line);
        html.Paragraph("Energy E_σ(x) = −σ² log Σ_{μ≠x} exp(−‖x − x_μ‖²/(2σ²)) over the other task-1 images (leave-one-out), σ = σ_t = √((1 − ᾱ_t)/ᾱ_t). " +
            "Forgetting = increase of ‖ε − ε_θ(x_t, t)‖²/D from the model after task 1 to the model after a later task, same ε per (seed, t), averaged over the timesteps.");

        SeedOutcome first = r.Seeds[0];
        ReplayPolicy reference = r.Correlations[0].Policy;
        double[] forgetting = first.Policies.First(p => p.Policy == reference).Forgetting[^1];
        var scatter = Figures.NewPlot($"Energy vs forgetting (seed {first.Seed}, {Name(reference)})", $"E_σ, σ = {F(r.Sigmas[selection])} (t = {s.SelectionTimestep})", $"forgetting after task {s.Tasks.Length}");
        ContinualFigures.Points(scatter, first.Energies[selection], forgetting, "task-1 image", ScottPlot.Colors.SteelBlue, 4);
        Figures.Save(scatter, Path.Combine(folder, "energy_vs_forgetting.png"));
        html.Figure("energy_vs_forgetting.png", "Each evaluated task-1 image: its leave-one-out Hopfield energy and how much its denoising error grew by the end");

        double[] decile = Enumerable.Range(1, 10).Select(d => (double)d).ToArray();
        Figures.Lines(Path.Combine(folder, "forgetting_by_decile.png"), "Forgetting by energy decile", "energy decile (1 = lowest)", "mean forgetting",
            r.Deciles.Select(d => new Figures.Series(Name(d.Policy), decile, d.Means)));
        html.Figure("forgetting_by_decile.png", $"Mean forgetting after task {s.Tasks.Length} per energy decile (σ at t = {s.SelectionTimestep}), averaged over seeds");

        html.Heading("Spearman ρ(energy, forgetting) with bootstrap 95 % intervals")
            .Table(["seed", "t", "σ", "ρ", "95 % interval"], r.Correlations.Select(c => (IReadOnlyList<string>)
                [c.Seed.ToString(CultureInfo.InvariantCulture), c.Timestep.ToString(CultureInfo.InvariantCulture), F(c.Sigma), F(c.Rho.Estimate), $"[{F(c.Rho.Lower)}, {F(c.Rho.Upper)}]"]));
        html.Heading("Replay policies (mean over seeds, Student-t 95 % interval)")
            .Table(["policy", "forgetting, all", "forgetting, top energy decile"], r.Comparison.Select(p => (IReadOnlyList<string>)[Name(p.Policy), Ci(p.Overall), Ci(p.TopDecile)]));
        if (r.Comparison.Length > 1)
        {
            double[] x = Enumerable.Range(0, r.Comparison.Length).Select(i => (double)i).ToArray();
            Figures.Lines(Path.Combine(folder, "policies.png"), $"Replay policies ({string.Join(", ", r.Comparison.Select(p => Name(p.Policy)))})", "policy (in that order)", "mean forgetting",
            [
                new Figures.Series("all images", x, r.Comparison.Select(p => p.Overall.Estimate).ToArray(), r.Comparison.Select(p => (p.Overall.Upper - p.Overall.Lower) / 2).ToArray()),
                new Figures.Series("top energy decile", x, r.Comparison.Select(p => p.TopDecile.Estimate).ToArray(), r.Comparison.Select(p => (p.TopDecile.Upper - p.TopDecile.Lower) / 2).ToArray()),
            ]);
            html.Figure("policies.png", "Mean forgetting per replay policy with 95 % intervals over seeds");
        }

        if (r.Grids.Length > 0)
        {
            html.Heading("Samples");
            var groups = r.Grids.Where(g => g.Policy is not null).GroupBy(g => g.Policy!.Value);
            SampleGrid initial = r.Grids.First(g => g.Policy is null);
            foreach (var group in groups.DefaultIfEmpty())
            {
                var rows = new List<SampleGrid> { initial };
                if (group is not null) rows.AddRange(group.OrderBy(g => g.AfterTask));
                string file = group is null ? "samples.png" : $"samples_{Name(group.Key)}.png";
                ImageMosaic.Write(Path.Combine(folder, file), rows.Select(g => (IReadOnlyList<float[]>)Split(g)).ToList(), initial.Height, initial.Width,
                    group is null ? "Samples after task 1" : $"Samples, {Name(group.Key)} replay", "sample", "after task (top row: 1)");
                html.Figure(file, $"{s.Sampler} samples (seed {first.Seed}); rows: {string.Join(", ", rows.Select(g => g.Label))}");
            }
        }
        html.Json(json).Save(Path.Combine(folder, "index.html"));
    }

    static List<float[]> Split(SampleGrid g)
    {
        int size = g.Height * g.Width;
        return Enumerable.Range(0, g.Count).Select(i => g.Pixels.AsSpan(i * size, size).ToArray()).ToList();
    }
}
