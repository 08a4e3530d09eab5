using System.Runtime.InteropServices;
using TorchSharp;

namespace Engram.Numerics;

/// <summary>
/// Sets libtorch's C++ log threshold, which Python's <c>torch</c> takes from <c>TORCH_CPP_LOG_LEVEL</c> but libtorch
/// alone never reads. Without it, on a CPU where NNPACK cannot start (seen on 2-core AMD EPYC virtual machines), every
/// convolution prints "Could not initialize NNPACK! Reason: Unsupported hardware." to stderr — thousands of lines in a
/// DDPM run — although libtorch then uses its other kernels and the results are right. Engram shows errors only, unless
/// the user sets <c>TORCH_CPP_LOG_LEVEL</c> (INFO, WARNING, ERROR, FATAL or 0–3), which it honours as Python does.
/// </summary>
static class TorchLogLevel
{
    /// <summary>The variable a user sets to choose the level.</summary>
    public const string Variable = "TORCH_CPP_LOG_LEVEL";

    // c10's threshold: a message of a lower severity (INFO 0, WARNING 1, ERROR 2, FATAL 3) is dropped.
    const string Flag = "FLAGS_caffe2_log_level";

    /// <summary>Writes the threshold into the loaded libc10; returns false where the library or its flag is not found.</summary>
    public static bool Apply()
    {
        if (FlagAddress() is not IntPtr flag) return false;
        Marshal.WriteInt32(flag, Parse(Environment.GetEnvironmentVariable(Variable)) ?? 2);
        return true;
    }

    /// <summary>The threshold libc10 holds now, or null where it is not found.</summary>
    public static int? Current() => FlagAddress() is IntPtr flag ? Marshal.ReadInt32(flag) : null;

    static IntPtr? FlagAddress() =>
        NativeLibrary.TryLoad("libc10.so", typeof(torch).Assembly, DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories, out IntPtr c10)
        && NativeLibrary.TryGetExport(c10, Flag, out IntPtr flag) ? flag : null;

    /// <summary>The level a value of <c>TORCH_CPP_LOG_LEVEL</c> names, or null for none or an unknown one.</summary>
    public static int? Parse(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "0" or "INFO" => 0,
        "1" or "WARNING" => 1,
        "2" or "ERROR" => 2,
        "3" or "FATAL" => 3,
        _ => null,
    };
}
