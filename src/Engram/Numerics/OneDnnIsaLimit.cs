using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engram.Numerics;

/// <summary>
/// Keeps libtorch's oneDNN (3.7.1 in TorchSharp 0.107.0) on its AVX kernels unless the user sets
/// <c>ONEDNN_MAX_CPU_ISA</c>, for two reasons. Correctness: on a 2-core AMD EPYC virtual machine with AVX-512 whose
/// CPUID reported no cache sizes, oneDNN's AVX2 and AVX-512 convolution backward-data kernels returned wrong input
/// gradients — off by O(1) and often NaN, differently from call to call — while the AVX kernels were right.
/// Reproducibility: the AVX kernels gave the same trained models to the printed digit on every machine tried (AVX-512
/// and AVX2 guests, the CI runner), while the wider kernels change the last digits from one CPU to another. The price is
/// speed: on an AVX2 guest whose kernels are right, <c>ONEDNN_MAX_CPU_ISA=ALL</c> trains the DDPM U-Net about 1.7×
/// faster (docs/benchmarks.md). Whatever the setting, <see cref="ConvolutionGradientCheck"/> checks the gradients before
/// the first training of a convolutional model and refuses to train on wrong ones.
/// </summary>
static class OneDnnIsaLimit
{
    /// <summary>The variable oneDNN reads once, when it first picks a kernel.</summary>
    public const string Variable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>The limit Engram sets when the user set none.</summary>
    public const string Limit = "AVX";

    /// <summary>What to do when the gradients are wrong anyway.</summary>
    public static string Advice => Environment.GetEnvironmentVariable(Variable) is { } set && set != Limit
        ? $"{Variable} is set to {set}; unset it (Engram then keeps oneDNN on its {Limit} kernels, which were right where the others were not)."
        : $"oneDNN is already limited to its {Limit} kernels ({Variable}={Limit}); please report the CPU ('lscpu') and train on another machine.";

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
