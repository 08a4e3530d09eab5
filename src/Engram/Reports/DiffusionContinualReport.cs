using System.Globalization;
using ReplayPolicy = Engram.Continual.ReplayPolicy;
using Engram.Continual.Diffusion;

namespace Engram.Reports;

/// <summary>Output of <c>engram continual diffusion</c>: summaries, result.json, arrays, figures and index.html.</summary>
public static class DiffusionContinualReport
{
    static string Name(ReplayPolicy p) => p.ToString().ToLowerInvariant();

    static string F(double v, string format = "F3") => v.ToString(format, CultureInfo.InvariantCulture);

    static string Ci(Numerics.Interval i) => $"{F(i.Estimate)} [{F(i.Lower)}, {F(i.Upper)}]";

    // An interval over seeds needs two of them; one seed's value is shown alone.
    static string OverSeeds(Numerics.Interval i, int seeds) => seeds < 2 ? F(i.Estimate) : Ci(i);

    /// <summary>The human summary of a training run.</summary>
    public static IEnumerable<string> TrainingLines(DiffusionTrainingResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Settings;
        yield return string.Create(CultureInfo.InvariantCulture,
            $"diffusion train: {r.Kind}, {r.Parameters:N0} parameters{(r.Space.Length > 0 ? " in " + r.Space : "")}; {s.Tasks.Length} tasks ({string.Join(" | ", s.Tasks.Select(t => string.Join(",", t)))}) of {string.Join("/", r.TaskSizes)} images");
        if (r.Autoencoder is { } a)
        {
            string work = a.ResumedFrom >= a.Steps ? "already done"
                : string.Create(CultureInfo.InvariantCulture, $"{a.Steps - a.ResumedFrom} steps in {a.Seconds:F1} s");
            string loss = a.LossCurve.Length > 0 ? string.Create(CultureInfo.InvariantCulture, $", final loss {a.LossCurve[^1]:F2} nats/image") : "";
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  autoencoder ({a.Kind}, trained on every task's images, then frozen): {work}{loss}; reconstruction RMSE {a.ReconstructionRmse:F4} (grey levels in [0, 1]); codes divided by their RMS {a.Scale:G4}");
        }
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

    // Words for the regime by the memorised fraction (Yoon et al. 2023 call a model memorising when most samples are copies).
    // Few copies alone does not make a model generalise (an untrained one copies nothing either), so that case says only "not".
    static string Regime(MemorisationMeasure m) => m.Fraction >= 0.5 ? "most samples copy a task-1 image: memorisation regime"
        : m.Fraction <= 0.1 ? "few samples copy a task-1 image: not the memorisation regime" : "some samples copy a task-1 image: between the regimes";

    // Prediction 2 (top-K replay protects the high-energy images more): holds when the paired difference lies below 0.
    static string Prediction2(Numerics.Interval difference) => difference.Upper < 0 ? "holds" : difference.Lower > 0 ? "does not hold" : "not resolved";

    /// <summary>The human summary of an evaluation.</summary>
    public static IEnumerable<string> Lines(DiffusionContinualResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Settings;
        yield return $"diffusion evaluate: {r.Kind} in {r.Space}; {s.Seeds.Length} seed(s), {r.Seeds[0].Images.Length} task-1 images evaluated at t = {string.Join(", ", s.Timesteps)}";
        foreach (MemorisationMeasure m in r.Memorisation)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  seed {m.Seed} task-1 model: {m.Memorised} of {m.Samples} samples memorised (nearest task-1 image closer than ⅓ of the second nearest); median distance to the nearest {m.NearestRatio:F2} × the task-1 images' own: {Regime(m)}");
        foreach (var c in r.Correlations)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  seed {c.Seed}, σ = {c.Sigma:F3} (t = {c.Timestep}): Spearman ρ(energy, forgetting after task {s.Tasks.Length}, {Name(c.Policy)}) = {Ci(c.Rho)}");
        foreach (string line in ConfoundLines(r)) yield return line;
        int n = s.Seeds.Length;
        yield return n < 2 ? $"one seed, so no intervals over seeds: ρ at t = {s.SelectionTimestep} {F(r.MeanRho.Estimate)}"
            : $"mean ρ at t = {s.SelectionTimestep} over seeds: {Ci(r.MeanRho)}";
        foreach (var p in r.Comparison)
            yield return $"  {Name(p.Policy),-8} forgetting of held-out images: all {OverSeeds(p.Overall, n)}, top energy decile {OverSeeds(p.TopDecile, n)}" +
                (p.Replayed is { } replayed ? $"; replayed images {OverSeeds(replayed, n)}" : "");
        foreach (TopKContrast c in r.Contrasts)
            yield return $"  prediction 2, top-K − {Name(c.Against)} paired over seeds: top energy decile {Ci(c.TopDecile)}: {Prediction2(c.TopDecile)}; all held-out images {Ci(c.Overall)}";
    }

    /// <summary>
    /// The confound analysis: per seed and score, ρ pooled, within each class and partial, each with the wording of
    /// prediction 1 that its interval allows, then the confounders' correlations.
    /// </summary>
    public static IEnumerable<string> ConfoundLines(DiffusionContinualResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        static string Claim(Numerics.Interval i) => $"{Ci(i)}: prediction 1 {EnergyForgettingConfounds.Verdict(i)}";
        foreach (ConfoundedCorrelation c in r.Confounds)
        {
            var a = c.Analysis;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"seed {c.Seed}, t = {r.Settings.SelectionTimestep}, {Name(c.Policy)}, {c.Score.ToString().ToLowerInvariant()} forgetting (bootstrap within classes):");
            yield return $"  pooled ρ(energy, forgetting) = {Claim(a.Pooled)}";
            foreach (ClassCorrelation k in a.Classes)
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"  within class {k.Class} ({k.Count} images, median energy {k.MedianEnergy:F2}, mean forgetting {k.MeanForgetting:G3}): ρ = {(k.Rho is { } rho ? Claim(rho) : "too few images")}");
            yield return $"  partial ρ | class = {Claim(a.GivenClass)}";
            yield return $"  partial ρ | class, baseline error = {Claim(a.GivenClassAndBaseline)}";
            yield return $"  confounders: {string.Join(", ", a.Classes.Select(k => $"ρ(energy, class {k.Class}) = {F(k.EnergyClassRho, "F2")}"))}, " +
                $"ρ(energy, ink) = {F(a.EnergyInkRho, "F2")}, ρ(energy, baseline error) = {F(a.EnergyBaselineRho, "F2")}, ρ(baseline error, forgetting) = {F(a.BaselineForgettingRho, "F2")}";
        }
    }

    /// <summary>Writes training.json into the run folder (training-seed-S.json for a run of one seed's stages, so that concurrent seed processes do not overwrite each other).</summary>
    public static void WriteTraining(string folder, DiffusionTrainingResult r, string command, int? onlySeed = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        Directory.CreateDirectory(folder);
        JsonResult.Write(Path.Combine(folder, onlySeed is { } seed ? $"training-seed-{seed}.json" : "training.json"), r);
    }

    /// <summary>Writes result.json, the arrays (.npy), the figures and index.html into <paramref name="folder"/>.</summary>
    public static void Write(string folder, DiffusionContinualResult r, string command, FigureFormats formats = FigureFormats.Png)
    {
        ArgumentNullException.ThrowIfNull(r);
        string json = ContinualFigures.WriteJson(folder, r);
        var s = r.Settings;
        int selection = Array.IndexOf(s.Timesteps, s.SelectionTimestep);
        foreach (SeedOutcome seed in r.Seeds)
        {
            ContinualFigures.WriteArray(folder, $"energies_seed{seed.Seed}", seed.Energies);
            ContinualFigures.WriteArray(folder, $"baseline_errors_seed{seed.Seed}", seed.BaselineErrors);
            ContinualFigures.WriteArray(folder, $"classes_seed{seed.Seed}", [.. seed.Classes.Select(c => (double)c)]);
            ContinualFigures.WriteArray(folder, $"ink_seed{seed.Seed}", seed.Ink);
            ContinualFigures.WriteArray(folder, $"reconstruction_baseline_seed{seed.Seed}", seed.ReconstructionBaseline);
            foreach (PolicyOutcome p in seed.Policies)
            {
                ContinualFigures.WriteArray(folder, $"forgetting_seed{seed.Seed}_{Name(p.Policy)}", p.Forgetting);
                ContinualFigures.WriteArray(folder, $"relative_forgetting_seed{seed.Seed}_{Name(p.Policy)}", p.RelativeForgetting);
                ContinualFigures.WriteArray(folder, $"reconstruction_forgetting_seed{seed.Seed}_{Name(p.Policy)}", p.ReconstructionForgetting);
            }
        }
        var html = new HtmlReport("engram continual diffusion").Paragraph(command);
        foreach (string line in Lines(r)) html.Paragraph(line);
        html.Paragraph("Energy E_σ(x) = −σ² log Σ_{μ≠x} exp(−‖x − x_μ‖²/(2σ²)) over the other task-1 images (leave-one-out), σ = σ_t = √((1 − ᾱ_t)/ᾱ_t). " +
            "Forgetting = increase of ‖ε − ε_θ(x_t, t)‖²/D from the model after task 1 to the model after a later task, same ε per (seed, t), averaged over the timesteps.");

        SeedOutcome first = r.Seeds[0];
        ReplayPolicy reference = r.Correlations[0].Policy;
        double[] forgetting = first.Policies.First(p => p.Policy == reference).Forgetting[^1];
        var scatter = Figures.NewPlot($"Energy vs forgetting (seed {first.Seed}, {Name(reference)})", $"E_σ, σ = {F(r.Sigmas[selection])} (t = {s.SelectionTimestep})", $"forgetting after task {s.Tasks.Length}");
        ContinualFigures.Points(scatter, first.Energies[selection], forgetting, "task-1 image", FigureStyle.Palette[0]);
        Figures.Save(scatter, Path.Combine(folder, "energy_vs_forgetting.png"), formats);
        html.Figure("energy_vs_forgetting.png", "Each evaluated task-1 image: its leave-one-out Hopfield energy and how much its denoising error grew by the end");

        double[] decile = Enumerable.Range(1, 10).Select(d => (double)d).ToArray();
        Figures.Lines(Path.Combine(folder, "forgetting_by_decile.png"), formats, "Forgetting by energy decile", "energy decile (1 = lowest energy)",
            "mean forgetting (rise of the denoising MSE)",
            r.Deciles.Select(d => new Figures.Series(Name(d.Policy), decile, d.Means)));
        html.Figure("forgetting_by_decile.png", $"Mean forgetting after task {s.Tasks.Length} per energy decile (σ at t = {s.SelectionTimestep}), averaged over seeds");

        html.Heading("Spearman ρ(energy, forgetting) with bootstrap 95 % intervals")
            .Table(["seed", "t", "σ", "ρ", "95 % interval"], r.Correlations.Select(c => (IReadOnlyList<string>)
                [c.Seed.ToString(CultureInfo.InvariantCulture), c.Timestep.ToString(CultureInfo.InvariantCulture), F(c.Sigma), F(c.Rho.Estimate), $"[{F(c.Rho.Lower)}, {F(c.Rho.Upper)}]"]));
        var withDeciles = r.Confounds.SelectMany(c => c.Analysis.Classes.Where(k => k.Deciles is not null).Select(k => (c, k))).ToArray();
        if (withDeciles.Length > 0)
            html.Heading("Forgetting by energy decile within class (decile 1 = lowest energy of the class)")
                .Table(["seed", "score", "class", .. Enumerable.Range(1, 10).Select(d => d.ToString(CultureInfo.InvariantCulture))],
                    withDeciles.Select(p => (IReadOnlyList<string>)[p.c.Seed.ToString(CultureInfo.InvariantCulture), p.c.Score.ToString().ToLowerInvariant(),
                        p.k.Class.ToString(CultureInfo.InvariantCulture), .. p.k.Deciles!.Select(v => F(v, "G3"))]));
        html.Heading("Replay policies (mean over seeds, Student-t 95 % interval)")
            .Table(["policy", "forgetting, all held-out", "forgetting, top energy decile", "forgetting, replayed"],
                r.Comparison.Select(p => (IReadOnlyList<string>)[Name(p.Policy), OverSeeds(p.Overall, s.Seeds.Length), OverSeeds(p.TopDecile, s.Seeds.Length),
                    p.Replayed is { } replayed ? OverSeeds(replayed, s.Seeds.Length) : "—"]));
        if (r.Comparison.Length > 1)
        {
            // One seed has no spread to estimate: its figure says so and draws no error bars rather than zero-width ones.
            bool intervals = s.Seeds.Length > 1;
            double[]? HalfWidths(Func<PolicyComparison, Numerics.Interval> of) => intervals ? [.. r.Comparison.Select(p => (of(p).Upper - of(p).Lower) / 2)] : null;
            string over = intervals ? $"mean over {s.Seeds.Length} seeds, 95 % interval" : $"seed {first.Seed}; one seed, no interval";
            Figures.Categorical(Path.Combine(folder, "policies.png"), formats, $"Forgetting after task {s.Tasks.Length} by replay policy ({over})",
                "replay policy", [.. r.Comparison.Select(p => Name(p.Policy))], "mean forgetting (rise of the denoising MSE)",
            [
                new Figures.CategorySeries("all images", [.. r.Comparison.Select(p => p.Overall.Estimate)], HalfWidths(p => p.Overall)),
                new Figures.CategorySeries("top energy decile", [.. r.Comparison.Select(p => p.TopDecile.Estimate)], HalfWidths(p => p.TopDecile)),
            ]);
            html.Figure("policies.png", intervals ? $"Mean forgetting per replay policy with 95 % intervals over {s.Seeds.Length} seeds" : $"Mean forgetting per replay policy (seed {first.Seed}; one seed gives no interval)");
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
                Figures.ImageGrid(Path.Combine(folder, file), formats, rows.Select(g => (IReadOnlyList<float[]>)Split(g)).ToList(), initial.Height, initial.Width,
                    group is null ? $"{Sampler(s)} samples after task 1 (seed {first.Seed})" : $"{Sampler(s)} samples, {Name(group.Key)} replay (seed {first.Seed})",
                    "model after", [.. rows.Select(g => $"task {g.AfterTask}")], "sample", [.. Enumerable.Range(1, initial.Count).Select(i => i.ToString(CultureInfo.InvariantCulture))]);
                html.Figure(file, $"{s.Sampler} samples (seed {first.Seed}); rows: {string.Join(", ", rows.Select(g => g.Label))}");
            }
        }
        html.Json(json).Save(Path.Combine(folder, "index.html"));
    }

    /// <summary>"DDIM" or "DDPM": the sampler as papers write it.</summary>
    static string Sampler(DiffusionContinualSettings s) => s.Sampler.ToString().ToUpperInvariant();

    static List<float[]> Split(SampleGrid g)
    {
        int size = g.Height * g.Width;
        return Enumerable.Range(0, g.Count).Select(i => g.Pixels.AsSpan(i * size, size).ToArray()).ToList();
    }
}
