namespace Engram.Data;

/// <summary>
/// Lists of colours as hex codes (<c>#RRGGBB</c> or <c>#RRGGBBAA</c>), such as GWTune's
/// <c>color_dict.csv</c>: one line of comma-separated codes, or one code per line.
/// </summary>
public static class ColorTable
{
    /// <summary>
    /// The hex codes in <paramref name="path"/>, in order, as written (a missing '#' is added).
    /// Codes may be separated by commas, semicolons, tabs, white space or line breaks, and may be
    /// quoted; a first field that is not a code (a header such as <c>color</c>) is skipped.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty or holds something that is not a hex
    /// colour; the message names the file and the line.</exception>
    public static string[] Read(string path)
    {
        var lines = DataFile.ReadNonBlankLines(path, "colour file", "hex colour codes such as #1F77B4");
        var codes = new List<string>();
        bool first = true;
        foreach (var (number, text) in lines)
        {
            foreach (string field in DelimitedText.Split(text, DelimitedText.DetectDelimiter(text)))
            {
                if (field.Length == 0)
                    continue;
                string code = field.StartsWith('#') ? field : "#" + field;
                if (IsHexColour(code))
                    codes.Add(code);
                else if (!first)
                    throw new InvalidDataException(
                        $"The colour file '{path}' has '{field}' on line {number}, which is not a hex colour; expected codes such as #1F77B4.");
                first = false;
            }
        }
        if (codes.Count == 0)
            throw new InvalidDataException($"The colour file '{path}' holds no hex colour codes; expected codes such as #1F77B4.");
        return [.. codes];
    }

    static bool IsHexColour(string code)
        => code.Length is 7 or 9 && code.Skip(1).All(char.IsAsciiHexDigit);
}
