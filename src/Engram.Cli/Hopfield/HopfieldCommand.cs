using System.CommandLine;

namespace Engram.Cli.Hopfield;

/// <summary><c>engram hopfield …</c>: classical, hierarchical, dense and modern Hopfield networks.</summary>
public static class HopfieldCommand
{
    /// <summary>The <c>hopfield</c> command with its verbs.</summary>
    public static Command Create()
    {
        var command = new Command("hopfield", "Hopfield networks: storage capacity, hierarchical patterns and concept formation, dense and modern energies.");
        command.Subcommands.Add(HopfieldCapacityVerb.Create());
        command.Subcommands.Add(HopfieldHierarchyVerb.Create());
        command.Subcommands.Add(HopfieldModernVerb.Create());
        command.Subcommands.Add(HopfieldPopulationVerb.Create());
        return command;
    }

    /// <summary>Parses <c>sync</c>/<c>async</c>.</summary>
    internal static Option<Engram.Memory.UpdateMode> Mode() => new("--mode")
    {
        Description = "update rule: sync (all neurons at once) or async (one at a time, random order) (default sync)",
        DefaultValueFactory = _ => Engram.Memory.UpdateMode.Synchronous,
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            switch (s.ToLowerInvariant())
            {
                case "sync" or "synchronous": return Engram.Memory.UpdateMode.Synchronous;
                case "async" or "asynchronous": return Engram.Memory.UpdateMode.Asynchronous;
                default: r.AddError($"--mode must be sync or async; got {s}"); return default;
            }
        },
    };
}
