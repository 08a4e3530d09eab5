using System.Net;
using System.Text;
using Engram.Data;

namespace Engram.Reports;

/// <summary>
/// A self-contained <c>index.html</c> for a run: title, the command's settings, key numbers in a table,
/// figures (PNG and/or SVG files beside it) with captions and links to each file, and the full JSON result.
/// Built up, then saved once.
/// </summary>
public sealed class HtmlReport(string title)
{
    readonly StringBuilder body = new();
    readonly List<(int At, string File, string Caption)> figures = [];

    /// <summary>A paragraph of plain text.</summary>
    public HtmlReport Paragraph(string text)
    {
        body.Append("<p>").Append(WebUtility.HtmlEncode(text)).AppendLine("</p>");
        return this;
    }

    /// <summary>A section heading.</summary>
    public HtmlReport Heading(string text)
    {
        body.Append("<h2>").Append(WebUtility.HtmlEncode(text)).AppendLine("</h2>");
        return this;
    }

    /// <summary>A two-column table of names and values.</summary>
    public HtmlReport KeyValues(IEnumerable<(string Name, string Value)> rows)
    {
        body.AppendLine("<table>");
        foreach (var (name, value) in rows)
            body.Append("<tr><th>").Append(WebUtility.HtmlEncode(name)).Append("</th><td>")
                .Append(WebUtility.HtmlEncode(value)).AppendLine("</td></tr>");
        body.AppendLine("</table>");
        return this;
    }

    /// <summary>A table with a header row.</summary>
    public HtmlReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        body.Append("<table><tr>");
        foreach (string h in header) body.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        body.AppendLine("</tr>");
        foreach (var row in rows)
        {
            body.Append("<tr>");
            foreach (string cell in row) body.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            body.AppendLine("</tr>");
        }
        body.AppendLine("</table>");
        return this;
    }

    /// <summary>
    /// A figure: <paramref name="file"/> (e.g. <c>plan.png</c>) is a path relative to the report's folder. When the page is
    /// saved, the figure shows the PNG (or the SVG when only that was written) and links every format written beside it.
    /// </summary>
    public HtmlReport Figure(string file, string caption)
    {
        figures.Add((body.Length, file.Replace('\\', '/'), caption));
        return this;
    }

    /// <summary>The markup of one figure, from the files that exist in <paramref name="folder"/>.</summary>
    static string FigureHtml(string folder, string file, string caption)
    {
        string[] written = [.. new[] { ".png", ".svg" }.Select(e => Path.ChangeExtension(file, e)).Where(f => File.Exists(Path.Combine(folder, f)))];
        string shown = WebUtility.HtmlEncode(written.FirstOrDefault() ?? file), text = WebUtility.HtmlEncode(caption);
        string links = written.Length < 2 ? "" : " (" + string.Join(" · ", written.Select(f =>
            $"<a href=\"{WebUtility.HtmlEncode(f)}\">{Path.GetExtension(f)[1..].ToUpperInvariant()}</a>")) + ")";
        return $"<figure><a href=\"{shown}\"><img src=\"{shown}\" alt=\"{text}\"></a><figcaption>{text}{links}</figcaption></figure>\n";
    }

    /// <summary>Markup written as given (a caller's own element or script; the caller encodes any text in it).</summary>
    public HtmlReport Raw(string html)
    {
        body.AppendLine(html);
        return this;
    }

    /// <summary>The JSON result, shown preformatted.</summary>
    public HtmlReport Json(string json)
    {
        body.Append("<details><summary>result.json</summary><pre>").Append(WebUtility.HtmlEncode(json)).AppendLine("</pre></details>");
        return this;
    }

    /// <summary>The whole page, its figures as found in <paramref name="folder"/>.</summary>
    public string ToHtml(string folder)
    {
        var page = new StringBuilder(body.ToString());
        for (int i = figures.Count - 1; i >= 0; i--) page.Insert(figures[i].At, FigureHtml(folder, figures[i].File, figures[i].Caption));
        return Page(page.ToString());
    }

    string Page(string content) =>
        $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
        table { border-collapse: collapse; margin: 1em 0; }
        th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: left; }
        th { background: #f3f3f3; }
        figure { display: inline-block; margin: 1em; vertical-align: top; }
        figure img { width: 500px; max-width: 100%; border: 1px solid #ddd; }
        figcaption { font-size: 90%; color: #555; max-width: 500px; }
        pre { background: #f8f8f8; padding: 1em; overflow-x: auto; }
        </style></head><body>
        <h1>{{WebUtility.HtmlEncode(title)}}</h1>
        {{content}}
        <p style="color:#888;font-size:80%">Written by Engram {{typeof(HtmlReport).Assembly.GetName().Version}} on {{DateTime.UtcNow:yyyy-MM-dd HH:mm}} UTC.</p>
        </body></html>
        """;

    /// <summary>Saves the page as <paramref name="path"/> (usually DIR/index.html).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToHtml(Path.GetDirectoryName(Path.GetFullPath(path))!));
}
