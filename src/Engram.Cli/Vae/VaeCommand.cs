using System.CommandLine;

namespace Engram.Cli.Vae;

/// <summary><c>engram vae</c>: concept formation by repeated inference in a variational autoencoder (docs/science.md §6).</summary>
public static class VaeCommand
{
    /// <summary>The parent command with the train, dynamics and report verbs.</summary>
    public static Command Create() => new("vae",
        "Concept formation in a variational autoencoder by repeated inference (Nagano, Karakida & Okada; docs/science.md §6): " +
        "train a VAE on Fashion-MNIST, the UCI digits or a synthetic hierarchy with planted concepts, follow z(t) from noisy test inputs, and measure the approach to class concepts and memories.")
    {
        VaeTrainVerb.Create(),
        VaeDynamicsVerb.Create(),
        VaeReportVerb.Create(),
    };
}
