using System.CommandLine;
using Engram.Continual;
using Engram.Reports;

namespace Engram.Cli.Continual;

/// <summary><c>engram continual replay</c>: energy-based replay selection against random and bottom-K.</summary>
public static class ReplayVerb
{
    /// <summary>The verb with its options.</summary>
    public static Command Create()
    {
        var budgets = ContinualOptions.Budgets("1,2,4,8,16,32");
        var trials = CommonOptions.IntAtLeast("--trials", "independent trials (memory, drift, random selections)", 20);
        var eps = ContinualOptions.Epsilon(0.05);
        var sigma = ContinualOptions.Sigma();
        var dim = ContinualOptions.Dimension(128);
        var beta = ContinualOptions.Beta(8);
        var clusters = ContinualOptions.Clusters("20:0.3,10:0.3,5:0.3");
        var outliers = CommonOptions.IntAtLeast("--outliers", "number of outlier patterns", 10, min: 0);
        var patterns = ContinualOptions.File("--patterns", "user memory X (.npy/.npz/.csv, rows are patterns) instead of a generated one");
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var command = new Command("replay",
            "Energy-based replay selection (docs/science.md §3): after a drift, add K old samples to the drifted memory, chosen as " +
            "the K highest energies E(x; X) (top-K), at random, or the K lowest (bottom-K), and measure every old sample's " +
            "forgetting again; also the gain of replaying each sample against its energy. Generated memories have clusters " +
            "of different size plus outliers; --patterns applies the rule to your own memory (the top-K indices are in the JSON). " +
            "Example: engram continual replay --budgets 1,2,4,8,16,32 --trials 20 --out replay")
        {
            budgets, trials, eps, sigma, dim, beta, clusters, outliers, patterns, seed,
        };
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            double[,]? x = parse.GetValue(patterns) is { } file ? PatternFiles.Read(file, "--patterns") : null;
            var settings = new ReplayExperimentSettings
            {
                Budgets = parse.GetValue(budgets)!,
                Trials = parse.GetValue(trials),
                Epsilon = parse.GetValue(eps),
                Drift = parse.GetValue(sigma) is { } s ? new AdditiveDrift(s) : null,
                Dimension = parse.GetValue(dim),
                Beta = parse.GetValue(beta),
                Layout = new MemoryLayout(parse.GetValue(clusters)!, parse.GetValue(outliers)),
                Patterns = x,
                Seed = parse.GetValue(seed),
            };
            settings.Validate();
            ReplayExperimentResult result = context.WithProgress("continual replay", p => ReplayExperiment.Run(settings, p));
            return report.Finish(parse, context, result, (folder, command, formats) => ContinualReplayReport.Write(folder, result, command, formats), (o, folder) =>
            {
                o.WriteLine($"continual replay: {result.Drift}, {settings.Trials} trials, {settings.MemorySize} stored samples, β = {settings.Beta}, seed {settings.Seed}");
                foreach (string line in ContinualReplayReport.CorrelationLines(result)) o.WriteLine(line);
                o.WriteLine("mean forgetting left after replay (net: the no-drift gain of the same replay discounted):");
                var (header, rows) = ContinualReplayReport.Table(result);
                TextTable.Write(o, header, rows);
                if (folder is not null) o.WriteLine(ReportOptions.ReportLine(folder));
            });
        });
        return command;
    }
}
