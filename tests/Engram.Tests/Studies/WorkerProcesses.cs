using System.Diagnostics;

namespace Engram.Tests.Studies;

/// <summary>Starts <c>engram</c> (the Engram.Cli.dll beside the tests) as separate processes, as users start workers.</summary>
internal static class WorkerProcesses
{
    static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Starts <c>engram args…</c> with stdout and stderr redirected.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Engram.Cli.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_TieredPGO"] = "0";
        return Process.Start(start)!;
    }

    [System.Runtime.InteropServices.DllImport("libc")] static extern uint geteuid();

    /// <summary>Whether the tests run as root (file permissions then do not stop this process, only other users).</summary>
    public static bool IsRoot { get; } = geteuid() == 0;

    /// <summary>
    /// Runs <c>engram args…</c> to the end as a user that file permissions apply to: this user, or "nobody" through
    /// runuser when the tests run as root (root may write any file, so a read-only file would prove nothing).
    /// </summary>
    public static (int Exit, string Out, string Err) RunUnprivileged(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(IsRoot ? "runuser" : Dotnet)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        if (IsRoot) foreach (string a in new[] { "-u", "nobody", "--", Dotnet }) start.ArgumentList.Add(a);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Engram.Cli.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["HOME"] = workingDirectory;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_TieredPGO"] = "0";
        return Finish(Process.Start(start)!, 120);
    }

    /// <summary>Waits for <paramref name="process"/> and returns its exit code and output; fails the test after <paramref name="seconds"/>.</summary>
    public static (int Exit, string Out, string Err) Finish(Process process, int seconds = 300)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(seconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"engram did not finish within {seconds} s");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
