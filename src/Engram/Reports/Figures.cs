using Engram.Data;
using System.Globalization;
using ScottPlot;

namespace Engram.Reports;

/// <summary>
/// The figure kinds of Engram's reports, drawn with ScottPlot 5 in the one <see cref="FigureStyle"/>: lines (with error
/// bars, reference marks), values per named category, heatmaps (named or block-labelled axes, numbers in small
/// matrices) and image grids. Each writes PNG and/or SVG (<see cref="FigureFormats"/>) and returns the path of the first
/// one written. Custom plots start from <see cref="NewPlot"/> and end with <see cref="Save"/>.
/// </summary>
public static class Figures
{
    /// <summary>Whether a font is installed for labels (fonts-dejavu-core on Debian); without one SkiaSharp draws no text.</summary>
    public static bool FontsInstalled =>
        Directory.Exists("/usr/share/fonts") && Directory.EnumerateFiles("/usr/share/fonts", "*.ttf", SearchOption.AllDirectories).Any();

    /// <summary>A new plot in the house style (see <see cref="FigureStyle.NewPlot"/>).</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel) => FigureStyle.NewPlot(title, xLabel, yLabel);

    /// <summary>
    /// Saves <paramref name="plot"/> at <paramref name="path"/> (a <c>.png</c> name) in <paramref name="formats"/>: the PNG at
    /// <see cref="FigureStyle.PixelScale"/> × the layout size, the SVG beside it with the same name. A format not asked for
    /// is removed if an earlier run left it, so a folder never mixes figures of two runs. Returns the PNG's path, or the
    /// SVG's when only SVG was asked for. Files are written atomically; the folder is created.
    /// </summary>
    public static string Save(Plot plot, string path, FigureFormats formats, int width = FigureStyle.Width, int height = FigureStyle.Height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        if ((formats & (FigureFormats.Png | FigureFormats.Svg)) == 0) throw new ArgumentException("no figure format was asked for; give png, svg or both.", nameof(formats));
        string png = Path.ChangeExtension(path, ".png"), svg = Path.ChangeExtension(path, ".svg");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(png))!);
        if (formats.HasFlag(FigureFormats.Png))
        {
            plot.ScaleFactor = FigureStyle.PixelScale;
            AtomicFile.Write(png, tmp => plot.SavePng(tmp, (int)(width * FigureStyle.PixelScale), (int)(height * FigureStyle.PixelScale)));
        }
        else if (File.Exists(png)) File.Delete(png);
        if (formats.HasFlag(FigureFormats.Svg))
        {
            plot.ScaleFactor = 1;
            AtomicFile.Write(svg, tmp => plot.SaveSvg(tmp, width, height));
        }
        else if (File.Exists(svg)) File.Delete(svg);
        return formats.HasFlag(FigureFormats.Png) ? png : svg;
    }

    /// <summary>How a series is drawn.</summary>
    public enum SeriesStyle
    {
        /// <summary>Measured points joined by a line.</summary>
        LinesAndMarkers,

        /// <summary>A line only: a theory curve or a dense curve (a marker at each of its points would hide it).</summary>
        Line,

        /// <summary>Points only.</summary>
        Markers,
    }

    /// <summary>One named series of a line plot; <paramref name="Error"/>: half-widths of error bars (e.g. ± std or a 95 % interval).</summary>
    public sealed record Series(string Label, double[] X, double[] Y, double[]? Error = null)
    {
        /// <summary>How it is drawn (default: points joined by a line).</summary>
        public SeriesStyle Style { get; init; } = SeriesStyle.LinesAndMarkers;

        /// <summary>Dashed or dotted, e.g. for a baseline (default solid).</summary>
        public LinePattern? Pattern { get; init; }
    }

    /// <summary>
    /// Series against a numeric x, each in its palette colour, with error bars where given, dashed vertical reference
    /// marks, and the legend outside the data; <paramref name="xTicks"/> names chosen x positions instead of numbers. With <paramref name="logX"/>/<paramref name="logY"/> the axis shows
    /// powers of ten (values must be &gt; 0; the data are drawn at their log₁₀ and labelled 10ⁿ).
    /// </summary>
    public static string Lines(string path, FigureFormats formats, string title, string xLabel, string yLabel, IEnumerable<Series> series,
        IEnumerable<(double X, string Label)>? verticalMarks = null, bool logX = false, bool logY = false,
        IReadOnlyList<(double X, string Label)>? xTicks = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        Plot plot = NewPlot(title, xLabel, yLabel);
        Series[] all = [.. series];
        double Tx(double v) => logX ? Math.Log10(v) : v;
        double Ty(double v) => logY ? Math.Log10(v) : v;
        for (int i = 0; i < all.Length; i++)
        {
            Series s = all[i];
            Color colour = FigureStyle.Colour(i, all.Length);
            double[] x = [.. s.X.Select(Tx)], y = [.. s.Y.Select(Ty)];
            var scatter = plot.Add.Scatter(x, y, colour);
            scatter.LegendText = s.Label;
            scatter.LineWidth = s.Style == SeriesStyle.Markers ? 0 : FigureStyle.LineWidth;
            // A marker at each of many points hides the curve: dense series (over 30 points) are drawn as lines.
            scatter.MarkerSize = s.Style == SeriesStyle.Line || (s.Style == SeriesStyle.LinesAndMarkers && s.X.Length > 30) ? 0 : FigureStyle.MarkerSize;
            if (s.Pattern is { } pattern) scatter.LinePattern = pattern;
            if (s.Error is not null)
            {
                double[] error = logY ? [.. s.Y.Zip(s.Error, (v, e) => Ty(v + e) - Ty(v))] : s.Error;
                var bars = plot.Add.ErrorBar(x, y, error);
                bars.Color = colour;
                bars.LineWidth = FigureStyle.ThinLineWidth;
            }
        }
        int mark = 0;
        foreach (var (x, label) in verticalMarks ?? [])
        {
            var line = plot.Add.VerticalLine(Tx(x), FigureStyle.ThinLineWidth, mark++ == 0 ? Colors.Black : FigureStyle.Neutral, LinePattern.Dashed);
            line.LegendText = label;
        }
        if (logX) PowersOfTen(plot.Axes.Bottom);
        if (xTicks is not null) plot.Axes.Bottom.SetTicks([.. xTicks.Select(t => t.X)], [.. xTicks.Select(t => t.Label)]);
        if (logY) PowersOfTen(plot.Axes.Left);
        FigureStyle.ShowLegend(plot);
        return Save(plot, path, formats);
    }

    /// <summary>Labels a log₁₀-scaled axis with 10ⁿ at whole n.</summary>
    internal static void PowersOfTen(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = PowerOfTen, IntegerTicksOnly = true };

    /// <summary>"10⁻³" for −3.</summary>
    internal static string PowerOfTen(double exponent)
    {
        const string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        int n = (int)Math.Round(exponent);
        return "10" + (n < 0 ? "⁻" : "") + string.Concat(Math.Abs(n).ToString(CultureInfo.InvariantCulture).Select(d => superscripts[d - '0']));
    }

    /// <summary>One named set of values over the categories of <see cref="Categorical"/>, with error bars where given.</summary>
    public sealed record CategorySeries(string Label, double[] Values, double[]? Error = null);

    /// <summary>
    /// Values per named category (e.g. replay policies): the categories on the x axis by name, each series a marker per
    /// category (side by side when there are several) with its error bar, the legend outside the data.
    /// </summary>
    public static string Categorical(string path, FigureFormats formats, string title, string categoryLabel, IReadOnlyList<string> categories,
        string valueLabel, IReadOnlyList<CategorySeries> series)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        Plot plot = NewPlot(title, categoryLabel, valueLabel);
        double width = series.Count == 1 ? 0 : 0.5 / series.Count;
        for (int k = 0; k < series.Count; k++)
        {
            CategorySeries s = series[k];
            double[] x = [.. Enumerable.Range(0, categories.Count).Select(i => i + (k - (series.Count - 1) / 2.0) * width)];
            Color colour = FigureStyle.Colour(k, series.Count);
            var markers = plot.Add.ScatterPoints(x, s.Values, colour);
            markers.MarkerSize = FigureStyle.MarkerSize + 3;
            markers.LegendText = s.Label;
            if (s.Error is not null)
            {
                var bars = plot.Add.ErrorBar(x, s.Values, s.Error);
                bars.Color = colour;
                bars.LineWidth = FigureStyle.LineWidth;
            }
        }
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, categories.Count).Select(i => (double)i)], [.. categories]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsX(-0.6, categories.Count - 0.4);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        if (series.Count > 1 || series[0].Label.Length > 0) FigureStyle.ShowLegend(plot);
        return Save(plot, path, formats);
    }

    /// <summary>A contiguous block of rows and columns of a heatmap, [Start, End), named on the axes.</summary>
    public sealed record Block(int Start, int End, string Name);

    /// <summary>
    /// A heatmap of <paramref name="data"/> with a colour bar named <paramref name="colorBarLabel"/> (give the unit) whose
    /// range is that of the finite values (NaN cells are left blank). Row r is drawn at y = r and column c at x = c (row 0
    /// at the bottom, so a diagonal rises to the right); the axes name the rows and columns by
    /// <paramref name="rowNames"/>/<paramref name="columnNames"/> when given (e.g. the values of a parameter), by
    /// <paramref name="rowBlocks"/>/<paramref name="columnBlocks"/> (category boundaries drawn as lines, names at the block
    /// centres, as GWTune's figures), or else by index. With <paramref name="cellFormat"/> each cell shows its value (small matrices).
    /// </summary>
    public static string Heatmap(string path, FigureFormats formats, double[,] data, string title, string xLabel, string yLabel,
        string colorBarLabel, IColormap? colormap = null, IReadOnlyList<Block>? rowBlocks = null, IReadOnlyList<Block>? columnBlocks = null,
        IReadOnlyList<string>? columnNames = null, IReadOnlyList<string>? rowNames = null, string? cellFormat = null)
    {
        var (plot, width, height) = HeatmapPlot(data, title, xLabel, yLabel, colorBarLabel, colormap, rowBlocks, columnBlocks, columnNames, rowNames, cellFormat);
        return Save(plot, path, formats, width, height);
    }

    /// <summary>The plot <see cref="Heatmap"/> saves, with the size it is saved at (for callers that render it themselves, e.g. the dashboard).</summary>
    public static (Plot Plot, int Width, int Height) HeatmapPlot(double[,] data, string title, string xLabel, string yLabel,
        string colorBarLabel, IColormap? colormap = null, IReadOnlyList<Block>? rowBlocks = null, IReadOnlyList<Block>? columnBlocks = null,
        IReadOnlyList<string>? columnNames = null, IReadOnlyList<string>? rowNames = null, string? cellFormat = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        int rows = data.GetLength(0), columns = data.GetLength(1);
        Plot plot = NewPlot(title, xLabel, yLabel);
        bool manyNames = rowBlocks is { Count: > 12 } || columnBlocks is { Count: > 12 };
        int size = manyNames ? 820 : 640;
        // More items than about one per two layout pixels (1854 THINGS items on ~600): a cell would be smaller than a pixel
        // of the PNG, and a sharp plan's one-cell diagonal would be drawn faint or not at all. Each drawn cell is then the
        // largest entry of an f × f block of items, so a peak stays visible; the axes keep counting items.
        int factor = Math.Max(1, (int)Math.Ceiling(Math.Max(rows, columns) / (size / 2.0)));
        double[,] drawn = factor > 1 ? MaxPool(data, factor) : data;
        int drawnRows = drawn.GetLength(0), drawnColumns = drawn.GetLength(1);
        // ScottPlot draws data[0, *] at the top but labels that row with the largest y: reverse the rows so that row r sits at y = r.
        var rowsUp = new double[drawnRows, drawnColumns];
        for (int r = 0; r < drawnRows; r++)
            for (int c = 0; c < drawnColumns; c++) rowsUp[drawnRows - 1 - r, c] = drawn[r, c];
        var heatmap = plot.Add.Heatmap(rowsUp);
        if (factor > 1)
        {
            heatmap.Rectangle = new CoordinateRect(-0.5, drawnColumns * factor - 0.5, -0.5, drawnRows * factor - 0.5);
            colorBarLabel += $" (largest in each {factor} × {factor} block)";
        }
        heatmap.Colormap = colormap ?? FigureStyle.Sequential();
        heatmap.NaNCellColor = Colors.Transparent;
        double[] finite = [.. data.Cast<double>().Where(double.IsFinite)];
        if (finite.Length > 0)
        {
            double low = finite.Min(), high = finite.Max();
            heatmap.ManualRange = high > low ? new ScottPlot.Range(low, high) : new ScottPlot.Range(low - 0.5, low + 0.5);
        }
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = colorBarLabel;
        bar.LabelStyle.FontSize = FigureStyle.LabelSize;
        bar.LabelStyle.Bold = false;
        bar.Axis.TickLabelStyle.FontSize = FigureStyle.TickSize;
        bar.MinimumSize = ColourBarWidth;    // ScottPlot guesses the width from the default tick size: room for the larger ticks and the label
        if (cellFormat is not null && factor == 1) Annotate(plot, data, cellFormat, heatmap);
        if (columnBlocks is { Count: > 0 }) DrawBlocks(plot, columnBlocks, vertical: true, columns, size);
        else NameTicks(plot.Axes.Bottom, columnNames, columns);
        if (rowBlocks is { Count: > 0 }) DrawBlocks(plot, rowBlocks, vertical: false, rows, size);
        else NameTicks(plot.Axes.Left, rowNames, rows);
        plot.Grid.IsVisible = false;
        plot.Axes.Margins(0, 0);
        if (factor > 1) plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);   // the last block may reach past the last item
        // Block names are measured here: ScottPlot does not make room for rotated tick labels by itself.
        int Longest(IReadOnlyList<Block>? blocks) => blocks is null ? 0 : blocks.Max(b => b.Name.Length);
        float charWidth = BlockFontSize(rowBlocks ?? columnBlocks ?? []) * 0.62f;
        if (Longest(columnBlocks) > 0) plot.Axes.Bottom.MinimumSize = 50 + Longest(columnBlocks) * charWidth * 0.87f;
        if (Longest(rowBlocks) > 0) plot.Axes.Left.MinimumSize = 45 + Longest(rowBlocks) * charWidth;
        return (plot, size + 160 + (int)(Longest(rowBlocks) * charWidth), size + (int)(Longest(columnBlocks) * charWidth * 0.87f));
    }

    /// <summary>
    /// The largest finite entry of each <paramref name="factor"/> × <paramref name="factor"/> block of <paramref name="data"/>
    /// (blocks from row 0 and column 0; the last ones may be smaller); NaN where a block holds no finite entry.
    /// </summary>
    internal static double[,] MaxPool(double[,] data, int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        int rows = data.GetLength(0), columns = data.GetLength(1);
        int pooledRows = (rows + factor - 1) / factor, pooledColumns = (columns + factor - 1) / factor;
        var pooled = new double[pooledRows, pooledColumns];
        for (int pr = 0; pr < pooledRows; pr++)
            for (int pc = 0; pc < pooledColumns; pc++)
            {
                double best = double.NaN;
                for (int r = pr * factor; r < Math.Min(rows, (pr + 1) * factor); r++)
                    for (int c = pc * factor; c < Math.Min(columns, (pc + 1) * factor); c++)
                        if (double.IsFinite(data[r, c]) && !(data[r, c] <= best)) best = data[r, c];
                pooled[pr, pc] = best;
            }
        return pooled;
    }

    /// <summary>Ticks at 0 … count − 1 named by <paramref name="names"/>, or whole-number indices.</summary>
    static void NameTicks(IAxis axis, IReadOnlyList<string>? names, int count)
    {
        if (names is not null)
        {
            axis.SetTicks([.. Enumerable.Range(0, count).Select(i => (double)i)], [.. names]);
            axis.MajorTickStyle.Length = 0;
        }
        else axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
    }

    /// <summary>Writes each finite value in its cell, black on light cells and white on dark ones.</summary>
    static void Annotate(Plot plot, double[,] data, string format, ScottPlot.Plottables.Heatmap heatmap)
    {
        int rows = data.GetLength(0), columns = data.GetLength(1);
        ScottPlot.Range range = heatmap.ManualRange ?? new ScottPlot.Range(0, 1);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                double v = data[r, c];
                if (!double.IsFinite(v)) continue;
                double t = range.Max > range.Min ? (v - range.Min) / (range.Max - range.Min) : 0.5;
                Color cell = heatmap.Colormap.GetColor(t);
                double luminance = 0.2126 * cell.Red + 0.7152 * cell.Green + 0.0722 * cell.Blue;
                var text = plot.Add.Text(v.ToString(format, CultureInfo.InvariantCulture), c, r);
                text.LabelFontSize = FigureStyle.AnnotationSize;
                text.LabelFontName = FigureStyle.Font;
                text.LabelFontColor = luminance > 140 ? Colors.Black : Colors.White;
                text.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
            }
    }

    /// <summary>Block boundaries as thin white lines across the map; block names on the bottom (<paramref name="vertical"/>) or left axis.</summary>
    static void DrawBlocks(Plot plot, IReadOnlyList<Block> blocks, bool vertical, int items, int pixels)
    {
        foreach (Block block in blocks.Skip(1))
        {
            if (vertical) plot.Add.VerticalLine(block.Start - 0.5, 1, Colors.White.WithAlpha(0.7));
            else plot.Add.HorizontalLine(block.Start - 0.5, 1, Colors.White.WithAlpha(0.7));
        }
        BlockTicks(vertical ? plot.Axes.Bottom : plot.Axes.Left, blocks, items, pixels);
        if (vertical && blocks.Count > 4)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -60;
            plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleRight;
        }
    }

    /// <summary>A colour bar for markers coloured by a value (e.g. trials by their matching rate).</summary>
    public static void ColourBar(Plot plot, IColormap colormap, double low, double high, string label)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var bar = plot.Add.ColorBar(new ColourScale(colormap, high > low ? new ScottPlot.Range(low, high) : new ScottPlot.Range(low - 0.5, low + 0.5)));
        bar.Label = label;
        bar.LabelStyle.FontSize = FigureStyle.LabelSize;
        bar.LabelStyle.Bold = false;
        bar.Axis.TickLabelStyle.FontSize = FigureStyle.TickSize;
        bar.MinimumSize = ColourBarWidth;
    }

    /// <summary>Layout width of a colour bar panel: the bar, tick labels of up to six characters and the rotated label.</summary>
    const float ColourBarWidth = 115;

    /// <summary>A colour map over a fixed range, for <see cref="ColourBar"/>.</summary>
    sealed class ColourScale(IColormap colormap, ScottPlot.Range range) : IHasColorAxis
    {
        public IColormap Colormap { get; set; } = colormap;
        public ScottPlot.Range GetRange() => range;
    }

    /// <summary>
    /// Names at the centres of the blocks, each at least a line apart on the <paramref name="pixels"/>-long axis of
    /// <paramref name="items"/> items: a name that would overlap the one before it is left out (its block keeps its lines).
    /// </summary>
    static void BlockTicks(IAxis axis, IReadOnlyList<Block> blocks, int items, int pixels)
    {
        float font = BlockFontSize(blocks);
        double gap = 1.25 * font * items / Math.Max(1, pixels - 120);
        var shown = new List<Block>();
        foreach (Block b in blocks.OrderByDescending(b => b.End - b.Start).ThenBy(b => b.Start))
        {
            double centre = (b.Start + b.End - 1) / 2.0;
            if (shown.All(s => Math.Abs((s.Start + s.End - 1) / 2.0 - centre) >= gap)) shown.Add(b);
        }
        shown.Sort((a, b) => a.Start.CompareTo(b.Start));
        axis.SetTicks([.. shown.Select(b => (b.Start + b.End - 1) / 2.0)], [.. shown.Select(b => b.Name)]);
        axis.MajorTickStyle.Length = 0;
        axis.TickLabelStyle.FontSize = font;
    }

    static float BlockFontSize(IReadOnlyList<Block> blocks) => blocks.Count > 20 ? 11 : FigureStyle.TickSize;

    /// <summary>Largest layout size of an image grid's data area (the figure adds room for labels).</summary>
    const double MaximumGridWidth = 900, MaximumGridHeight = 520;

    /// <summary>Smallest layout height of an image-grid figure: a PNG of at least 600 pixels, as every other figure.</summary>
    const int MinimumGridHeight = 300;

    /// <summary>
    /// A grid of grey-level images (each <paramref name="height"/> × <paramref name="width"/> pixels in [0, 1], row-major),
    /// one grid row per list, the first on top, a white gap between images; no pixel axes: the rows are named by
    /// <paramref name="rowLabels"/> under the axis name <paramref name="rowAxis"/>, the columns by
    /// <paramref name="columnLabels"/> under <paramref name="columnAxis"/>.
    /// </summary>
    public static string ImageGrid(string path, FigureFormats formats, IReadOnlyList<IReadOnlyList<float[]>> rows, int height, int width, string title,
        string rowAxis, IReadOnlyList<string> rowLabels, string columnAxis, IReadOnlyList<string> columnLabels)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(rowLabels);
        ArgumentNullException.ThrowIfNull(columnLabels);
        const int gap = 2;
        int columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        int gridRows = Math.Max(1, rows.Count * (height + gap) - gap), gridColumns = Math.Max(1, columns * (width + gap) - gap);
        var grid = new double[gridRows, gridColumns];
        for (int y = 0; y < gridRows; y++)
            for (int x = 0; x < gridColumns; x++) grid[y, x] = 1;
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < rows[r].Count; c++)
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                        grid[r * (height + gap) + y, c * (width + gap) + x] = Math.Clamp(rows[r][c][y * width + x], 0, 1);
        Plot plot = NewPlot(title, columnAxis, rowAxis);
        var heatmap = plot.Add.Heatmap(grid);          // data row 0 is drawn on top
        heatmap.Colormap = FigureStyle.Images();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.Extent = new CoordinateRect(0, gridColumns, 0, gridRows);
        double RowCentre(int r) => gridRows - (r * (height + gap) + height / 2.0);
        double ColumnCentre(int c) => c * (width + gap) + width / 2.0;
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rowLabels.Count).Select(RowCentre)], [.. rowLabels]);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, columnLabels.Count).Select(ColumnCentre)], [.. columnLabels]);
        foreach (IAxis axis in new IAxis[] { plot.Axes.Left, plot.Axes.Bottom })
        {
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
            axis.FrameLineStyle.Width = 0;
        }
        plot.Axes.Top.FrameLineStyle.Width = 0;
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Grid.IsVisible = false;
        plot.Axes.SetLimits(0, gridColumns, 0, gridRows);
        // Square pixels: the data area's aspect follows the grid's, with room for the labels around it; a wide grid of
        // few rows gets a figure at least MinimumGridHeight tall (slides), its pixels kept square by widening the y range.
        double cell = Math.Min(MaximumGridWidth / gridColumns, MaximumGridHeight / gridRows);
        int plotWidth = (int)Math.Round(cell * gridColumns) + 220, plotHeight = Math.Max(MinimumGridHeight, (int)Math.Round(cell * gridRows) + 130);
        plot.Axes.SquareUnits();
        return Save(plot, path, formats, plotWidth, plotHeight);
    }
}
