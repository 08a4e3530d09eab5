using System.CommandLine;
using Engram.Continual;
using Engram.Reports;

namespace Engram.Cli.Continual;

/// <summary><c>engram continual drift</c>: the synthetic experiment of docs/science.md §3.</summary>
public static class DriftVerb
{
    /// <summary>The verb with its options.</summary>
    public static Command Create()
    {
        var eps = ContinualOptions.Epsilon(0.05);
        var sigma = ContinualOptions.Sigma();
        var draws = CommonOptions.IntAtLeast("--draws", "independent draws of memory and drift", 200);
        var dim = ContinualOptions.Dimension(50);
        var beta = ContinualOptions.Beta(8);
        var c = ContinualOptions.Correlation(0.35);
        var clusterSize = CommonOptions.IntAtLeast("--cluster-size", "number of cluster patterns", 12);
        var outliers = CommonOptions.IntAtLeast("--outliers", "number of outlier patterns", 1, min: 0);
        var patterns = ContinualOptions.File("--patterns", "user memory X (.npy/.npz/.csv, rows are patterns) instead of the generated cluster + outliers");
        var newPatterns = ContinualOptions.File("--new-patterns", "the drifted memory Y (same shape as --patterns) instead of a random drift");
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var command = new Command("drift",
            "Intrinsic forgetting and replay gain after representational drift (docs/science.md §3): in each draw, a cluster of " +
            "correlated unit patterns plus outliers (QR of a Gaussian), the old fixed points z*, a rotation Y = X expm(εΩ)ᵀ, " +
            "ΔE = E(z*; Y) − E(z*; X) and the full r × k replay-gain matrix. Means over draws ± standard error. " +
            "Example: engram continual drift --eps 0.05 --draws 200 --seed 0 --json")
        {
            eps, sigma, draws, dim, beta, c, clusterSize, outliers, patterns, newPatterns, seed,
        };
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            FileInfo? patternFile = parse.GetValue(patterns), newFile = parse.GetValue(newPatterns);
            if (newFile is not null && patternFile is null)
                throw new ArgumentException("--new-patterns needs --patterns (the old memory it replaces).");
            double[,]? x = patternFile is null ? null : PatternFiles.Read(patternFile, "--patterns");
            RepresentationalDrift? drift = newFile is not null
                ? new GivenPatterns(PatternFiles.Read(newFile, "--new-patterns"))
                : parse.GetValue(sigma) is { } s ? new AdditiveDrift(s) : null;
            var settings = new DriftExperimentSettings
            {
                Epsilon = parse.GetValue(eps),
                Draws = newFile is not null ? 1 : parse.GetValue(draws),
                Dimension = parse.GetValue(dim),
                Beta = parse.GetValue(beta),
                Correlation = parse.GetValue(c),
                ClusterSize = parse.GetValue(clusterSize),
                Outliers = parse.GetValue(outliers),
                Seed = parse.GetValue(seed),
                Patterns = x,
                Drift = drift,
            };
            settings.Validate();
            DriftExperimentResult result = context.WithProgress("continual drift", p => DriftExperiment.Run(settings, p));
            return report.Finish(parse, context, result, (folder, command, formats) => ContinualDriftReport.Write(folder, result, command, formats), (o, folder) =>
            {
                o.WriteLine($"continual drift: {result.Drift}, {settings.Draws} draw(s), β = {settings.Beta}, " +
                    (x is null ? $"d = {settings.Dimension}, cluster of {settings.ClusterSize} with c = {settings.Correlation} + {settings.Outliers} outlier(s)" : $"user memory {x.GetLength(0)} × {x.GetLength(1)}") +
                    $", seed {settings.Seed}");
                TextTable.Write(o, ["quantity", "cluster", "outlier"],
                    ContinualDriftReport.SummaryRows(result).Select(r => (IReadOnlyList<string>)[r.Quantity, r.Cluster, r.Outlier]));
                o.WriteLine(ContinualDriftReport.Diagnostics(result));
                if (folder is not null) o.WriteLine(ReportOptions.ReportLine(folder));
            });
        });
        return command;
    }
}
