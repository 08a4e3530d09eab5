using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace Engram.Web;

/// <summary>A piece of HTML that is safe to send as it is: made only by <see cref="Html.Of"/>, which encodes every value put into it.</summary>
public sealed class Markup
{
    internal Markup(string value) => Value = value;

    /// <summary>The HTML text.</summary>
    public string Value { get; }

    /// <summary>No markup.</summary>
    public static Markup Empty { get; } = new("");

    /// <inheritdoc/>
    public override string ToString() => Value;
}

/// <summary>
/// HTML built from interpolated strings in which every value is HTML-encoded unless it is itself <see cref="Markup"/>: study
/// names, failure reasons and file names are user text, and the only way to put them into a page is encoded. Numbers are
/// formatted with the invariant culture.
/// </summary>
public static class Html
{
    /// <summary>Markup from an interpolated string whose holes are encoded (<see cref="Markup"/> holes are kept as they are).</summary>
    public static Markup Of(ref HtmlBuilder html) => html.ToMarkup();

    /// <summary>Several pieces of markup, one after the other.</summary>
    public static Markup Join(IEnumerable<Markup> parts)
    {
        var text = new StringBuilder();
        foreach (Markup part in parts) text.Append(part.Value);
        return new Markup(text.ToString());
    }

    /// <summary>A query-string value, escaped for a URL (the result still goes through the HTML encoding of <see cref="Of"/>).</summary>
    public static string Url(string value) => Uri.EscapeDataString(value);
}

/// <summary>The interpolated-string handler of <see cref="Html.Of"/>.</summary>
[InterpolatedStringHandler]
public ref struct HtmlBuilder
{
    readonly StringBuilder text;

    /// <summary>Starts a builder (called by the compiler).</summary>
    public HtmlBuilder(int literalLength, int formattedCount) => text = new StringBuilder(literalLength + 16 * formattedCount);

    /// <summary>Literal markup written in the source.</summary>
    public readonly void AppendLiteral(string value) => text.Append(value);

    /// <summary>Markup, kept as it is.</summary>
    public readonly void AppendFormatted(Markup? value) => text.Append(value?.Value);

    /// <summary>Pieces of markup, kept as they are.</summary>
    public readonly void AppendFormatted(IEnumerable<Markup> values)
    {
        foreach (Markup m in values) text.Append(m.Value);
    }

    /// <summary>Text, encoded.</summary>
    public readonly void AppendFormatted(string? value) => text.Append(WebUtility.HtmlEncode(value));

    /// <summary>Any other value: markup (also a list or array of it, which the compiler binds here) kept as it is; anything else formatted with the invariant culture, then encoded.</summary>
    public readonly void AppendFormatted<T>(T value, string? format = null)
    {
        switch (value)
        {
            case Markup m: text.Append(m.Value); break;
            case IEnumerable<Markup> parts: AppendFormatted(parts); break;
            case IFormattable f: text.Append(WebUtility.HtmlEncode(f.ToString(format, CultureInfo.InvariantCulture))); break;
            default: text.Append(WebUtility.HtmlEncode(value?.ToString())); break;
        }
    }

    internal readonly Markup ToMarkup() => new(text.ToString());
}
