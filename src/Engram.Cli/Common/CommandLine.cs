using System.CommandLine;

namespace Engram.Cli;

/// <summary>The command line a report records: what the user typed, so that pasting it runs the same thing again.</summary>
public static class CommandLine
{
    /// <summary>
    /// "engram" and every token as typed (the verb path included); a token with a space, a quote or nothing in it is
    /// double-quoted, as a shell needs it.
    /// </summary>
    public static string Of(ParseResult parse) =>
        string.Join(' ', [CliApp.CommandName, .. parse.Tokens.Select(t => Quoted(t.Value))]);

    static string Quoted(string token) =>
        token.Length == 0 || token.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or ';' or '&' or '|')
            ? "\"" + token.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : token;
}
