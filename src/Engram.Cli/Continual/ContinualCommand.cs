using System.CommandLine;

namespace Engram.Cli.Continual;

/// <summary><c>engram continual</c>: continual learning in modern Hopfield networks (docs/science.md §3).</summary>
public static class ContinualCommand
{
    /// <summary>The parent command with the drift, sweep, replay and train verbs.</summary>
    public static Command Create() => new("continual",
        "Continual learning in modern Hopfield networks: intrinsic forgetting after representational drift, replay gain, " +
        "energy-based replay selection, and the trained energy model (docs/science.md §3).")
    {
        DriftVerb.Create(),
        SweepVerb.Create(),
        ReplayVerb.Create(),
        TrainVerb.Create(),
        DiffusionCommand.Create(),
    };
}
