using Engram.Cli;

namespace Engram.Tests.Cli;

/// <summary>Runs the engram command in-process and captures what it prints.</summary>
public static class CliHarness
{
    /// <summary>Exit code, stdout and stderr of <c>engram args…</c>.</summary>
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = CliApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
