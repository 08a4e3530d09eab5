namespace Engram.Cli.Continual;

/// <summary>A plain aligned text table (no colours, so the summary reads the same in a terminal, a log or a test).</summary>
internal static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        int columns = header.Count;
        var width = new int[columns];
        foreach (var row in all)
            for (int j = 0; j < columns; j++) width[j] = Math.Max(width[j], row[j].Length);
        foreach (var row in all)
            output.WriteLine(string.Join("  ", Enumerable.Range(0, columns).Select(j => row[j].PadRight(width[j]))).TrimEnd());
    }
}
