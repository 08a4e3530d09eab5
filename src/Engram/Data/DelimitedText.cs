using System.Globalization;
using System.Text;

namespace Engram.Data;

/// <summary>
/// The pieces shared by the CSV readers and writers: finding the delimiter, splitting a line
/// (double-quoted fields may hold delimiters; <c>""</c> is a quote), and numbers in the invariant
/// culture spelled as numpy writes them (<c>nan</c>, <c>inf</c>, <c>-inf</c>).
/// </summary>
internal static class DelimitedText
{
    /// <summary>Stands for "runs of white space" when no comma, semicolon or tab separates the fields.</summary>
    public const char WhiteSpace = ' ';

    static readonly char[] Candidates = [',', ';', '\t'];

    /// <summary>
    /// The delimiter of a file whose first line is <paramref name="line"/>: whichever of comma,
    /// semicolon and tab occurs most often outside quotes, else <see cref="WhiteSpace"/> (as
    /// <c>numpy.savetxt</c> writes by default).
    /// </summary>
    public static char DetectDelimiter(string line)
    {
        Span<int> counts = stackalloc int[Candidates.Length];
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
                quoted = !quoted;
            else if (!quoted && Array.IndexOf(Candidates, c) is int index and >= 0)
                counts[index]++;
        }
        int best = 0;
        for (int i = 1; i < counts.Length; i++)
            if (counts[i] > counts[best])
                best = i;
        return counts[best] > 0 ? Candidates[best] : WhiteSpace;
    }

    /// <summary>The fields of <paramref name="line"/>, trimmed, with surrounding quotes removed.</summary>
    public static string[] Split(string line, char delimiter)
    {
        if (delimiter == WhiteSpace)
            return line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"')
                    field.Append(line[++i]);
                else
                    quoted = false;
            }
            else if (c == '"')
                quoted = true;
            else if (c == delimiter)
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
                field.Append(c);
        }
        fields.Add(field.ToString().Trim());
        return [.. fields];
    }

    /// <summary>A field for a line with <paramref name="delimiter"/>, quoted when it holds the delimiter, a quote or edge spaces.</summary>
    public static string Quote(string field, char delimiter)
    {
        bool needsQuotes = field.Contains(delimiter) || field.Contains('"') || field.Trim().Length != field.Length;
        return needsQuotes ? '"' + field.Replace("\"", "\"\"") + '"' : field;
    }

    /// <summary>
    /// Parses a number in the invariant culture (<c>1.5</c>, <c>-2e-3</c>) or one of numpy's spellings
    /// of the special values, any case: <c>nan</c>, <c>inf</c>, <c>-inf</c>, <c>+inf</c>,
    /// <c>infinity</c>.
    /// </summary>
    public static bool TryParseNumber(string text, out double value)
    {
        var span = text.AsSpan().Trim();
        if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            return true;
        bool negative = span.StartsWith('-');
        var body = span.StartsWith('-') || span.StartsWith('+') ? span[1..] : span;
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
            value = double.NaN;
        else if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
        else
            return false;
        return true;
    }

    /// <summary>A number as numpy's <c>savetxt</c>/<c>loadtxt</c> spell it; finite values round-trip exactly.</summary>
    public static string FormatNumber(double value) => value switch
    {
        double.NaN => "nan",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
