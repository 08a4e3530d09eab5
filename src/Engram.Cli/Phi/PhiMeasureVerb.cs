using System.CommandLine;
using System.Diagnostics;
using Engram.Phi;
using Engram.Reports;

namespace Engram.Cli.Phi;

/// <summary><c>engram phi measure DATA --partition 1,1,2,2</c>: Φ of one partition.</summary>
public static class PhiMeasureVerb
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var inputs = new PhiInputs();
        var partition = new Option<string>("--partition")
        {
            Description = "one part label per channel, PhiToolbox style (equal labels share a part), e.g. 1,1,2,2",
            Required = true,
        };
        var seed = CommonOptions.Seed();
        var report = new ReportOptions(figures: false);
        var command = new Command("measure",
            "Φ of one partition of the channels (MI1, MI, SI, Φ* or Φ_G of Gaussian statistics at lag τ).\n" +
            "Example: engram phi measure data/phi/ar8_series.npy --partition 1,1,1,1,2,2,2,2 --measure star\n" +
            "Discrete states (0…k−1): engram phi measure states.npy --discrete --partition 1,1,2 --measure si");
        inputs.AddTo(command);
        command.Options.Add(partition);
        command.Options.Add(seed);
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            var clock = Stopwatch.StartNew();
            Partition chosen = Partition.FromLabels(PhiInputs.ParseLabels(parse.GetValue(partition)!));
            PhiValue value;
            PhiInputSummary input;
            if (inputs.IsDiscrete(parse))
            {
                DiscretePhi discrete = inputs.LoadDiscrete(parse);
                value = discrete.Evaluate(chosen);
                input = PhiInputSummary.Of(inputs.Name(parse), discrete);
            }
            else
            {
                GaussianPhi phi = inputs.Load(parse);
                value = phi.Evaluate(chosen);
                input = PhiInputSummary.Of(inputs.Name(parse), phi);
            }
            var summary = new PhiMeasureSummary(input, [.. chosen.Parts], value.Phi, value.Normalised,
                Math.Round(clock.Elapsed.TotalSeconds, 4));
            return report.Finish(parse, context, summary, (folder, command, _) => PhiReport.Write(folder, summary, command), (o, folder) =>
            {
                o.WriteLine($"{summary.Input.Measure}{Discrete(summary.Input)} of {PhiReport.Sets(summary.Partition)} ({summary.Input.Channels} channels, τ = {summary.Input.Tau}): " +
                                         $"Φ = {PhiReport.G(summary.Phi)} nats{(summary.NormalisedPhi is double v ? $", normalised {PhiReport.G(v)}" : "")}");
                if (folder is not null) o.WriteLine($"wrote {folder}/index.html and result.json");
            });
        });
        return command;
    }

    /// <summary>" (discrete, k = 2)" for discrete input, else empty.</summary>
    internal static string Discrete(PhiInputSummary input) => input.DiscreteStates is int k ? $" (discrete, k = {k})" : "";
}
