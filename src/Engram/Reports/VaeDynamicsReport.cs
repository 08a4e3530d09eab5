using System.Globalization;
using Engram.Data;
using Engram.Generative;

namespace Engram.Reports;

/// <summary>Output of <c>engram vae dynamics</c>: distance curves and decoded images along the trajectories, per noise level.</summary>
public static class VaeDynamicsReport
{
    /// <summary>One line per noise level, after the superclasses used (classes named by <paramref name="classNames"/>; <paramref name="found"/>: found by clustering rather than given).</summary>
    public static IEnumerable<string> Lines(RepeatedInferenceResult r, IReadOnlyList<string> classNames, bool found)
    {
        ArgumentNullException.ThrowIfNull(r);
        yield return $"vae dynamics: {r.Inputs} test inputs, {r.Settings.Steps} steps of repeated inference ({(r.Settings.Sampled ? "sampled" : "means")}), {r.Settings.Noise.ToString().ToLowerInvariant()} noise, seed {r.Settings.Seed}";
        if (r.Superclass is { } map) yield return $"superclasses ({(found ? "found by average-linkage clustering of the concepts" : "given")}): {Groups(map, classNames)}";
        foreach (InferenceLevel l in r.Levels) yield return Line(l);
    }

    /// <summary>"{T-shirt/top, Pullover} {Trouser}": the classes of each superclass, in the order of the groups.</summary>
    public static string Groups(IReadOnlyList<int> superclass, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(superclass);
        ArgumentNullException.ThrowIfNull(classNames);
        return string.Join(" ", Enumerable.Range(0, superclass.Max() + 1)
            .Select(g => "{" + string.Join(", ", Enumerable.Range(0, superclass.Count).Where(c => superclass[c] == g).Select(c => classNames[c])) + "}"));
    }

    /// <summary>The summary of one level.</summary>
    public static string Line(InferenceLevel l)
    {
        ArgumentNullException.ThrowIfNull(l);
        int t = l.ConceptMinimumStep;
        string super = l.NearestConceptInOwnSuperclass is { } s ? string.Create(CultureInfo.InvariantCulture, $", in own superclass {s[t]:P0}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"noise {l.Level}: own concept {l.OwnConcept.Mean[0]:F3} → min {l.OwnConcept.Mean[t]:F3} at t = {t} (depth {l.ApproachDepth:F2}) → {l.OwnConcept.Mean[^1]:F3} at t = {l.OwnConcept.Mean.Length - 1}; " +
            $"nearest memory {l.NearestMemory.Mean[0]:F3} → {l.NearestMemory.Mean[t]:F3} → {l.NearestMemory.Mean[^1]:F3}; nearest concept is own {l.NearestConceptIsOwn[t]:P0}{super}; concreteness {l.Concreteness:F2}; " +
            $"along the trajectory (t ≥ 1): min {l.OwnConcept.Mean[l.TrajectoryMinimumStep]:F3} at t = {l.TrajectoryMinimumStep} (depth {l.TrajectoryApproachDepth:F2}), concreteness {l.TrajectoryConcreteness:F2}");
    }

    /// <summary>Writes result.json, curves and image grids per level, and index.html.</summary>
    public static void Write(string folder, RepeatedInferenceResult r, string command, FigureFormats formats, IReadOnlyList<string> classNames, bool found)
    {
        ArgumentNullException.ThrowIfNull(r);
        string json = ContinualFigures.WriteJson(folder, r);
        var html = new HtmlReport("engram vae dynamics").Paragraph(command);
        foreach (string line in Lines(r, classNames, found)) html.Paragraph(line);
        html.Paragraph("Concept of a class = mean code μ(x) of its training images; memory = the code of one training image; concreteness = ‖z(t*) − grand mean‖ / ‖concept − grand mean‖ at each input's closest approach t* (smaller = more abstract).");
        int side = (int)Math.Round(Math.Sqrt(r.Levels.Count > 0 && r.Levels[0].Frames.Length > 0 ? r.Levels[0].Frames[0][0].Length : 0));
        foreach (InferenceLevel l in r.Levels)
        {
            string tag = l.Level.ToString("0.###", CultureInfo.InvariantCulture);
            double[] steps = Enumerable.Range(0, l.OwnConcept.Mean.Length).Select(t => (double)t).ToArray();
            string curves = $"distances_noise_{tag}.png";
            Figures.Lines(Path.Combine(folder, curves), formats, $"Distances of z(t) at noise {tag} (mean ± SE over inputs)", "step t of repeated inference", "latent distance",
            [
                new Figures.Series("own class concept", steps, l.OwnConcept.Mean, l.OwnConcept.StandardError),
                new Figures.Series("nearest memory", steps, l.NearestMemory.Mean, l.NearestMemory.StandardError),
                new Figures.Series("grand mean", steps, l.GrandMean.Mean, l.GrandMean.StandardError),
            ]);
            ContinualFigures.WriteArray(folder, $"every_concept_noise_{tag}", l.EveryConcept);
            html.Figure(curves, $"Noise {tag}: distance of z(t) to its class concept, to the nearest memory and to the grand mean");
            if (l.Frames.Length > 0 && side * side == l.Frames[0][0].Length)
            {
                string frames = $"frames_noise_{tag}.png";
                string[] rowNames = [.. r.ExampleLabels.Select(y => y < classNames.Count ? classNames[y] : y.ToString(CultureInfo.InvariantCulture))];
                string classes = string.Join(", ", rowNames);
                string[] columns = ["input", .. r.Settings.FrameSteps.Distinct().Order().Select(t => $"t = {t}")];
                Figures.ImageGrid(Path.Combine(folder, frames), formats, l.Frames.Select(f => (IReadOnlyList<float[]>)f).ToArray(), side, side,
                    $"Noise {tag}: the corrupted input, then E[x | z(t)]", "class of the input", rowNames, "repeated-inference step", columns);
                html.Figure(frames, $"Noise {tag}: the corrupted input, then decoded images along the trajectory ({classes})");
            }
        }
        html.Json(json).Save(Path.Combine(folder, "index.html"));
    }
}
