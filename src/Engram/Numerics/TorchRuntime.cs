using System.Runtime.ExceptionServices;
using TorchSharp;

namespace Engram.Numerics;

/// <summary>
/// The one place that starts TorchSharp and runs work on it with a chosen number of libtorch intra-op threads. There
/// is no process-wide device or thread count: the device is a setting of each computation (e.g.
/// <c>TrainerSettings.Device</c>) and so is the thread count, which libtorch keeps per calling thread, so the work runs
/// on a fresh thread that sets it and the rest of the process keeps its own.
/// </summary>
public static class TorchRuntime
{
    static readonly Lazy<bool> loaded = new(() =>
    {
        // The first call loads libtorch; fail with a message that names the real cause.
        try
        {
            _ = torch.get_num_threads();
            TorchLogLevel.Apply();
            return true;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException)
        {
            throw new InvalidOperationException(
                "TorchSharp's native library could not be loaded. On Debian 12 the build marks its " +
                "GLIBCXX_3.4.32 requirement weak (build/TorchSharpNativeFix.targets); rebuild with " +
                "'dotnet build' and check that the output folder holds libLibTorchSharp.so. Cause: " + e.Message, e);
        }
    });

    /// <summary>Loads libtorch (once), or throws an <see cref="InvalidOperationException"/> that says how to fix the install.</summary>
    public static void EnsureLoaded() => _ = loaded.Value;

    /// <summary>Runs <paramref name="work"/> on a new thread with <paramref name="threads"/> intra-op threads; rethrows its exception.</summary>
    /// <exception cref="ArgumentException"><paramref name="threads"/> &lt; 1.</exception>
    public static T Run<T>(int threads, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (threads < 1) throw new ArgumentException($"threads must be ≥ 1; got {threads}.", nameof(threads));
        EnsureLoaded(); // on the caller's thread first, so a broken install is reported there
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                torch.set_num_threads(threads);
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, maxStackSize: 16 << 20) { IsBackground = true, Name = "engram torch" };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
