using System.CommandLine;

namespace Engram.Cli.Continual;

/// <summary><c>engram continual diffusion</c>: the continual-learning experiment in a pixel-space DDPM (docs/science.md §3).</summary>
public static class DiffusionCommand
{
    /// <summary>The command with the train, evaluate and report verbs.</summary>
    public static Command Create() => new("diffusion",
        "Continual learning in a pixel-space diffusion model: does the Hopfield energy of a task-1 image predict how much it is forgotten, " +
        "and does energy-based replay help? (docs/science.md §3, \"Diffusion models\")")
    {
        DiffusionTrainVerb.Create(),
        DiffusionEvaluateVerb.Create(),
        DiffusionReportVerb.Create(),
    };
}
