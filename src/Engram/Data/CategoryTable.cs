namespace Engram.Data;

/// <summary>
/// A one-hot (or multi-hot) category table: which of <see cref="Categories"/> each of
/// <see cref="Items"/> belongs to. In the file the first column holds the item names and the
/// header row the category names, as in THINGS' <c>category_mat_manual_preprocessed.csv</c>.
/// </summary>
/// <param name="Items">Item names, one per row.</param>
/// <param name="Categories">Category names, one per column.</param>
/// <param name="Membership">[item, category]: true when the item belongs to the category.</param>
public sealed record CategoryTable(string[] Items, string[] Categories, bool[,] Membership)
{
    /// <summary>[item, category]: true when the item belongs to the category.</summary>
    public bool[,] Membership { get; init; } = CheckMembership(Items, Categories, Membership);

    /// <summary>Where the table came from (the file name when read by <see cref="Read"/>), for messages.</summary>
    public string Source { get; init; } = "the category table";

    /// <summary>Number of items (rows).</summary>
    public int ItemCount => Items.Length;

    /// <summary>Number of categories (columns).</summary>
    public int CategoryCount => Categories.Length;

    /// <summary>
    /// Reads a category table: a header row (first field: anything, e.g. empty; then the category
    /// names), then one row per item: its name followed by 0/1 (or true/false) per category.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty, rows differ in length, or a mark is
    /// not 0 or 1; the message names the file and the line.</exception>
    public static CategoryTable Read(string path)
    {
        var lines = DataFile.ReadNonBlankLines(path, "category file", "a header of category names and one row per item");
        char delimiter = DelimitedText.DetectDelimiter(lines.Select(line => line.Text));
        string[] header = DelimitedText.Split(lines[0].Text, delimiter);
        if (header.Length < 2)
            throw Invalid(path, $"has no category names in its header (line {lines[0].Number}); expected ',name1,name2,…'");
        if (lines.Count == 1)
            throw Invalid(path, "has a header but no items");

        var items = new string[lines.Count - 1];
        var membership = new bool[items.Length, header.Length - 1];
        for (int i = 0; i < items.Length; i++)
        {
            var (number, text) = lines[i + 1];
            string[] fields = DelimitedText.Split(text, delimiter);
            if (fields.Length != header.Length)
                throw Invalid(path, $"has {fields.Length} fields on line {number} but {header.Length} in its header; "
                    + "every row needs an item name and one mark per category");
            if (fields[0].Length == 0)
                throw Invalid(path, $"has no item name on line {number}");
            items[i] = fields[0];
            for (int c = 1; c < fields.Length; c++)
                membership[i, c - 1] = ParseMark(fields[c]) ?? throw Invalid(path,
                    $"has '{fields[c]}' on line {number}, column {c + 1}; expected 0 or 1 (or true/false)");
        }
        return new CategoryTable(items, header[1..], membership) { Source = $"the category file {Path.GetFileName(path)}" };
    }

    /// <summary>For each item, the index of the first category it belongs to, or -1 when it belongs to none.</summary>
    public int[] PrimaryCategory()
    {
        var primary = new int[ItemCount];
        for (int i = 0; i < primary.Length; i++)
        {
            primary[i] = -1;
            for (int c = 0; c < CategoryCount; c++)
                if (Membership[i, c])
                {
                    primary[i] = c;
                    break;
                }
        }
        return primary;
    }

    static bool? ParseMark(string field)
    {
        if (bool.TryParse(field, out bool flag))
            return flag;
        return DelimitedText.TryParseNumber(field, out double value) && value is 0.0 or 1.0 ? value == 1.0 : null;
    }

    static bool[,] CheckMembership(string[] items, string[] categories, bool[,] membership)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(membership);
        if (membership.GetLength(0) != items.Length || membership.GetLength(1) != categories.Length)
            throw new ArgumentException(
                $"membership is {membership.GetLength(0)} x {membership.GetLength(1)} but there are {items.Length} items "
                + $"and {categories.Length} categories; expected {items.Length} x {categories.Length}.", nameof(Membership));
        return membership;
    }

    static InvalidDataException Invalid(string path, string problem) => new($"The category file '{path}' {problem}.");
}
