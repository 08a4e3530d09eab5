using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Training;

/// <summary>
/// PyTorch's default initialisation of linear and convolution layers, seeded: every weight and the bias after it uniform
/// in ±1/√fan-in, fan-in = the weight's elements over its first dimension (in-features; in-channels × kernel area; for a
/// transposed convolution out-channels × kernel area, as PyTorch computes it from dimension 1). Parameters are drawn in
/// registration order from one generator, so a seed gives the same weights on every run.
/// </summary>
public static class FanInInitialisation
{
    /// <summary>Initialises every parameter of <paramref name="module"/> (a module of linear and convolution layers only).</summary>
    public static void Apply(nn.Module module, int seed)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var generator = new Generator((ulong)(uint)seed, torch.CPU);
        using var _ = no_grad();
        double bound = 0;
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (name.EndsWith("weight", StringComparison.Ordinal))
                bound = 1.0 / Math.Sqrt(parameter.numel() / parameter.shape[0]);
            parameter.uniform_(-bound, bound, generator: generator);
        }
    }
}
