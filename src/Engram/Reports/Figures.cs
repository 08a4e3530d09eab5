using ScottPlot;

namespace Engram.Reports;

/// <summary>
/// Thin helpers over ScottPlot 5 for Engram's figures: one font for every plot (SkiaSharp scans
/// /usr/share/fonts itself; with no font installed text silently disappears, so we check), PNG output,
/// and the heatmap and line plots most reports need. Custom plots start from <see cref="NewPlot"/>
/// and end with <see cref="Save"/>.
/// </summary>
public static class Figures
{
    static readonly Lazy<bool> fontReady = new(() =>
    {
        Fonts.Default = "DejaVu Sans";
        return true;
    });

    /// <summary>Whether a font is installed for labels (fonts-dejavu-core on Debian).</summary>
    public static bool FontsInstalled =>
        Directory.Exists("/usr/share/fonts") && Directory.EnumerateFiles("/usr/share/fonts", "*.ttf", SearchOption.AllDirectories).Any();

    /// <summary>A new plot with a title and axis labels.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        _ = fontReady.Value;
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>Saves <paramref name="plot"/> as a PNG (width × height pixels), creating the folder.</summary>
    public static string Save(Plot plot, string path, int width = 800, int height = 600)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, tmp => plot.SavePng(tmp, width, height));
        return path;
    }

    /// <summary>A contiguous block of rows and columns of a heatmap, [Start, End), named on the axes.</summary>
    public sealed record Block(int Start, int End, string Name);

    /// <summary>
    /// A heatmap of <paramref name="data"/> with a colour bar; row r is drawn at y = r and column c at x = c, so the
    /// axis ticks are the indices (row 0 at the bottom; a diagonal rises to the right). With <paramref name="blocks"/>
    /// (e.g. categories of items sorted by category, the same on both axes) the block boundaries are drawn as lines and
    /// the axes are labelled with the block names at their centres instead of indices, as GWTune's figures are.
    /// </summary>
    public static string Heatmap(string path, double[,] data, string title, string xLabel = "column", string yLabel = "row",
        string? colorBarLabel = null, IColormap? colormap = null, int size = 700, IReadOnlyList<Block>? blocks = null)
    {
        Plot plot = NewPlot(title, xLabel, yLabel);
        // ScottPlot draws data[0, *] at the top but labels that row with the largest y: reverse the rows so that
        // row r sits at y = r.
        int rows = data.GetLength(0), columns = data.GetLength(1);
        var rowsUp = new double[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) rowsUp[rows - 1 - r, c] = data[r, c];
        var heatmap = plot.Add.Heatmap(rowsUp);
        heatmap.Colormap = colormap ?? new ScottPlot.Colormaps.Viridis();
        var bar = plot.Add.ColorBar(heatmap);
        if (colorBarLabel is not null) bar.Label = colorBarLabel;
        if (blocks is { Count: > 0 }) DrawBlocks(plot, blocks);
        plot.Axes.Margins(0, 0);
        return Save(plot, path, size + 100, size);
    }

    static void DrawBlocks(Plot plot, IReadOnlyList<Block> blocks)
    {
        foreach (Block block in blocks.Skip(1))
        {
            plot.Add.VerticalLine(block.Start - 0.5, 1, Colors.White.WithAlpha(0.6));
            plot.Add.HorizontalLine(block.Start - 0.5, 1, Colors.White.WithAlpha(0.6));
        }
        double[] centres = [.. blocks.Select(b => (b.Start + b.End - 1) / 2.0)];
        string[] names = [.. blocks.Select(b => b.Name)];
        plot.Axes.Bottom.SetTicks(centres, names);
        plot.Axes.Left.SetTicks(centres, names);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
        plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleLeft;
        plot.Axes.Bottom.TickLabelStyle.FontSize = plot.Axes.Left.TickLabelStyle.FontSize = blocks.Count > 20 ? 8 : 11;
    }

    /// <summary>One named series of a line plot.</summary>
    public sealed record Series(string Label, double[] X, double[] Y, double[]? Error = null);

    /// <summary>Lines with markers (and error bars where given) for each series, with a legend.</summary>
    public static string Lines(string path, string title, string xLabel, string yLabel, IEnumerable<Series> series,
        IEnumerable<(double X, string Label)>? verticalMarks = null)
    {
        Plot plot = NewPlot(title, xLabel, yLabel);
        foreach (Series s in series)
        {
            var scatter = plot.Add.Scatter(s.X, s.Y);
            scatter.LegendText = s.Label;
            if (s.Error is not null)
            {
                var bars = plot.Add.ErrorBar(s.X, s.Y, s.Error);
                bars.Color = scatter.Color;
            }
        }
        foreach (var (x, label) in verticalMarks ?? [])
        {
            var line = plot.Add.VerticalLine(x);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = label;
        }
        plot.ShowLegend();
        return Save(plot, path);
    }
}
