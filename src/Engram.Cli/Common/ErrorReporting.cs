namespace Engram.Cli;

/// <summary>Turns an exception into one readable line and an exit code (1 bad input, 2 internal failure).</summary>
public static class ErrorReporting
{
    /// <summary>Exit code for input the user can fix.</summary>
    public const int BadInput = 1;

    /// <summary>Exit code for a failure inside Engram.</summary>
    public const int InternalFailure = 2;

    /// <summary>Writes one line for <paramref name="e"/> on <paramref name="error"/> and returns the exit code.</summary>
    public static int Report(Exception e, TextWriter error)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate) e = aggregate.InnerExceptions[0];
        switch (e)
        {
            case OperationCanceledException:
                error.WriteLine("engram: cancelled");
                return 130;
            case ArgumentException argument:
                error.WriteLine($"engram: error: {WithoutParameterSuffix(argument)}");
                return BadInput;
            case FileNotFoundException or DirectoryNotFoundException or InvalidDataException or FormatException
                or UnauthorizedAccessException or IOException or NotSupportedException:
                error.WriteLine($"engram: error: {OneLine(e.Message)}");
                return BadInput;
            default:
                error.WriteLine($"engram: internal error ({e.GetType().Name}): {OneLine(e.Message)}. Please report it with the command you ran.");
                return InternalFailure;
        }
    }

    static string WithoutParameterSuffix(ArgumentException e)
    {
        string message = e.Message;
        if (e.ParamName is { } name) message = message.Replace($" (Parameter '{name}')", "");
        return OneLine(message);
    }

    static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
