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
        var childGrid = CommonOptions.Ints("--children-grid", "children per parent for the stability map", "1,2,3,5,7,10,15,20", 1);
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var command = new Command("hierarchy",
            "Hierarchically correlated patterns (parents and children): overlaps b and b², the parent and mixture states becoming " +
            "attractors though never stored (concept formation), and coarse-to-fine retrieval from a noisy child.\n" +
            "Example: engram hopfield hierarchy --n 2000 --parents 3 --children 3 --b 0.6 --noise 0.4 --out runs/hierarchy")
        {
            n, parents, children, b, noise, steps, mode, trials, bGrid, childGrid, seed,
        };
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
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
            HopfieldHierarchyRecord record = HopfieldHierarchyReport.Record(CommandLine.Of(parse), stats, stability, ctf, clock.Elapsed.TotalSeconds);
            return report.Finish(parse, context, record, (folder, _, formats) => HopfieldHierarchyReport.Write(folder, stability, ctf, record, formats),
                (o, folder) => { foreach (string line in HopfieldHierarchyReport.Lines(record, folder)) o.WriteLine(line); });
        });
        return command;
    }
}
