using Engram.Memory;
using static Engram.Reports.NumberText;

namespace Engram.Reports;

/// <summary>What <c>engram hopfield hierarchy --json</c> prints and its <c>result.json</c> holds.</summary>
/// <param name="Command">The command line as typed.</param>
/// <param name="N">Neurons.</param>
/// <param name="Parents">Parents (concepts).</param>
/// <param name="Children">Children per parent of the coarse-to-fine run.</param>
/// <param name="B">Parent–child correlation of the coarse-to-fine run.</param>
/// <param name="Noise">Fraction of the child's bits flipped in the cue.</param>
/// <param name="Steps">Steps (sweeps when async) of the coarse-to-fine run.</param>
/// <param name="Mode">"sync" or "async".</param>
/// <param name="Trials">Pattern sets per cell / cues averaged.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Statistics">Measured overlaps of one pattern set.</param>
/// <param name="Stability">The stability maps.</param>
/// <param name="CoarseToFine">Overlaps over time from a noisy child.</param>
/// <param name="ElapsedSeconds">Wall-clock time.</param>
public sealed record HopfieldHierarchyRecord(string Command, int N, int Parents, int Children, double B, double Noise, int Steps, string Mode, int Trials, int Seed,
    HierarchyStatistics Statistics, HopfieldHierarchyRecord.StabilityMaps Stability, HopfieldHierarchyRecord.Retrieval CoarseToFine, double ElapsedSeconds)
{
    /// <summary>Stability maps, rows = children per parent, columns = b.</summary>
    public sealed record StabilityMaps(IReadOnlyList<int> Children, IReadOnlyList<double> B, double[][] ParentStability, double[][] MixtureStability,
        double[][] ChildStability, double[][] ChildToParent, string Meaning);

    /// <summary>Overlaps over time from a noisy child.</summary>
    public sealed record Retrieval(double[] Times, double[] ParentOverlap, double[] ChildOverlap, double[] OtherChildOverlap,
        double CategoryTime, double IdentityTime, bool ParentRisesFirst, string Meaning);
}

/// <summary>The record, report folder and summary of <c>engram hopfield hierarchy</c>.</summary>
public static class HopfieldHierarchyReport
{
    /// <summary>The record of one run.</summary>
    public static HopfieldHierarchyRecord Record(string command, HierarchyStatistics statistics, StabilityResult stability, CoarseToFineResult ctf, double elapsedSeconds)
    {
        ArgumentNullException.ThrowIfNull(stability);
        ArgumentNullException.ThrowIfNull(ctf);
        var s = stability.Settings;
        var c = ctf.Settings;
        return new HopfieldHierarchyRecord(command, c.N, c.Parents, c.ChildrenPerParent, c.B, c.Noise, c.Steps, HopfieldCapacityReport.Mode(c.Mode), c.Trials, c.Seed,
            statistics,
            new HopfieldHierarchyRecord.StabilityMaps(s.Children, s.B, Rows(stability.ParentStability), Rows(stability.MixtureStability),
                Rows(stability.ChildStability), Rows(stability.ChildToParent),
                "mean final overlap after running the network that stores only the children; rows: children per parent, columns: b. " +
                "parent_stability starts at the parent, mixture_stability at sgn(sum of its children), child_stability at a stored child; " +
                "child_to_parent is the final overlap with the parent when starting at a child"),
            new HopfieldHierarchyRecord.Retrieval(ctf.Times, ctf.ParentOverlap, ctf.ChildOverlap, ctf.OtherChildOverlap, ctf.CategoryTime, ctf.IdentityTime,
                ctf.ParentRisesFirst, "category_time: first time the parent overlap reaches 0.9·b (the overlap the child itself has with its parent); " +
                "identity_time: first time the child overlap reaches 0.9; times in steps (sweeps when async), mean over cues"),
            Math.Round(elapsedSeconds, 3));
    }

    static double[][] Rows(double[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(r => Enumerable.Range(0, m.GetLength(1)).Select(c => Math.Round(m[r, c], 6)).ToArray()).ToArray();

    /// <summary>Writes result.json, the four figures and index.html into <paramref name="folder"/>.</summary>
    public static void Write(string folder, StabilityResult stability, CoarseToFineResult ctf, HopfieldHierarchyRecord record, FigureFormats formats = FigureFormats.Png)
    {
        ArgumentNullException.ThrowIfNull(stability);
        ArgumentNullException.ThrowIfNull(ctf);
        ArgumentNullException.ThrowIfNull(record);
        string json = ContinualFigures.WriteJson(folder, record);
        var s = stability.Settings;
        string[] bs = [.. s.B.Select(v => F(v, "0.##"))];
        string[] cs = [.. s.Children.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        Figures.Heatmap(Path.Combine(folder, "parent_stability.png"), formats, stability.ParentStability,
            "Parent (never stored) as an attractor", "parent–child correlation b", "children per parent", "final overlap with the parent",
            columnNames: bs, rowNames: cs, cellFormat: "0.00");
        Figures.Heatmap(Path.Combine(folder, "child_stability.png"), formats, stability.ChildStability,
            "Stored child as an attractor", "parent–child correlation b", "children per parent", "final overlap with the child",
            columnNames: bs, rowNames: cs, cellFormat: "0.00");
        double[] bx = s.B.ToArray();
        var curves = new List<Figures.Series>();
        for (int r = 0; r < s.Children.Count; r++)
            curves.Add(new Figures.Series($"{s.Children[r]} children per parent", bx, Enumerable.Range(0, bx.Length).Select(c => stability.ParentStability[r, c]).ToArray()));
        Figures.Lines(Path.Combine(folder, "stability_curves.png"), formats, "Concept formation: stability of the parent vs b", "parent–child correlation b",
            "final overlap with the parent", curves);
        Figures.Lines(Path.Combine(folder, "coarse_to_fine.png"), formats,
            $"Retrieval from a noisy child (N = {ctf.Settings.N}, b = {ctf.Settings.B}, noise {ctf.Settings.Noise})",
            ctf.Settings.Mode == UpdateMode.Asynchronous ? "time (sweeps)" : "time (steps)", "overlap m",
            [new Figures.Series("parent (concept)", ctf.Times, ctf.ParentOverlap),
             new Figures.Series("parent / b (category component)", ctf.Times, ctf.ParentOverlap.Select(v => v / ctf.Settings.B).ToArray()),
             new Figures.Series("cued child", ctf.Times, ctf.ChildOverlap),
             new Figures.Series("sibling children", ctf.Times, ctf.OtherChildOverlap)]);
        new HtmlReport("engram hopfield hierarchy")
            .Paragraph(record.Command)
            .KeyValues([("N", record.N.ToString()), ("parents", record.Parents.ToString()), ("children", record.Children.ToString()), ("b", record.B.ToString()),
                ("child–parent overlap", $"{F(record.Statistics.ChildParent)} (theory {record.B})"),
                ("child–child overlap", $"{F(record.Statistics.ChildChildSameParent)} (theory {F(record.B * record.B)})"),
                ("category / identity time", $"{F(record.CoarseToFine.CategoryTime, "0.00")} / {F(record.CoarseToFine.IdentityTime, "0.00")}")])
            .Figure("coarse_to_fine.png", "Overlaps with the parent and the cued child over time: the parent rises first.")
            .Figure("parent_stability.png", "Final overlap when starting at the parent, which is never stored.")
            .Figure("child_stability.png", "Final overlap when starting at a stored child.")
            .Figure("stability_curves.png", "Parent stability vs b for each number of children.")
            .Json(json)
            .Save(Path.Combine(folder, "index.html"));
    }

    /// <summary>The summary the verb prints; the files when <paramref name="folder"/> is given.</summary>
    public static IEnumerable<string> Lines(HopfieldHierarchyRecord r, string? folder)
    {
        ArgumentNullException.ThrowIfNull(r);
        var st = r.Statistics;
        yield return $"hierarchical patterns: N = {r.N}, {r.Parents} parents × {r.Children} children, b = {r.B}, seed {r.Seed}";
        yield return $"  child–parent overlap {F(st.ChildParent)} (theory {F(r.B)}), child–child {F(st.ChildChildSameParent)} " +
                     $"(theory {F(r.B * r.B)}), across parents {F(st.ChildChildOtherParent)} (theory 0), ±{F(st.Tolerance)}";
        yield return "stability of the parent (never stored), final overlap starting there; rows: children per parent, columns: b";
        yield return "      " + string.Join("", r.Stability.B.Select(v => $"{F(v, "0.00"),6}"));
        for (int i = 0; i < r.Stability.Children.Count; i++)
            yield return $"  {r.Stability.Children[i],3} " + string.Join("", r.Stability.ParentStability[i].Select(v => $"{F(v, "0.00"),6}"));
        var c = r.CoarseToFine;
        yield return $"coarse-to-fine from a child with {r.Noise:P0} of its bits flipped ({r.Mode}, {r.Trials} cues):";
        int stride = Math.Max(1, c.Times.Length / 12);
        for (int t = 0; t < c.Times.Length; t += stride)
            yield return $"  t = {F(c.Times[t], "0.00"),5}  parent {F(c.ParentOverlap[t])} (/b {F(c.ParentOverlap[t] / r.B)})  child {F(c.ChildOverlap[t])}";
        yield return $"  category in place (parent ≥ 0.9 b) at t = {F(c.CategoryTime, "0.00")}, identity (child ≥ 0.9) at t = {F(c.IdentityTime, "0.00")}: " +
                     (c.ParentRisesFirst ? "coarse before fine" : "not coarse before fine") + $"  [{r.ElapsedSeconds:0.0} s]";
        if (folder is not null) yield return $"wrote {Path.Combine(folder, "result.json")}, coarse_to_fine.png, parent_stability.png, child_stability.png, stability_curves.png, index.html";
    }
}
