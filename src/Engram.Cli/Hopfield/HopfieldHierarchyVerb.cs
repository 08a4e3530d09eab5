using System.CommandLine;
using Engram.Memory;
using Engram.Reports;

namespace Engram.Cli.Hopfield;

/// <summary>
/// <c>engram hopfield hierarchy</c>: overlaps of hierarchical patterns, stability of the parent (concept)
/// and mixture states that were never stored, and coarse-to-fine retrieval from a noisy child.
/// </summary>
public static class HopfieldHierarchyVerb
{
    /// <summary>What <c>--json</c> prints and <c>result.json</c> holds.</summary>
    public sealed record Output(string Command, int N, int Parents, int Children, double B, double Noise, int Steps, string Mode, int Trials, int Seed,
        HierarchyStatistics Statistics, StabilityOut Stability, CoarseToFineOut CoarseToFine, double ElapsedSeconds);

    /// <summary>Stability map, rows = children per parent, columns = b.</summary>
    public sealed record StabilityOut(IReadOnlyList<int> Children, IReadOnlyList<double> B, double[][] ParentStability, double[][] MixtureStability,
        double[][] ChildStability, double[][] ChildToParent, string Meaning);

    /// <summary>Overlaps over time from a noisy child.</summary>
    public sealed record CoarseToFineOut(double[] Times, double[] ParentOverlap, double[] ChildOverlap, double[] OtherChildOverlap,
        double CategoryTime, double IdentityTime, bool ParentRisesFirst, string Meaning);

    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var n = CommonOptions.IntAtLeast("--n", "number of neurons N", 2000);
        var parents = CommonOptions.IntAtLeast("--parents", "number of parents (concepts)", 3);
        var children = CommonOptions.IntAtLeast("--children", "children per parent for the coarse-to-fine run", 3);
        var b = CommonOptions.DoubleIn("--b", "parent–child correlation b of the coarse-to-fine run", 0.6, 0, 1);
        var noise = CommonOptions.DoubleIn("--noise", "fraction of the child's bits flipped in the cue", 0.4, 0, 1);
        var steps = CommonOptions.IntAtLeast("--steps", "steps (sweeps when async) of the coarse-to-fine run", 6);
        var mode = HopfieldCommand.Mode();
        mode.DefaultValueFactory = _ => UpdateMode.Asynchronous;
        mode.Description = "update rule: sync or async (default async, recorded 20 times per sweep)";
        var trials = CommonOptions.IntAtLeast("--trials", "pattern sets per cell / cues averaged", 8);
        var bGrid = CommonOptions.Grid("--b-grid", "values of b for the stability map", "0.1:0.9:0.1");
        var childGrid = new Option<int[]>("--children-grid")
        {
            Description = "children per parent for the stability map, a comma list (default 1,2,3,5,7,10,15,20)",
            DefaultValueFactory = _ => [1, 2, 3, 5, 7, 10, 15, 20],
            CustomParser = r =>
            {
                string s = r.Tokens.Single().Value;
                var parts = s.Split(',', StringSplitOptions.RemoveEmptyEntries);
                var values = new List<int>();
                foreach (var part in parts)
                {
                    if (!int.TryParse(part.Trim(), out int v) || v <= 0) { r.AddError($"--children-grid: '{s}' must be a comma list of whole numbers > 0"); return []; }
                    values.Add(v);
                }
                if (values.Count == 0) { r.AddError("--children-grid is empty"); return []; }
                return values.ToArray();
            },
        };
        var seed = CommonOptions.Seed();
        var outDir = CommonOptions.Out();
        var json = CommonOptions.Json();
        var command = new Command("hierarchy",
            "Hierarchically correlated patterns (parents and children): overlaps b and b², the parent and mixture states becoming " +
            "attractors though never stored (concept formation), and coarse-to-fine retrieval from a noisy child.\n" +
            "Example: engram hopfield hierarchy --n 2000 --parents 3 --children 3 --b 0.6 --noise 0.4 --out runs/hierarchy")
        {
            n, parents, children, b, noise, steps, mode, trials, bGrid, childGrid, seed, outDir, json,
        };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int N = parse.GetValue(n), P = parse.GetValue(parents), C = parse.GetValue(children), S = parse.GetValue(seed), T = parse.GetValue(trials);
            double B = parse.GetValue(b);
            var patterns = HierarchicalPatterns.Generate(new HierarchicalPatternSettings(N, P, C, B, S));
            HierarchyStatistics stats = ConceptFormation.Statistics(patterns);
            var stabilitySettings = new StabilitySettings
            {
                N = N, Parents = P, B = parse.GetValue(bGrid)!, Children = parse.GetValue(childGrid)!, Trials = T, Seed = S,
            };
            var ctfSettings = new CoarseToFineSettings
            {
                N = N, Parents = P, ChildrenPerParent = C, B = B, Noise = parse.GetValue(noise), Steps = parse.GetValue(steps),
                Mode = parse.GetValue(mode), Trials = T, Seed = S,
            };
            stabilitySettings.Validate();
            ctfSettings.Validate();
            var (stability, ctf) = context.WithProgress("hierarchy", progress =>
                (ConceptFormation.StabilityMap(stabilitySettings, progress), ConceptFormation.CoarseToFine(ctfSettings, progress)));
            var output = new Output(
                $"engram hopfield hierarchy --n {N} --parents {P} --children {C} --b {B} --noise {ctfSettings.Noise} --steps {ctfSettings.Steps} --trials {T} --seed {S}",
                N, P, C, B, ctfSettings.Noise, ctfSettings.Steps, ctfSettings.Mode == UpdateMode.Synchronous ? "sync" : "async", T, S, stats,
                new StabilityOut(stabilitySettings.Children, stabilitySettings.B, Rows(stability.ParentStability), Rows(stability.MixtureStability),
                    Rows(stability.ChildStability), Rows(stability.ChildToParent),
                    "mean final overlap after running the network that stores only the children; rows: children per parent, columns: b. " +
                    "parent_stability starts at the parent, mixture_stability at sgn(sum of its children), child_stability at a stored child; " +
                    "child_to_parent is the final overlap with the parent when starting at a child"),
                new CoarseToFineOut(ctf.Times, ctf.ParentOverlap, ctf.ChildOverlap, ctf.OtherChildOverlap, ctf.CategoryTime, ctf.IdentityTime,
                    ctf.ParentRisesFirst, "category_time: first time the parent overlap reaches 0.9·b (the overlap the child itself has with its parent); " +
                    "identity_time: first time the child overlap reaches 0.9; times in steps (sweeps when async), mean over cues"),
                Math.Round(clock.Elapsed.TotalSeconds, 3));
            DirectoryInfo? dir = parse.GetValue(outDir);
            if (dir is not null) Write(dir.FullName, stability, ctf, output);
            if (context.Json) context.Output.WriteLine(JsonResult.ToJson(output));
            else Summarise(context.Output, output, dir?.FullName);
            return 0;
        });
        return command;
    }

    static double[][] Rows(double[,] m) =>
        Enumerable.Range(0, m.GetLength(0)).Select(r => Enumerable.Range(0, m.GetLength(1)).Select(c => Math.Round(m[r, c], 6)).ToArray()).ToArray();

    static void Write(string dir, StabilityResult stability, CoarseToFineResult ctf, Output output)
    {
        Directory.CreateDirectory(dir);
        JsonResult.Write(Path.Combine(dir, "result.json"), output);
        var s = stability.Settings;
        string bs = string.Join(", ", s.B.Select(v => HopfieldCommand.F(v, "0.##")));
        string cs = string.Join(", ", s.Children);
        Figures.Heatmap(Path.Combine(dir, "parent_stability.png"), stability.ParentStability,
            "Parent (never stored) as an attractor: final overlap from the parent", $"b = {bs}", $"children per parent = {cs}", "final overlap");
        Figures.Heatmap(Path.Combine(dir, "child_stability.png"), stability.ChildStability,
            "Stored child as an attractor: final overlap from the child", $"b = {bs}", $"children per parent = {cs}", "final overlap");
        double[] bx = s.B.ToArray();
        var curves = new List<Figures.Series>();
        for (int r = 0; r < s.Children.Count; r++)
            curves.Add(new Figures.Series($"parent, C = {s.Children[r]}", bx, Enumerable.Range(0, bx.Length).Select(c => stability.ParentStability[r, c]).ToArray()));
        Figures.Lines(Path.Combine(dir, "stability_curves.png"), "Concept formation: stability of the parent vs b", "b", "final overlap with the parent", curves);
        Figures.Lines(Path.Combine(dir, "coarse_to_fine.png"),
            $"Retrieval from a noisy child (N = {ctf.Settings.N}, b = {ctf.Settings.B}, noise {ctf.Settings.Noise})",
            ctf.Settings.Mode == UpdateMode.Asynchronous ? "time (sweeps)" : "time (steps)", "overlap",
            [new Figures.Series("parent (concept)", ctf.Times, ctf.ParentOverlap),
             new Figures.Series("parent / b (category component)", ctf.Times, ctf.ParentOverlap.Select(v => v / ctf.Settings.B).ToArray()),
             new Figures.Series("cued child", ctf.Times, ctf.ChildOverlap),
             new Figures.Series("sibling children", ctf.Times, ctf.OtherChildOverlap)]);
        new HtmlReport("engram hopfield hierarchy")
            .KeyValues([("N", output.N.ToString()), ("parents", output.Parents.ToString()), ("children", output.Children.ToString()), ("b", output.B.ToString()),
                ("child–parent overlap", $"{HopfieldCommand.F(output.Statistics.ChildParent)} (theory {output.B})"),
                ("child–child overlap", $"{HopfieldCommand.F(output.Statistics.ChildChildSameParent)} (theory {HopfieldCommand.F(output.B * output.B)})"),
                ("category / identity time", $"{HopfieldCommand.F(output.CoarseToFine.CategoryTime, "0.00")} / {HopfieldCommand.F(output.CoarseToFine.IdentityTime, "0.00")}")])
            .Figure("coarse_to_fine.png", "Overlaps with the parent and the cued child over time: the parent rises first.")
            .Figure("parent_stability.png", "Final overlap when starting at the parent, which is never stored.")
            .Figure("child_stability.png", "Final overlap when starting at a stored child.")
            .Figure("stability_curves.png", "Parent stability vs b for each number of children.")
            .Json(JsonResult.ToJson(output))
            .Save(Path.Combine(dir, "index.html"));
    }

    static void Summarise(TextWriter o, Output r, string? dir)
    {
        var st = r.Statistics;
        o.WriteLine($"hierarchical patterns: N = {r.N}, {r.Parents} parents × {r.Children} children, b = {r.B}, seed {r.Seed}");
        o.WriteLine($"  child–parent overlap {HopfieldCommand.F(st.ChildParent)} (theory {HopfieldCommand.F(r.B)}), child–child {HopfieldCommand.F(st.ChildChildSameParent)} " +
                    $"(theory {HopfieldCommand.F(r.B * r.B)}), across parents {HopfieldCommand.F(st.ChildChildOtherParent)} (theory 0), ±{HopfieldCommand.F(st.Tolerance)}");
        o.WriteLine("stability of the parent (never stored), final overlap starting there; rows: children per parent, columns: b");
        o.WriteLine("      " + string.Join("", r.Stability.B.Select(v => $"{HopfieldCommand.F(v, "0.00"),6}")));
        for (int i = 0; i < r.Stability.Children.Count; i++)
            o.WriteLine($"  {r.Stability.Children[i],3} " + string.Join("", r.Stability.ParentStability[i].Select(v => $"{HopfieldCommand.F(v, "0.00"),6}")));
        var c = r.CoarseToFine;
        o.WriteLine($"coarse-to-fine from a child with {r.Noise:P0} of its bits flipped ({r.Mode}, {r.Trials} cues):");
        int stride = Math.Max(1, c.Times.Length / 12);
        for (int t = 0; t < c.Times.Length; t += stride)
            o.WriteLine($"  t = {HopfieldCommand.F(c.Times[t], "0.00"),5}  parent {HopfieldCommand.F(c.ParentOverlap[t])} (/b {HopfieldCommand.F(c.ParentOverlap[t] / r.B)})  child {HopfieldCommand.F(c.ChildOverlap[t])}");
        o.WriteLine($"  category in place (parent ≥ 0.9 b) at t = {HopfieldCommand.F(c.CategoryTime, "0.00")}, identity (child ≥ 0.9) at t = {HopfieldCommand.F(c.IdentityTime, "0.00")}: " +
                    (c.ParentRisesFirst ? "coarse before fine" : "not coarse before fine") + $"  [{r.ElapsedSeconds:0.0} s]");
        if (dir is not null) o.WriteLine($"wrote {Path.Combine(dir, "result.json")}, coarse_to_fine.png, parent_stability.png, child_stability.png, stability_curves.png, index.html");
    }
}
