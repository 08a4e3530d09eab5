using System.CommandLine;
using Engram.Reports;

namespace Engram.Cli;

/// <summary>
/// The options of every verb that writes a report (<c>--out</c>, <c>--format</c> when it draws figures, <c>--json</c>),
/// declared once, and the one ending such a verb has: write the report folder when <c>--out</c> was given, then print
/// either the JSON record alone (<c>--json</c>) or the human summary.
/// </summary>
public sealed class ReportOptions
{
    /// <summary>The options; <paramref name="figures"/>: whether the verb draws figures (then <c>--format</c> is offered).</summary>
    public ReportOptions(bool figures = true)
    {
        Format = figures ? CommonOptions.Format() : null;
    }

    /// <summary><c>--out DIR</c>.</summary>
    public Option<DirectoryInfo?> Out { get; } = CommonOptions.Out();

    /// <summary><c>--format png,svg</c> (null for a verb without figures).</summary>
    public Option<FigureFormats>? Format { get; }

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = CommonOptions.Json();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Out);
        if (Format is not null) command.Options.Add(Format);
        command.Options.Add(Json);
    }

    /// <summary>The report folder (full path), or null without <c>--out</c>.</summary>
    public string? Folder(ParseResult parse) => parse.GetValue(Out)?.FullName;

    /// <summary>The formats asked for (PNG without <c>--format</c>).</summary>
    public FigureFormats Formats(ParseResult parse) => Format is null ? FigureFormats.Png : parse.GetValue(Format);

    /// <summary>
    /// The ending: with <c>--out</c>, <paramref name="write"/>(folder, command line, formats) writes the report; then
    /// <paramref name="record"/> as JSON (<c>--json</c>) or <paramref name="summary"/>(folder or null) on stdout. Returns 0.
    /// </summary>
    public int Finish<T>(ParseResult parse, VerbContext context, T record, Action<string, string, FigureFormats>? write,
        Action<TextWriter, string?> summary)
    {
        string? folder = Folder(parse);
        if (folder is not null) write?.Invoke(folder, CommandLine.Of(parse), Formats(parse));
        if (context.Json) context.Output.WriteLine(JsonResult.ToJson(record));
        else summary(context.Output, folder);
        return 0;
    }

    /// <summary>The summary's last line for a report folder: where its page is.</summary>
    public static string ReportLine(string folder) => $"report: {Path.Combine(folder, "index.html")}";
}
