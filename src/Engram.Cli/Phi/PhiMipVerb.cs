using System.CommandLine;
using System.Diagnostics;
using Engram.Phi;
using Engram.Reports;

namespace Engram.Cli.Phi;

/// <summary><c>engram phi mip DATA</c>: the minimum information partition.</summary>
public static class PhiMipVerb
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var inputs = new PhiInputs();
        var search = CommonOptions.Choice("--search", "exhaustive (exact, 2^(N−1) − 1 evaluations), queyranne (exact for mi1 and mi, (N³ − N)/3 + N − 1) or remcmc", MipSearchKind.Exhaustive);
        var replicas = CommonOptions.IntAtLeast("--replicas", "REMCMC replicas (temperatures)", 8, 2);
        var sweeps = CommonOptions.IntAtLeast("--sweeps", "REMCMC sweeps", 200);
        var seed = CommonOptions.Seed();
        var report = new ReportOptions(figures: false);
        var command = new Command("mip",
            "The minimum information partition: the bipartition with the smallest Φ, and Φ^MIP.\n" +
            "Example: engram phi mip data/phi/ar8_series.npy --measure mi --search queyranne --out runs/phi-mip\n" +
            "Discrete states (0…k−1), exhaustive: engram phi mip states.npy --discrete --measure star");
        inputs.AddTo(command);
        foreach (Option o in new Option[] { search, replicas, sweeps, seed }) command.Options.Add(o);
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            var clock = Stopwatch.StartNew();
            var settings = new MipSettings
            {
                Search = parse.GetValue(search), Replicas = parse.GetValue(replicas), Sweeps = parse.GetValue(sweeps), Seed = parse.GetValue(seed),
            };
            MipResult mip;
            PhiInputSummary input;
            if (inputs.IsDiscrete(parse))
            {
                if (settings.Search != MipSearchKind.Exhaustive) throw new ArgumentException("--discrete searches the MIP exhaustively; drop --search or give --search exhaustive.");
                DiscretePhi discrete = inputs.LoadDiscrete(parse);
                mip = discrete.SearchMip();
                input = PhiInputSummary.Of(inputs.Name(parse), discrete);
            }
            else
            {
                GaussianPhi phi = inputs.Load(parse);
                mip = context.WithProgress($"searching the MIP of {phi.Channels} channels", progress => MinimumInformationPartition.Search(phi, settings, progress));
                input = PhiInputSummary.Of(inputs.Name(parse), phi);
            }
            var summary = new PhiMipSummary(input, mip.Search.ToString().ToLowerInvariant(), [.. mip.Partition.Parts],
                mip.Phi, mip.NormalisedPhi, mip.Evaluations, settings.Seed, Math.Round(clock.Elapsed.TotalSeconds, 4));
            return report.Finish(parse, context, summary, (folder, command, _) => PhiReport.Write(folder, summary, command), (o, folder) =>
            {
                o.WriteLine($"MIP of {summary.Input.Channels} channels ({summary.Input.Measure}{PhiMeasureVerb.Discrete(summary.Input)}, {summary.Search}, {summary.Evaluations} evaluations, {summary.Seconds:0.###} s):");
                o.WriteLine($"  {PhiReport.Sets(summary.Mip)}  Φ^MIP = {PhiReport.G(summary.Phi)} nats{(summary.NormalisedPhi is double v ? $", normalised {PhiReport.G(v)}" : "")}");
                if (folder is not null) o.WriteLine($"wrote {folder}/index.html, result.json and labels.npy");
            });
        });
        return command;
    }
}
