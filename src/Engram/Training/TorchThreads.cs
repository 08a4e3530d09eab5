using Engram.Numerics;
using static TorchSharp.torch;

namespace Engram.Training;

/// <summary>
/// Runs TorchSharp work with a chosen number of libtorch intra-op threads. libtorch's thread count is a setting of
/// the calling thread, so the work runs on a fresh thread that sets it; the rest of the process keeps its own.
/// </summary>
public static class TorchThreads
{
    /// <summary>Runs <paramref name="work"/> on a new thread with <paramref name="threads"/> intra-op threads; rethrows its exception.</summary>
    public static T Run<T>(int threads, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (threads < 1) throw new ArgumentException($"threads must be ≥ 1; got {threads}.", nameof(threads));
        _ = TorchRuntime.Device; // load libtorch (and report a clear error) on the caller's thread first
        T result = default!;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                set_num_threads(threads);
                result = work();
            }
            catch (Exception e)
            {
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        }, maxStackSize: 16 << 20) { IsBackground = true, Name = "engram torch" };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
