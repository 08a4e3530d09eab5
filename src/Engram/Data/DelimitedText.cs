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
    /// The delimiter of a file that starts with <paramref name="lines"/> (the first ten are looked
    /// at): whichever of comma, semicolon and tab occurs most often outside quotes, else
    /// <see cref="WhiteSpace"/> (as <c>numpy.savetxt</c> writes by default).
    /// </summary>
    public static char DetectDelimiter(params IEnumerable<string> lines)
    {
        Span<int> counts = stackalloc int[Candidates.Length];
        foreach (string line in lines.Take(10))
        {
            bool quoted = false;
            foreach (char c in line)
            {
                if (c == '"')
                    quoted = !quoted;
                else if (!quoted && Array.IndexOf(Candidates, c) is int index and >= 0)
                    counts[index]++;
            }
        }
        int best = 0;
        for (int i = 1; i < counts.Length; i++)
            if (counts[i] > counts[best])
                best = i;
        return counts[best] > 0 ? Candidates[best] : WhiteSpace;
    }

    /// <summary>
    /// The fields of <paramref name="line"/>: white space around a field is dropped, double quotes
    /// are removed and keep what they enclose as it is (delimiters and spaces included; <c>""</c>
    /// inside them is one quote). With <see cref="WhiteSpace"/>, runs of white space separate fields.
    /// </summary>
    public static string[] Split(string line, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        int keep = 0;                                   // characters of the field that trimming must not remove
        void EndField()
        {
            int end = field.Length;
            while (end > keep && char.IsWhiteSpace(field[end - 1]))
                end--;
            if (delimiter != WhiteSpace || end > 0 || wasQuoted)
                fields.Add(field.ToString(0, end));
            field.Clear();
            wasQuoted = false;
            keep = 0;
        }
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
                {
                    quoted = false;
                    keep = field.Length;
                }
            }
            else if (c == '"')
                quoted = wasQuoted = true;
            else if (delimiter == WhiteSpace ? char.IsWhiteSpace(c) : c == delimiter)
                EndField();
            else if (field.Length > 0 || !char.IsWhiteSpace(c))
                field.Append(c);
        }
        EndField();
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
