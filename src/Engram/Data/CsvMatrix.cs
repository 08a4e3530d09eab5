namespace Engram.Data;

/// <summary>
/// Numeric matrices in CSV files: numbers in the invariant culture (<c>1.5</c>, <c>-2e-3</c>,
/// <c>nan</c>, <c>inf</c>), separated by commas, semicolons, tabs or white space (detected from
/// the first lines). A header row and a leading label column are detected and skipped.
/// </summary>
public static class CsvMatrix
{
    /// <summary>
    /// Reads the matrix in <paramref name="path"/>. The first row is a header when any of its fields
    /// after the first is not a number (a header of numbers only cannot be told from data); the first column holds labels when the first data row starts with something
    /// that is not a number, or when the header's first field is empty (pandas writes its index so).
    /// Blank lines are skipped.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty, rows differ in length, or a field is not a
    /// number; the message names the file and the line.</exception>
    public static double[,] Read(string path)
    {
        var lines = DataFile.ReadNonBlankLines(path, "CSV file", "rows of numbers separated by commas");
        char delimiter = DelimitedText.DetectDelimiter(lines.Select(line => line.Text));
        var rows = lines.ConvertAll(line => (line.Number, Fields: DelimitedText.Split(line.Text, delimiter)));

        // A header has a name after the first field (the first may be a label: "dog,1,2" is data),
        // or is a lone name in a one-column file.
        var top = rows[0].Fields;
        bool hasHeader = top.Skip(top.Length == 1 ? 0 : 1).Any(field => !DelimitedText.TryParseNumber(field, out _));
        int first = hasHeader ? 1 : 0;
        if (first == rows.Count)
            throw Invalid(path, $"has a header row (line {rows[0].Number}) but no rows of numbers");
        int width = rows[first].Fields.Length;
        bool hasLabels = !DelimitedText.TryParseNumber(rows[first].Fields[0], out _)
                         || (hasHeader && rows[0].Fields[0].Length == 0 && rows[0].Fields.Length == width);
        int skip = hasLabels ? 1 : 0;
        if (width - skip == 0)
            throw Invalid(path, $"has labels on line {rows[first].Number} but no numbers after them");
        if (hasHeader && rows[0].Fields.Length != width && rows[0].Fields.Length != width - skip)
            throw Invalid(path, $"has {rows[0].Fields.Length} names in its header (line {rows[0].Number}) "
                + $"but {width} fields on line {rows[first].Number}; every row needs the same number of columns");

        var matrix = new double[rows.Count - first, width - skip];
        for (int r = first; r < rows.Count; r++)
        {
            var (number, fields) = rows[r];
            if (fields.Length != width)
                throw Invalid(path, $"has {fields.Length} fields on line {number} but {width} on line {rows[first].Number}; "
                    + "every row needs the same number of columns");
            for (int c = skip; c < width; c++)
            {
                if (!DelimitedText.TryParseNumber(fields[c], out matrix[r - first, c - skip]))
                    throw Invalid(path, $"has '{fields[c]}' on line {number}, column {c + 1}, which is not a number "
                        + "(expected numbers such as 1.5, -2e-3, nan or inf, with '.' as the decimal point)");
            }
        }
        return matrix;
    }

    /// <summary>
    /// Writes <paramref name="matrix"/> to <paramref name="path"/>, comma-separated, one row a line,
    /// numbers in the invariant culture so that they read back exactly (<c>nan</c>, <c>inf</c> and
    /// <c>-inf</c> as numpy spells them); with <paramref name="header"/>, a first line of column names.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is empty, or the header has the wrong length or only
    /// numbers in it (it would be read back as data).</exception>
    public static void Write(string path, double[,] matrix, IReadOnlyList<string>? header = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(matrix);
        int rows = matrix.GetLength(0), columns = matrix.GetLength(1);
        if (rows == 0 || columns == 0)
            throw new ArgumentException($"matrix is {rows} x {columns}; a CSV matrix needs at least one row and one column.", nameof(matrix));
        if (header is not null && header.Count != columns)
            throw new ArgumentException($"header has {header.Count} names but the matrix has {columns} columns.", nameof(header));
        if (header is not null && header.All(name => DelimitedText.TryParseNumber(name, out _)))
            throw new ArgumentException("header holds only numbers, so it would be read back as a row of data; use names.", nameof(header));

        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        if (header is not null)
            writer.WriteLine(string.Join(',', header.Select(name => DelimitedText.Quote(name, ','))));
        var line = new string[columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
                line[c] = DelimitedText.FormatNumber(matrix[r, c]);
            writer.WriteLine(string.Join(',', line));
        }
    }

    static InvalidDataException Invalid(string path, string problem) => new($"The CSV file '{path}' {problem}.");
}
