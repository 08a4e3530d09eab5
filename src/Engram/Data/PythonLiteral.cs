using System.Globalization;
using System.Text;

namespace Engram.Data;

/// <summary>
/// A small parser for the Python literals found in a .npy header: dicts with string keys,
/// strings, whole numbers, <c>True</c>/<c>False</c>/<c>None</c>, tuples and lists (trailing commas
/// allowed). Values come back as <see cref="string"/>, <see cref="long"/>, <see cref="bool"/>, null,
/// <see cref="PythonLiteral.Sequence"/> and <see cref="Dictionary{TKey,TValue}"/> of string to value.
/// </summary>
internal sealed class PythonLiteral
{
    /// <summary>A tuple or list; <see cref="IsTuple"/> tells which brackets it had.</summary>
    /// <param name="Items">The elements in order.</param>
    /// <param name="IsTuple">True for <c>( )</c>, false for <c>[ ]</c>.</param>
    public sealed record Sequence(IReadOnlyList<object?> Items, bool IsTuple);

    /// <summary>Deeper nesting than this is refused, so garbage cannot exhaust the stack.</summary>
    const int MaxDepth = 64;

    readonly string text;
    int position;

    PythonLiteral(string text) => this.text = text;

    /// <summary>
    /// Parses <paramref name="text"/> as one literal followed only by white space.
    /// Throws <see cref="FormatException"/> saying what was expected and where.
    /// </summary>
    public static object? Parse(string text)
    {
        var parser = new PythonLiteral(text);
        object? value = parser.ParseValue(0);
        parser.SkipWhiteSpace();
        if (parser.position < text.Length)
            throw parser.Error("end of the literal");
        return value;
    }

    object? ParseValue(int depth)
    {
        if (depth > MaxDepth)
            throw Error($"at most {MaxDepth} levels of nesting");
        SkipWhiteSpace();
        if (position >= text.Length)
            throw Error("a value");
        char c = text[position];
        return c switch
        {
            '{' => ParseDict(depth),
            '(' => ParseSequence(')', depth, isTuple: true),
            '[' => ParseSequence(']', depth, isTuple: false),
            '\'' or '"' => ParseString(),
            '-' or '+' or (>= '0' and <= '9') => ParseInteger(),
            _ => ParseName(),
        };
    }

    Dictionary<string, object?> ParseDict(int depth)
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        position++;
        while (true)
        {
            SkipWhiteSpace();
            if (TryConsume('}'))
                return dict;
            if (ParseValue(depth + 1) is not string key)
                throw Error("a string key");
            SkipWhiteSpace();
            if (!TryConsume(':'))
                throw Error("':' after the key '" + key + "'");
            dict[key] = ParseValue(depth + 1);
            SkipWhiteSpace();
            if (TryConsume('}'))
                return dict;
            if (!TryConsume(','))
                throw Error("',' or '}'");
        }
    }

    Sequence ParseSequence(char close, int depth, bool isTuple)
    {
        var items = new List<object?>();
        position++;
        while (true)
        {
            SkipWhiteSpace();
            if (TryConsume(close))
                return new Sequence(items, isTuple);
            items.Add(ParseValue(depth + 1));
            SkipWhiteSpace();
            if (TryConsume(close))
                return new Sequence(items, isTuple);
            if (!TryConsume(','))
                throw Error($"',' or '{close}'");
        }
    }

    string ParseString()
    {
        char quote = text[position++];
        var builder = new StringBuilder();
        while (position < text.Length)
        {
            char c = text[position++];
            if (c == quote)
                return builder.ToString();
            if (c == '\\' && position < text.Length)
                c = text[position++];
            builder.Append(c);
        }
        throw Error($"the closing {quote} of a string");
    }

    long ParseInteger()
    {
        int start = position;
        if (text[position] is '-' or '+')
            position++;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
            position++;
        var digits = text.AsSpan(start, position - start);
        if (position < text.Length && text[position] is 'L' or 'l')
            position++;                                   // Python 2 long suffix: (3L, 4L)
        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            position = start;
            throw Error("a whole number that fits in 64 bits");
        }
        return value;
    }

    object? ParseName()
    {
        int start = position;
        while (position < text.Length && char.IsAsciiLetterOrDigit(text[position]))
            position++;
        string name = text[start..position];
        position = start;
        object? value = name switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ => throw Error("a string, number, True, False, None, tuple, list or dict"),
        };
        position += name.Length;
        return value;
    }

    void SkipWhiteSpace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
            position++;
    }

    bool TryConsume(char c)
    {
        if (position < text.Length && text[position] == c)
        {
            position++;
            return true;
        }
        return false;
    }

    FormatException Error(string expected)
    {
        string found = position >= text.Length
            ? "the end of the text"
            : $"'{text.Substring(position, Math.Min(12, text.Length - position))}'";
        return new FormatException($"expected {expected} at character {position}, found {found}");
    }
}
