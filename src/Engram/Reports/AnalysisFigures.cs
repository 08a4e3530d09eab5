using Engram.Population;
using Engram.Data;
using ScottPlot;

namespace Engram.Reports;

/// <summary>
/// The figures of an analysis of K representations (GWTune's): matrices and plans with category boundaries and names,
/// overlaid dissimilarity histograms, the aligned embeddings in 2-D and as a rotating 3-D set, and named K × K heatmaps.
/// </summary>
public static class AnalysisFigures
{
    static readonly MarkerShape[] Shapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown,
         MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.Cross, MarkerShape.Eks, MarkerShape.Asterisk];

    /// <summary>Items in display order (grouped by primary category, stable within a group) and the category blocks as (start, end, name).</summary>
    public static (int[] Order, IReadOnlyList<(int Start, int End, string Name)> Blocks) CategoryOrder(int n, CategoryTable? categories)
    {
        if (categories is null) return (Enumerable.Range(0, n).ToArray(), []);
        int[] labels = categories.PrimaryCategory();
        int[] order = Enumerable.Range(0, n).OrderBy(i => labels[i] < 0 ? int.MaxValue : labels[i]).ThenBy(i => i).ToArray();
        var blocks = new List<(int, int, string)>();
        for (int start = 0; start < n;)
        {
            int label = labels[order[start]], end = start;
            while (end < n && labels[order[end]] == label) end++;
            blocks.Add((start, end, label < 0 ? "none" : categories.Categories[label]));
            start = end;
        }
        return (order, blocks);
    }

    /// <summary>
    /// A heatmap of <paramref name="matrix"/> with rows in <paramref name="rowOrder"/> and columns in <paramref name="columnOrder"/>,
    /// displayed row r at y = r (as <see cref="Figures.Heatmap"/>: a matched plan is a rising diagonal), category boundaries
    /// as white lines and category names at the block centres.
    /// </summary>
    public static string CategoryHeatmap(string path, FigureFormats formats, double[,] matrix, int[] rowOrder, int[] columnOrder,
        IReadOnlyList<(int Start, int End, string Name)> rowBlocks, IReadOnlyList<(int Start, int End, string Name)> columnBlocks,
        string title, string xLabel, string yLabel, string colorBarLabel, string? cellFormat = null)
    {
        var (plot, width, height) = CategoryHeatmapPlot(matrix, rowOrder, columnOrder, rowBlocks, columnBlocks, title, xLabel, yLabel, colorBarLabel, cellFormat);
        return Figures.Save(plot, path, formats, width, height);
    }

    /// <summary>The plot <see cref="CategoryHeatmap"/> saves, with its size (for callers that render it themselves, e.g. the dashboard).</summary>
    public static (Plot Plot, int Width, int Height) CategoryHeatmapPlot(double[,] matrix, int[] rowOrder, int[] columnOrder,
        IReadOnlyList<(int Start, int End, string Name)> rowBlocks, IReadOnlyList<(int Start, int End, string Name)> columnBlocks,
        string title, string xLabel, string yLabel, string colorBarLabel, string? cellFormat = null)
    {
        int rows = rowOrder.Length, columns = columnOrder.Length;
        var data = new double[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) data[r, c] = matrix[rowOrder[r], columnOrder[c]];
        static IReadOnlyList<Figures.Block>? Blocks(IReadOnlyList<(int Start, int End, string Name)> blocks) =>
            blocks.Count == 0 ? null : [.. blocks.Select(b => new Figures.Block(b.Start, b.End, b.Name))];
        return Figures.HeatmapPlot(data, title, xLabel, yLabel, colorBarLabel,
            rowBlocks: Blocks(rowBlocks), columnBlocks: Blocks(columnBlocks), cellFormat: cellFormat);
    }

    /// <summary>
    /// A K × K table of one measure as annotated tiles: the representations' names on both axes, each value written in its
    /// cell, the diagonal (no pair) blank, a colour bar with the measure's name and unit. Null for K &lt; 3: one pair is a
    /// number, shown in the page's table, not a colour field.
    /// </summary>
    public static string? NamedMatrix(string path, FigureFormats formats, double?[,] values, IReadOnlyList<string> names, string title, string format)
    {
        int k = names.Count;
        if (k < 3) return null;
        var data = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) data[i, j] = values[i, j] ?? double.NaN;
        // Row i of the table is drawn on top for i = 0, as a table reads: flip the rows and name them from the bottom.
        var flipped = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) flipped[i, j] = data[k - 1 - i, j];
        return Figures.Heatmap(path, formats, flipped, title, "representation", "representation", title,
            columnNames: [.. names], rowNames: [.. names.Reverse()], cellFormat: format);
    }

    /// <summary>The off-diagonal dissimilarities of every representation as overlaid density histograms (40 bins over the common range).</summary>
    public static string Histograms(string path, FigureFormats formats, IReadOnlyList<(string Name, double[] Values)> series)
    {
        double low = series.Min(s => s.Values.Min()), high = series.Max(s => s.Values.Max());
        if (!(high > low)) high = low + 1;
        const int bins = 40;
        double width = (high - low) / bins;
        Plot plot = Figures.NewPlot("Dissimilarities of every representation", "dissimilarity (input units)", "density (per unit of dissimilarity)");
        int index = 0;
        foreach (var (name, values) in series)
        {
            var counts = new double[bins];
            foreach (double v in values) counts[Math.Clamp((int)((v - low) / width), 0, bins - 1)]++;
            double[] xs = Enumerable.Range(0, bins).Select(b => low + (b + 0.5) * width).ToArray();
            double[] ys = counts.Select(c => c / (values.Length * width)).ToArray();
            var line = plot.Add.Scatter(xs, ys, FigureStyle.Colour(index++, series.Count));
            line.LegendText = name;
            line.MarkerSize = 0;
            line.LineWidth = FigureStyle.LineWidth;
        }
        FigureStyle.ShowLegend(plot);
        return Figures.Save(plot, path, formats);
    }

    /// <summary>
    /// The aligned embeddings (all in one frame) projected on the first two principal axes of their union: one marker
    /// shape per representation, one colour per category (or per representation without categories).
    /// </summary>
    public static string Embedding2D(string path, FigureFormats formats, IReadOnlyList<string> names, IReadOnlyList<double[,]> aligned, CategoryTable? categories)
    {
        double[][,] scores = Project(aligned, 2);
        Plot plot = Figures.NewPlot("Aligned embeddings (PCA of the barycenter frame)", "PC 1", "PC 2");
        DrawPoints(plot, names, scores, categories, (s, i) => (s[i, 0], s[i, 1]));
        FigureStyle.ShowLegend(plot);
        return Figures.Save(plot, path, formats, 1000, 760);
    }

    /// <summary>
    /// The aligned embeddings on their first three principal axes, seen from <paramref name="frames"/> angles around the
    /// vertical axis (orthographic projection): a set of PNGs the report page turns into a rotating view. Returns the paths.
    /// </summary>
    public static IReadOnlyList<string> Embedding3DFrames(string directory, FigureFormats formats, IReadOnlyList<string> names, IReadOnlyList<double[,]> aligned,
        CategoryTable? categories, int frames = 12)
    {
        double[][,] scores = Project(aligned, 3);
        var paths = new List<string>();
        for (int f = 0; f < frames; f++)
        {
            double angle = 2 * Math.PI * f / frames, cos = Math.Cos(angle), sin = Math.Sin(angle);
            Plot plot = Figures.NewPlot($"Aligned embeddings in 3-D, view {f * 360 / frames}°", "PC 1 cos θ + PC 3 sin θ", "PC 2");
            DrawPoints(plot, names, scores, categories, (s, i) => (s[i, 0] * cos + s[i, 2] * sin, s[i, 1]));
            FigureStyle.ShowLegend(plot);
            paths.Add(Figures.Save(plot, Path.Combine(directory, $"embedding_3d_{f:D2}.png"), formats, 900, 640));
        }
        return paths;
    }

    static double[][,] Project(IReadOnlyList<double[,]> aligned, int components)
    {
        int n = aligned[0].GetLength(0), d = aligned[0].GetLength(1);
        var stacked = new double[aligned.Count * n, d];
        for (int k = 0; k < aligned.Count; k++)
            for (int i = 0; i < n; i++)
                for (int c = 0; c < d; c++) stacked[k * n + i, c] = aligned[k][i, c];
        int kept = Math.Min(components, d);
        PcaResult pca = PrincipalComponents.Fit(stacked, kept);
        var result = new double[aligned.Count][,];
        for (int k = 0; k < aligned.Count; k++)
        {
            result[k] = new double[n, components];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < kept; c++) result[k][i, c] = pca.Scores[k * n + i, c];
        }
        return result;
    }

    /// <summary>
    /// One marker shape per representation, one colour per category (or per representation without categories); the legend
    /// names the representations by shape and, for up to 18 categories, the categories by colour.
    /// </summary>
    static void DrawPoints(Plot plot, IReadOnlyList<string> names, double[][,] scores, CategoryTable? categories, Func<double[,], int, (double X, double Y)> at)
    {
        int[]? labels = categories?.PrimaryCategory();
        int categoryCount = categories?.CategoryCount ?? scores.Length;
        for (int k = 0; k < scores.Length; k++)
        {
            int n = scores[k].GetLength(0);
            foreach (var group in Enumerable.Range(0, n).GroupBy(i => labels is null ? k : labels[i]))
            {
                double[] xs = group.Select(i => at(scores[k], i).X).ToArray(), ys = group.Select(i => at(scores[k], i).Y).ToArray();
                Color colour = group.Key < 0 ? FigureStyle.Neutral : FigureStyle.Colour(group.Key, categoryCount);
                plot.Add.Markers(xs, ys, Shapes[k % Shapes.Length], FigureStyle.MarkerSize, colour);
            }
        }
        for (int k = 0; k < names.Count; k++)
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = names[k], MarkerShape = Shapes[k % Shapes.Length], MarkerSize = FigureStyle.MarkerSize + 2,
                MarkerFillColor = labels is null ? FigureStyle.Colour(k, categoryCount) : Colors.Black,
                MarkerLineColor = labels is null ? FigureStyle.Colour(k, categoryCount) : Colors.Black,
            });
        if (categories is not null && categories.CategoryCount <= 18)
            for (int c = 0; c < categories.CategoryCount; c++)
                plot.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = categories.Categories[c], MarkerShape = MarkerShape.FilledSquare, MarkerSize = FigureStyle.MarkerSize + 2,
                    MarkerFillColor = FigureStyle.Colour(c, categories.CategoryCount), MarkerLineColor = FigureStyle.Colour(c, categories.CategoryCount),
                });
    }
}
