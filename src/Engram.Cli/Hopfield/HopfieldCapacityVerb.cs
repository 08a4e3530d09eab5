using System.CommandLine;
using Engram.Memory;
using Engram.Reports;

namespace Engram.Cli.Hopfield;

/// <summary><c>engram hopfield capacity</c>: final overlap vs load α, α_c estimate, Amari–Maginu theory.</summary>
public static class HopfieldCapacityVerb
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var n = CommonOptions.IntAtLeast("--n", "number of neurons N", 2000);
        var alphas = CommonOptions.Grid("--alphas", "loads α = P/N", "0.05:0.25:0.01");
        var trials = CommonOptions.IntAtLeast("--trials", "independent networks per load", 10);
        var maxSteps = CommonOptions.IntAtLeast("--max-steps", "most update steps (sweeps when async) per retrieval", 100);
        var noise = CommonOptions.DoubleIn("--cue-noise", "fraction of the stored pattern's bits flipped in the cue", 0, 0, 1);
        var threshold = CommonOptions.DoubleIn("--threshold", "overlap that defines the α_c estimate", 0.5, 0, 1, maxInclusive: false);
        var mode = HopfieldCommand.Mode();
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var command = new Command("capacity",
            "Storage capacity: store P = αN random patterns, start from a stored one, run to a fixed point, and record the final " +
            "overlap over many seeds; estimate α_c (theory 0.138) and draw the Amari–Maginu curve.\n" +
            "Example: engram hopfield capacity --n 2000 --alphas 0.08:0.2:0.01 --trials 10 --out runs/capacity")
        {
            n, alphas, trials, maxSteps, noise, threshold, mode, seed,
        };
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            var settings = new CapacitySettings
            {
                N = parse.GetValue(n), Alphas = parse.GetValue(alphas)!, Trials = parse.GetValue(trials), Seed = parse.GetValue(seed),
                Mode = parse.GetValue(mode), MaxSteps = parse.GetValue(maxSteps), CueNoise = parse.GetValue(noise), Threshold = parse.GetValue(threshold),
            };
            settings.Validate();
            CapacityResult result = context.WithProgress("capacity sweep", progress => CapacitySweep.Run(settings, progress));
            HopfieldCapacityRecord record = HopfieldCapacityReport.Record(result, CommandLine.Of(parse));
            return report.Finish(parse, context, record, (folder, _, formats) => HopfieldCapacityReport.Write(folder, result, record, formats),
                (o, folder) => { foreach (string line in HopfieldCapacityReport.Lines(result, folder)) o.WriteLine(line); });
        });
        return command;
    }
}
