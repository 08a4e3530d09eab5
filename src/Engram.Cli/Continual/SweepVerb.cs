using System.CommandLine;
using Engram.Continual;
using Engram.Reports;

namespace Engram.Cli.Continual;

/// <summary><c>engram continual sweep</c>: ΔE against ε (log–log, slope 2) and against the patterns' energy.</summary>
public static class SweepVerb
{
    /// <summary>The verb with its options.</summary>
    public static Command Create()
    {
        var eps = CommonOptions.Grid("--eps", "ε values of the log–log sweep (each > 0)", "0.001,0.002,0.005,0.01,0.02,0.05,0.1");
        var correlations = CommonOptions.Grid("--c", "cluster correlations c of the energy sweep (each in [0, 1))", "0,0.1,0.2,0.35,0.5,0.6,0.7");
        var draws = CommonOptions.IntAtLeast("--draws", "draws per point", 100);
        var dim = ContinualOptions.Dimension(50);
        var beta = ContinualOptions.Beta(8);
        var clusterSize = CommonOptions.IntAtLeast("--cluster-size", "number of cluster patterns", 12);
        var outliers = CommonOptions.IntAtLeast("--outliers", "number of outlier patterns", 1, min: 0);
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var energyEpsOption = CommonOptions.PositiveDouble("--energy-eps", "ε of the energy sweep over c", 0.05);
        var baseCOption = CommonOptions.DoubleIn("--eps-c", "cluster correlation c used in the ε sweep", 0.35, 0, 1, maxInclusive: false);
        var command = new Command("sweep",
            "Sweeps of the drift experiment: mean ΔE against ε on log–log axes with a fitted slope (second order predicts 2), " +
            "and mean ΔE against the energy of the stored patterns by varying the cluster correlation c. Every point uses the " +
            "same seed, so draw i sees the same memory and Ω at every ε. " +
            "Example: engram continual sweep --eps 0.001,0.002,0.005,0.01,0.02,0.05 --draws 100 --out sweep")
        {
            eps, correlations, energyEpsOption, baseCOption, draws, dim, beta, clusterSize, outliers, seed,
        };
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            var settings = new DriftSweepSettings
            {
                Base = new DriftExperimentSettings
                {
                    Draws = parse.GetValue(draws),
                    Dimension = parse.GetValue(dim),
                    Beta = parse.GetValue(beta),
                    ClusterSize = parse.GetValue(clusterSize),
                    Outliers = parse.GetValue(outliers),
                    Correlation = parse.GetValue(baseCOption),
                    Epsilon = parse.GetValue(energyEpsOption),
                    Seed = parse.GetValue(seed),
                },
                Epsilons = parse.GetValue(eps)!,
                Correlations = parse.GetValue(correlations)!,
            };
            DriftSweepResult result = context.WithProgress("continual sweep", p => DriftSweep.Run(settings, p));
            return report.Finish(parse, context, result, (folder, command, formats) => ContinualSweepReport.Write(folder, result, command, formats), (o, folder) =>
            {
                o.WriteLine($"continual sweep: {settings.Base.Draws} draws per point, d = {settings.Base.Dimension}, β = {settings.Base.Beta}, seed {settings.Base.Seed}");
                TextTable.Write(o, ["ε", "mean ΔE cluster", "mean ΔE outlier"],
                    result.EpsilonPoints.Select(p => (IReadOnlyList<string>)[$"{p.Epsilon:G4}", $"{p.DECluster:G5} ± {p.DEClusterSe:G2}",
                        p.DEOutlier is { } o ? $"{o:G5} ± {p.DEOutlierSe:G2}" : "—"]));
                foreach (string line in ContinualSweepReport.SlopeLines(result)) o.WriteLine(line);
                if (result.CorrelationPoints.Count > 0)
                    TextTable.Write(o, ["c", "E cluster", "mean ΔE cluster", "E outlier", "mean ΔE outlier"],
                        result.CorrelationPoints.Select(p => (IReadOnlyList<string>)[$"{p.Correlation:G3}", $"{p.EnergyCluster:G6}", $"{p.DECluster:G5} ± {p.DEClusterSe:G2}",
                            p.EnergyOutlier is { } e ? $"{e:G6}" : "—", p.DEOutlier is { } o ? $"{o:G5} ± {p.DEOutlierSe:G2}" : "—"]));
                if (folder is not null) o.WriteLine(ReportOptions.ReportLine(folder));
            });
        });
        return command;
    }
}
