using System.Globalization;
using Engram.Generative;
using Engram.Numerics;

namespace Engram.Reports;

/// <summary>Output of <c>engram vae report</c>: the three findings, each a figure with intervals over seeds.</summary>
public static class VaeConceptReport
{
    static string F(double v, string format = "F3") => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Header and one row per latent size and noise level.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Table(VaeConceptFormationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        IReadOnlyList<string> header = ["latent", "noise", "d(concept) t=0", "min d(concept)", "at t", "d(concept) t=T", "d(memory) t=0", "d(memory) t=T", "depth", "concreteness", "depth t≥1", "concreteness t≥1", "own concept nearest", "own superclass nearest"];
        var rows = r.Approach.Select(a => (IReadOnlyList<string>)
        [
            a.Latent.ToString(CultureInfo.InvariantCulture), F(a.Level, "0.##"),
            F(a.OwnConcept.Mean[0]), F(a.OwnConcept.Mean.Min()), ContinualFigures.MeanSe(a.MinimumStep.Mean, a.MinimumStep.StandardError), F(a.OwnConcept.Mean[^1]),
            F(a.NearestMemory.Mean[0]), F(a.NearestMemory.Mean[^1]),
            ContinualFigures.MeanSe(a.ApproachDepth.Mean, a.ApproachDepth.StandardError), ContinualFigures.MeanSe(a.Concreteness.Mean, a.Concreteness.StandardError),
            ContinualFigures.MeanSe(a.TrajectoryApproachDepth.Mean, a.TrajectoryApproachDepth.StandardError), ContinualFigures.MeanSe(a.TrajectoryConcreteness.Mean, a.TrajectoryConcreteness.StandardError),
            ContinualFigures.MeanSe(a.NearestConceptIsOwn.Mean, a.NearestConceptIsOwn.StandardError),
            a.NearestConceptInOwnSuperclass is { } s ? ContinualFigures.MeanSe(s.Mean, s.StandardError) : "—",
        ]).ToList();
        return (header, rows);
    }

    /// <summary>The human summary: the fit per latent size, the early stops, the superclasses (classes named by <paramref name="classNames"/>), then the table.</summary>
    public static IEnumerable<string> Lines(VaeConceptFormationResult r, IReadOnlyList<string> classNames)
    {
        foreach (string line in Summary(r, classNames)) yield return line;
        var (header, rows) = Table(r);
        yield return string.Join(" | ", header);
        foreach (var row in rows) yield return string.Join(" | ", row);
    }

    static IEnumerable<string> Summary(VaeConceptFormationResult r, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(classNames);
        string steps = r.Settings.Training.EarlyStopping is null ? $"{r.Settings.Training.Trainer.Steps} Adam steps each" : $"at most {r.Settings.Training.Trainer.Steps} Adam steps each, stopped early on a validation split";
        yield return $"vae report: latent sizes {string.Join(", ", r.Settings.Latents)} × seeds {string.Join(", ", r.Settings.Seeds)}; {steps}; {r.Settings.Dynamics.Steps} steps of repeated inference; values are mean ± SE over seeds";
        foreach (LatentSizeFit f in r.Fit)
            yield return $"latent {f.Latent}: test log p̂ {ContinualFigures.MeanSe(f.TestLogLikelihood.Mean, f.TestLogLikelihood.StandardError)}, ELBO {ContinualFigures.MeanSe(f.TestElbo.Mean, f.TestElbo.StandardError)} nats/image";
        foreach (VaeSeedResult run in r.Runs)
            if (run.Training.EarlyStop is { } stop) yield return $"latent {run.Latent}, seed {run.Seed}: {stop.Reason}";
        string how = r.Settings.SuperclassClusters is { } k ? $"{k} found by average-linkage clustering of the concepts" : "given";
        foreach (SuperclassFinding found in r.Superclasses)
            yield return $"latent {found.Latent}, seed {found.Seed}: superclasses ({how}) {VaeDynamicsReport.Groups(found.Superclass, classNames)}"
                + (found.AdjustedRandIndex is { } ari ? string.Create(CultureInfo.InvariantCulture, $"; adjusted Rand index with the planted parents {ari:F2}") : "");
        foreach (int latent in r.Settings.Latents)
        {
            double[] ari = [.. r.Superclasses.Where(s => s.Latent == latent && s.AdjustedRandIndex is not null).Select(s => s.AdjustedRandIndex!.Value)];
            if (ari.Length == 0) continue;
            Estimate e = Estimate.Of(ari);
            yield return $"latent {latent}: superclasses against the planted parents: adjusted Rand index {ContinualFigures.MeanSe(e.Mean, e.StandardError)} over seeds ({ari.Count(a => a == 1)} of {ari.Length} exact)";
        }
    }

    /// <summary>Writes result.json, the three findings' figures and index.html.</summary>
    public static void Write(string folder, VaeConceptFormationResult r, string command, FigureFormats formats, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(r);
        string json = ContinualFigures.WriteJson(folder, r);
        int[] latents = r.Settings.Latents.ToArray();
        double[] levels = r.Settings.Dynamics.Levels.ToArray();
        int middle = latents[latents.Length / 2];
        double[] steps = Enumerable.Range(0, r.Settings.Dynamics.Steps + 1).Select(t => (double)t).ToArray();

        // Finding 1: one colour per noise level, solid = own concept, dashed = nearest memory, error bars = SE over seeds.
        ScottPlot.Plot one = Figures.NewPlot($"Finding 1: distance of z(t) to its concept and the nearest memory (latent {middle})",
            "step t of repeated inference", "latent distance (mean ± SE over seeds)");
        ConceptApproach[] shown = [.. r.Approach.Where(a => a.Latent == middle)];
        for (int k = 0; k < shown.Length; k++)
        {
            ConceptApproach a = shown[k];
            ScottPlot.Color c = FigureStyle.Colour(k, shown.Length);
            foreach (var (curve, name, pattern) in new[] { (a.OwnConcept, "concept", ScottPlot.LinePattern.Solid), (a.NearestMemory, "nearest memory", ScottPlot.LinePattern.Dashed) })
            {
                ContinualFigures.Line(one, steps, curve.Mean, $"{name}, noise {F(a.Level, "0.##")}", c, pattern);
                var bars = one.Add.ErrorBar(steps, curve.Mean, curve.StandardError);
                bars.Color = c;
                bars.LineWidth = FigureStyle.ThinLineWidth;
            }
        }
        FigureStyle.ShowLegend(one);
        Figures.Save(one, Path.Combine(folder, "finding1_concept_then_memory.png"), formats);

        Figures.Lines(Path.Combine(folder, "finding2_abstraction.png"), formats, "Finding 2: concreteness at the closest approach vs input noise",
            "input noise level", "‖z(t*) − g‖ / ‖concept − g‖ (smaller = more abstract)",
            latents.Select(l => Series($"latent {l}", r.Approach.Where(a => a.Latent == l).ToArray(), a => a.Level, a => a.Concreteness)));
        Figures.Lines(Path.Combine(folder, "finding2_nearest_concept.png"), formats, "Finding 2: nearest concept at the closest approach vs input noise",
            "input noise level", "fraction of inputs",
            latents.SelectMany(l => new[]
            {
                Series($"own class, latent {l}", r.Approach.Where(a => a.Latent == l).ToArray(), a => a.Level, a => a.NearestConceptIsOwn),
            }.Concat(r.Approach.Any(a => a.NearestConceptInOwnSuperclass is null) ? [] :
                [Series($"own superclass, latent {l}", r.Approach.Where(a => a.Latent == l).ToArray(), a => a.Level, a => a.NearestConceptInOwnSuperclass!.Value)])));

        double[] latentAxis = latents.Select(l => (double)l).ToArray();
        var latentTicks = latents.Select(l => ((double)l, l.ToString(CultureInfo.InvariantCulture))).ToArray();
        Figures.Lines(Path.Combine(folder, "finding3_approach_vs_latent.png"), formats, "Finding 3: depth of the approach to the concept vs latent size",
            "latent variables", "1 − min d(concept) / d(concept) at t = 0",
            levels.Select(level => Series($"noise {F(level, "0.##")}", r.Approach.Where(a => a.Level == level).ToArray(), a => a.Latent, a => a.ApproachDepth)),
            xTicks: latentTicks);
        Figures.Lines(Path.Combine(folder, "finding3_log_likelihood_vs_latent.png"), formats, "Finding 3: test log-likelihood vs latent size",
            "latent variables", "nats per image (mean ± SE over seeds)",
        [
            new Figures.Series("log p̂ (importance sampled)", latentAxis, r.Fit.Select(f => f.TestLogLikelihood.Mean).ToArray(), r.Fit.Select(f => f.TestLogLikelihood.StandardError).ToArray()),
            new Figures.Series("ELBO", latentAxis, r.Fit.Select(f => f.TestElbo.Mean).ToArray(), r.Fit.Select(f => f.TestElbo.StandardError).ToArray()),
        ], xTicks: latentTicks);

        var (header, rows) = Table(r);
        var html = new HtmlReport("engram vae report").Paragraph(command);
        foreach (string line in Summary(r, classNames)) html.Paragraph(line);
        html.Table(header, rows)
            .Paragraph("Distances are Euclidean in the latent space. Concept = mean code of a class's training images; memory = one training image's code; g = grand mean of all codes. depth = 1 − min_t d̄(t) / d̄(0); concreteness = ‖z(t*) − g‖ / ‖concept − g‖ at each input's closest approach t*.")
            .Figure("finding1_concept_then_memory.png", "Finding 1: the approach to the concept, then toward a memory")
            .Figure("finding2_abstraction.png", "Finding 2: how concrete the concept approached is, against the noise of the input")
            .Figure("finding2_nearest_concept.png", "Finding 2: which concept is nearest at the closest approach")
            .Figure("finding3_approach_vs_latent.png", "Finding 3: the approach against the number of latent variables")
            .Figure("finding3_log_likelihood_vs_latent.png", "Finding 3: test log-likelihood against the number of latent variables")
            .Json(json)
            .Save(Path.Combine(folder, "index.html"));
    }

    static Figures.Series Series(string label, ConceptApproach[] points, Func<ConceptApproach, double> x, Func<ConceptApproach, Engram.Numerics.Estimate> y) =>
        new(label, points.Select(x).ToArray(), points.Select(p => y(p).Mean).ToArray(), points.Select(p => y(p).StandardError).ToArray());
}
