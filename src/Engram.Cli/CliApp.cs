using System.CommandLine;

namespace Engram.Cli;

/// <summary>The <c>engram</c> command: every verb registered here; no science in this project.</summary>
public static class CliApp
{
    /// <summary>The command's name everywhere: help, messages, the .NET tool.</summary>
    public const string CommandName = "engram";

    /// <summary>The root command with all verbs.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand(
            "Engram: associative memory, continual learning in modern Hopfield networks, and unsupervised " +
            "alignment of representations by Gromov–Wasserstein optimal transport.")
        {
            HelpName = CommandName,   // not the assembly's name (Engram.Cli), nor the test host's
        };
        foreach (Command verb in Verbs()) root.Subcommands.Add(verb);
        return root;
    }

    static IEnumerable<Command> Verbs()
    {
        yield return Alignment.AlignVerb.Create();
        yield return Hopfield.HopfieldCommand.Create();
        yield return Continual.ContinualCommand.Create();
        yield return Vae.VaeCommand.Create();
        yield return Phi.PhiCommand.Create();
        yield return Studies.StudyCommand.Create();
        yield return Analysis.AnalysisCommand.Create();
        yield return Dashboard.DashboardVerb.Create();
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. Exit codes: 0 success, 1 bad input (one line on
    /// <paramref name="error"/>, no stack trace), 2 internal failure.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ParseResult parse = CreateRoot().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, not the parser's list of suggestions and the help text.
            string messages = string.Join("; ", parse.Errors.Select(e => e.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.')).Distinct());
            error.WriteLine($"engram: error: {messages}. See 'engram --help'.");
            return ErrorReporting.BadInput;
        }
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(config);
        }
        catch (Exception e)
        {
            return ErrorReporting.Report(e, error);
        }
    }
}
