using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Engram.Data;
using Engram.Reports;
using Engram.Studies;
using ScottPlot;

namespace Engram.Web;

/// <summary>A chart of a study page: its key in URLs and its caption.</summary>
public sealed record StudyChart(string Kind, string Caption);

/// <summary>Where the best trial's transport plan is: a plan.npy to draw, a report's plan.png to show as it is, or why there is none.</summary>
/// <param name="Npy">The plan as .npy (a worker's artefact), or null.</param>
/// <param name="Png">An analysis report's drawing of it, or null.</param>
/// <param name="Note">What the page says about it (where it came from, or why there is none).</param>
public sealed record PlanLocation(string? Npy, string? Png, string Note);

/// <summary>
/// The charts of a study, drawn on the server by Reports' figure code (ScottPlot: one figure style for reports and dashboard)
/// as SVG, and the best trial's plan as PNG. A drawing is kept per study version, so a page that checks for changes every few
/// seconds redraws nothing until a trial changes.
/// </summary>
public sealed class StudyCharts(DashboardSettings settings, StudySource source, RunFolders? runs)
{
    /// <summary>Size of a chart in pixels (two side by side on a laptop screen).</summary>
    public const int Width = 640, Height = 420;

    /// <summary>Most trials whose intermediate curves are drawn (the latest ones).</summary>
    public const int IntermediateTrials = 200;

    const int Kept = 64;
    readonly ConcurrentDictionary<string, (long Used, byte[] Bytes)> drawn = new(StringComparer.Ordinal);
    long uses;

    /// <summary>
    /// A short text that changes whenever anything a study page shows changes: the definition's target and, per trial, its
    /// state, value and number of intermediate values (not heartbeats, which change every few seconds while nothing else does).
    /// </summary>
    public static string Version(StudySnapshot study)
    {
        ulong hash = 14695981039346656037;
        void Mix(long v) { hash ^= (ulong)v; hash *= 1099511628211; }
        Mix(study.Definition.TargetTrials);
        foreach (Trial t in study.Trials)
        {
            Mix(t.Number);
            Mix((long)t.State);
            Mix(t.Value is double v ? BitConverter.DoubleToInt64Bits(v) : -1);
            Mix(t.Intermediate.Count);
            Mix(t.Requeued ? 1 : 0);
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>The charts a study page shows: history, the value against each parameter, intermediate values when any were reported.</summary>
    public static IReadOnlyList<StudyChart> Charts(StudySnapshot study)
    {
        var charts = new List<StudyChart> { new("history", "Optimisation history: the value of every complete trial and the best so far") };
        for (int i = 0; i < study.Definition.Space.Parameters.Count; i++)
        {
            string name = study.Definition.Space.Parameters[i].Name;
            bool gw = name == "eps" && study.Trials.Any(t => t.Attributes.ContainsKey("top1"));
            charts.Add(new($"param-{i}", gw
                ? "ε against GW loss, each trial coloured by its top-1 matching rate; crosses (vermillion): pruned or failed trials at their last loss"
                : $"{StudyFigures.ValueName(study)} of every complete trial against {name}"));
        }
        if (study.Trials.Any(t => t.Intermediate.Count > 0))
            charts.Add(new("intermediate", $"Intermediate values of each trial (the latest {IntermediateTrials} at most), coloured by how the trial ended: the curves a pruner judges"));
        return charts;
    }

    /// <summary>
    /// Studies with more trials than this get PNG charts instead of SVG: an SVG holds one element per marker, and a browser
    /// lays out and paints every one (9 000 markers in three charts took seconds); a PNG is drawn once, on the server.
    /// </summary>
    public const int SvgTrials = 1000;

    /// <summary>Chart <paramref name="kind"/> of <paramref name="study"/>: SVG, or PNG for a large study (<see cref="SvgTrials"/>); null for an unknown kind.</summary>
    public (byte[] Bytes, string ContentType)? Image(StudySnapshot study, string kind)
    {
        Func<Plot>? make = kind switch
        {
            "history" => () => StudyFigures.History(study, named: false),
            "intermediate" => () => StudyFigures.Intermediate(study, IntermediateTrials, named: false),
            _ when kind.StartsWith("param-", StringComparison.Ordinal) && int.TryParse(kind["param-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
                   && i < study.Definition.Space.Parameters.Count => () => StudyFigures.Parameter(study, study.Definition.Space.Parameters[i].Name, named: false),
            _ => null,
        };
        if (make is null) return null;
        bool svg = study.Trials.Count <= SvgTrials;
        byte[] bytes = Cached($"{study.Definition.Name}\0{kind}\0{Version(study)}", () => svg
            ? Encoding.UTF8.GetBytes(make().GetSvgXml(Width, Height))
            : make().GetImageBytes(Width, Height, ImageFormat.Png));
        return (bytes, svg ? "image/svg+xml" : "image/png");
    }

    /// <summary>Where the plan of <paramref name="study"/>'s best trial is.</summary>
    public PlanLocation Plan(StudySnapshot study)
    {
        Trial? best = study.Best;
        if (best is null) return new PlanLocation(null, null, "No trial has completed yet, so there is no best plan to show.");
        string? artefacts = settings.Artefacts is not null ? Path.GetFullPath(settings.Artefacts)
            : source.SqliteFile is not null ? source.SqliteFile + ".artefacts" : null;   // the workers' default (engram study worker)
        if (artefacts is not null)
        {
            string npy = Path.Combine(artefacts, study.Definition.Name, $"trial-{best.Number}", "plan.npy");
            if (File.Exists(npy)) return new PlanLocation(npy, null, $"The plan of the best trial ({best.Number}), as its worker stored it.");
        }
        if (runs?.ReportOfStudy(study.Definition.Name) is { } report)
        {
            string png = Path.Combine(runs.Root, report.Folder, report.PairFolders[study.Definition.Name], "plan.png");
            if (File.Exists(png)) return new PlanLocation(null, png, $"The plan of the best trial ({best.Number}) as the analysis report in {report.Folder} drew it.");
        }
        return new PlanLocation(null, null,
            $"No stored plan for the best trial ({best.Number}): workers keep it as {(artefacts ?? "ARTEFACTS")}/{study.Definition.Name}/trial-{best.Number}/plan.npy " +
            "(give the workers' artefact folder to the dashboard if it is elsewhere); an analysis keeps it in its report folder (give that folder as the runs folder).");
    }

    /// <summary>The PNG of the best trial's plan with category boundaries when the study names a category file; null when there is none.</summary>
    public byte[]? PlanPng(StudySnapshot study)
    {
        PlanLocation where = Plan(study);
        if (where.Png is not null) return File.ReadAllBytes(where.Png);
        if (where.Npy is null) return null;
        string key = $"{study.Definition.Name}\0plan\0{where.Npy}\0{File.GetLastWriteTimeUtc(where.Npy).Ticks}";
        return Cached(key, () => DrawPlan(study, where.Npy));
    }

    static byte[] DrawPlan(StudySnapshot study, string npy)
    {
        double[,] plan = Npy.Read(npy).ToMatrix("plan");
        GwAlignmentStudySettings? objective = StudyObjectives.GwAlignmentSettingsOf(study.Definition);
        CategoryTable? categories = null;
        if (objective?.Categories is { } file && File.Exists(file))
            try { categories = CategoryTable.Read(file); } catch (InvalidDataException) { }
        int rows = plan.GetLength(0), columns = plan.GetLength(1);
        var (rowOrder, rowBlocks) = AnalysisFigures.CategoryOrder(rows, categories?.ItemCount == rows ? categories : null);
        var (columnOrder, columnBlocks) = AnalysisFigures.CategoryOrder(columns, categories?.ItemCount == columns ? categories : null);
        string x = objective?.X.Name is { Length: > 0 } xs ? xs : "first";
        string y = objective?.Y.Name is { Length: > 0 } ys ? ys : "second";
        Trial best = study.Best!;
        string eps = best.Parameters.TryGetValue("eps", out double e) ? $", ε = {e.ToString("G4", CultureInfo.InvariantCulture)}" : "";
        var (plot, _, _) = AnalysisFigures.CategoryHeatmapPlot(plan, rowOrder, columnOrder, rowBlocks, columnBlocks,
            $"OT plan of trial {best.Number}{eps}", y, x, "transported mass");
        return plot.GetImageBytes(900, 800, ImageFormat.Png);   // the width the page draws it at
    }

    byte[] Cached(string key, Func<byte[]> draw)
    {
        long use = Interlocked.Increment(ref uses);
        if (drawn.TryGetValue(key, out var hit))
        {
            drawn[key] = (use, hit.Bytes);
            return hit.Bytes;
        }
        byte[] bytes = draw();
        drawn[key] = (use, bytes);
        if (drawn.Count > Kept)
            foreach (var old in drawn.OrderBy(d => d.Value.Used).Take(drawn.Count - Kept).ToArray()) drawn.TryRemove(old.Key, out _);
        return bytes;
    }
}
