using System.CommandLine;

namespace Engram.Cli.Phi;

/// <summary><c>engram phi …</c>: integrated information of time series (PhiToolbox's measures and searches).</summary>
public static class PhiCommand
{
    /// <summary>The <c>phi</c> command with its verbs.</summary>
    public static Command Create()
    {
        var command = new Command("phi",
            "Integrated information Φ of multichannel time series: Φ of a partition, the minimum information partition, and complexes " +
            "(PhiToolbox's MI1, MI, SI, Φ* and Φ_G for Gaussian data). Channels are numbered from 0, as numpy rows.");
        command.Subcommands.Add(PhiMeasureVerb.Create());
        command.Subcommands.Add(PhiMipVerb.Create());
        command.Subcommands.Add(PhiComplexesVerb.Create());
        return command;
    }
}
