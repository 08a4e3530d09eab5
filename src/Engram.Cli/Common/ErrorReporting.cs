namespace Engram.Cli;

/// <summary>Turns an exception into one readable line and an exit code (1 bad input, 2 internal failure).</summary>
public static class ErrorReporting
{
    /// <summary>Exit code for input the user can fix.</summary>
    public const int BadInput = 1;

    /// <summary>Exit code for a failure inside Engram.</summary>
    public const int InternalFailure = 2;

    /// <summary>
    /// Writes one line for <paramref name="e"/> on <paramref name="error"/> and returns the exit code. Library messages
    /// name settings in words and carry the setting's name as <see cref="ArgumentException.ParamName"/>; when
    /// <paramref name="settingFlags"/> maps that name to an option, the line ends with "(option --flag)".
    /// </summary>
    public static int Report(Exception e, TextWriter error, IReadOnlyDictionary<string, string>? settingFlags = null)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate) e = aggregate.InnerExceptions[0];
        switch (e)
        {
            case OperationCanceledException:
                error.WriteLine("engram: cancelled");
                return 130;
            case ArgumentException argument:
                string flag = argument.ParamName is { } setting && settingFlags is not null && settingFlags.TryGetValue(setting, out string? option)
                    ? $" (option {option})" : "";
                error.WriteLine($"engram: error: {WithoutParameterSuffix(argument)}{flag}");
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
