using TorchSharp;

namespace Engram.Numerics;

/// <summary>
/// One place that starts TorchSharp: the device every tensor of Engram is created on, and the
/// number of intra-op threads. Changing <see cref="Device"/> to <c>torch.CUDA</c> is the one-line
/// switch to a GPU once a CUDA package is available.
/// </summary>
public static class TorchRuntime
{
    static readonly Lazy<torch.Device> device = new(() =>
    {
        // The first call loads libtorch; fail with a message that names the real cause.
        try
        {
            torch.set_num_threads(Environment.ProcessorCount);
            return torch.CPU;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException)
        {
            throw new InvalidOperationException(
                "TorchSharp's native library could not be loaded. On Debian 12 the build marks its " +
                "GLIBCXX_3.4.32 requirement weak (build/TorchSharpNativeFix.targets); rebuild with " +
                "'dotnet build' and check that the output folder holds libLibTorchSharp.so. Cause: " + e.Message, e);
        }
    });

    /// <summary>The device Engram's tensors live on (CPU here).</summary>
    public static torch.Device Device => device.Value;
}
