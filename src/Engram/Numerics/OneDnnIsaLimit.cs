using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engram.Numerics;

/// <summary>
/// Keeps libtorch's oneDNN (3.7.1 in TorchSharp 0.107.0) on its AVX kernels. On a 2-core AMD EPYC virtual machine
/// with AVX-512 (Zen 5 flags, no CPU cache sizes reported to the guest) oneDNN's AVX2 and AVX-512 convolution
/// backward-data kernels return wrong input gradients — off by O(1) and often NaN, differently from call to call —
/// while the forward pass and the AVX kernels are right; DDPM training then diverged at random steps. PyTorch 1.13's
/// older oneDNN is right on the same machine. The limit costs convolution speed (docs/benchmarks.md) and buys correct
/// gradients everywhere; the suite's float32-against-float64 U-Net gradient check shows whether a machine is affected.
/// A user who sets <c>ONEDNN_MAX_CPU_ISA</c> (for example <c>ALL</c>) keeps their setting.
/// </summary>
static class OneDnnIsaLimit
{
    /// <summary>The variable oneDNN reads once, when it first picks a kernel.</summary>
    public const string Variable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>The limit Engram sets when the user set none.</summary>
    public const string Limit = "AVX";

    // Runs when the Engram assembly loads, before any Engram code can create a convolution. .NET keeps its own copy of
    // the environment on Linux, so the variable goes to the C library's environment, where oneDNN reads it.
#pragma warning disable CA2255 // a module initializer in a library: it must run before any type of this library touches libtorch
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null) return;
        _ = setenv(Variable, Limit, overwrite: 0);
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi)]
    static extern int setenv(string name, string value, int overwrite);
}
