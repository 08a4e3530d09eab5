using System.CommandLine;
using System.Diagnostics;
using Engram.Integration;
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
        var outDir = CommonOptions.Out();
        var json = CommonOptions.Json();
        var command = new Command("measure",
            "Φ of one partition of the channels (MI1, MI, SI, Φ* or Φ_G of Gaussian statistics at lag τ).\n" +
            "Example: engram phi measure data/phi/ar8_series.npy --partition 1,1,1,1,2,2,2,2 --measure star\n" +
            "Discrete states (0…k−1): engram phi measure states.npy --discrete --partition 1,1,2 --measure si");
        inputs.AddTo(command);
        command.Options.Add(partition);
        command.Options.Add(seed);
        command.Options.Add(outDir);
        command.Options.Add(json);
        VerbContext.SetAction(command, json, (parse, context) =>
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
            DirectoryInfo? dir = parse.GetValue(outDir);
            if (dir is not null) PhiReport.Write(dir.FullName, summary, "engram " + string.Join(" ", parse.Tokens.Select(t => t.Value)));
            if (context.Json) context.Output.WriteLine(JsonResult.ToJson(summary));
            else
            {
                context.Output.WriteLine($"{summary.Input.Measure}{Discrete(summary.Input)} of {PhiReport.Sets(summary.Partition)} ({summary.Input.Channels} channels, τ = {summary.Input.Tau}): " +
                                         $"Φ = {PhiReport.G(summary.Phi)} nats{(summary.NormalisedPhi is double v ? $", normalised {PhiReport.G(v)}" : "")}");
                if (dir is not null) context.Output.WriteLine($"wrote {dir.FullName}/index.html and result.json");
            }
            return 0;
        });
        return command;
    }

    /// <summary>" (discrete, k = 2)" for discrete input, else empty.</summary>
    internal static string Discrete(PhiInputSummary input) => input.DiscreteStates is int k ? $" (discrete, k = {k})" : "";
}
