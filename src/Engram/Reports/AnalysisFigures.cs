using Engram.Analysis;
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
    public static string CategoryHeatmap(string path, double[,] matrix, int[] rowOrder, int[] columnOrder,
        IReadOnlyList<(int Start, int End, string Name)> rowBlocks, IReadOnlyList<(int Start, int End, string Name)> columnBlocks,
        string title, string xLabel, string yLabel, string colorBarLabel)
    {
        int rows = rowOrder.Length, columns = columnOrder.Length;
        var data = new double[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) data[rows - 1 - r, c] = matrix[rowOrder[r], columnOrder[c]];
        Plot plot = Figures.NewPlot(title, xLabel, yLabel);
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap).Label = colorBarLabel;
        // ScottPlot puts data[0, *] at the top, at y = rows − 1: the rows were reversed above so that row r sits at y = r.
        foreach (var (start, _, _) in columnBlocks.Skip(1)) plot.Add.VerticalLine(start - 0.5, 1, Colors.White);
        foreach (var (start, _, _) in rowBlocks.Skip(1)) plot.Add.HorizontalLine(start - 0.5, 1, Colors.White);
        if (columnBlocks.Count > 0)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                columnBlocks.Select(b => (b.Start + b.End - 1) / 2.0).ToArray(), columnBlocks.Select(b => b.Name).ToArray());
            plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
            plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleLeft;
        }
        if (rowBlocks.Count > 0)
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                rowBlocks.Select(b => (b.Start + b.End - 1) / 2.0).ToArray(), rowBlocks.Select(b => b.Name).ToArray());
        plot.Axes.Margins(0, 0);
        return Figures.Save(plot, path, 900, 800);
    }

    /// <summary>A K × K heatmap of one measure with the representations' names on both axes and the values written in the cells.</summary>
    public static string NamedMatrix(string path, double?[,] values, IReadOnlyList<string> names, string title, string format)
    {
        int k = names.Count;
        var data = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) data[i, j] = values[i, j] ?? double.NaN;
        Plot plot = Figures.NewPlot(title, "", "");
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                if (values[i, j] is double v)
                {
                    var text = plot.Add.Text(v.ToString(format, System.Globalization.CultureInfo.InvariantCulture), j, k - 1 - i);
                    text.LabelFontColor = Colors.White;
                    text.LabelBackgroundColor = Colors.Black.WithAlpha(0.5);
                    text.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
                }
        double[] ticks = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, names.ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.Select(t => k - 1 - t).ToArray(), names.ToArray());
        plot.Axes.Margins(0, 0);
        return Figures.Save(plot, path, 700, 600);
    }

    /// <summary>The off-diagonal dissimilarities of every representation as overlaid density histograms (40 bins over the common range).</summary>
    public static string Histograms(string path, IReadOnlyList<(string Name, double[] Values)> series)
    {
        double low = series.Min(s => s.Values.Min()), high = series.Max(s => s.Values.Max());
        if (!(high > low)) high = low + 1;
        const int bins = 40;
        double width = (high - low) / bins;
        Plot plot = Figures.NewPlot("Dissimilarities of every representation", "dissimilarity", "density");
        foreach (var (name, values) in series)
        {
            var counts = new double[bins];
            foreach (double v in values) counts[Math.Clamp((int)((v - low) / width), 0, bins - 1)]++;
            double[] xs = Enumerable.Range(0, bins).Select(b => low + (b + 0.5) * width).ToArray();
            double[] ys = counts.Select(c => c / (values.Length * width)).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = name;
            line.MarkerSize = 0;
            line.LineWidth = 2;
        }
        plot.ShowLegend();
        return Figures.Save(plot, path);
    }

    /// <summary>
    /// The aligned embeddings (all in one frame) projected on the first two principal axes of their union: one marker
    /// shape per representation, one colour per category (or per representation without categories).
    /// </summary>
    public static string Embedding2D(string path, IReadOnlyList<string> names, IReadOnlyList<double[,]> aligned, CategoryTable? categories)
    {
        double[][,] scores = Project(aligned, 2);
        Plot plot = Figures.NewPlot("Aligned embeddings (PCA of the barycenter frame)", "PC 1", "PC 2");
        DrawPoints(plot, names, scores, categories, (s, i) => (s[i, 0], s[i, 1]));
        plot.ShowLegend();
        return Figures.Save(plot, path, 900, 800);
    }

    /// <summary>
    /// The aligned embeddings on their first three principal axes, seen from <paramref name="frames"/> angles around the
    /// vertical axis (orthographic projection): a set of PNGs the report page turns into a rotating view. Returns the paths.
    /// </summary>
    public static IReadOnlyList<string> Embedding3DFrames(string directory, IReadOnlyList<string> names, IReadOnlyList<double[,]> aligned,
        CategoryTable? categories, int frames = 12)
    {
        double[][,] scores = Project(aligned, 3);
        var paths = new List<string>();
        for (int f = 0; f < frames; f++)
        {
            double angle = 2 * Math.PI * f / frames, cos = Math.Cos(angle), sin = Math.Sin(angle);
            Plot plot = Figures.NewPlot($"Aligned embeddings in 3-D, view {f * 360 / frames}°", "PC 1 cos θ + PC 3 sin θ", "PC 2");
            DrawPoints(plot, names, scores, categories, (s, i) => (s[i, 0] * cos + s[i, 2] * sin, s[i, 1]));
            plot.ShowLegend();
            paths.Add(Figures.Save(plot, Path.Combine(directory, $"embedding_3d_{f:D2}.png"), 700, 600));
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

    static void DrawPoints(Plot plot, IReadOnlyList<string> names, double[][,] scores, CategoryTable? categories, Func<double[,], int, (double X, double Y)> at)
    {
        var palette = new ScottPlot.Palettes.Category20();
        int[]? labels = categories?.PrimaryCategory();
        for (int k = 0; k < scores.Length; k++)
        {
            int n = scores[k].GetLength(0);
            var groups = Enumerable.Range(0, n).GroupBy(i => labels is null ? k : labels[i]);
            bool first = true;
            foreach (var group in groups)
            {
                double[] xs = group.Select(i => at(scores[k], i).X).ToArray(), ys = group.Select(i => at(scores[k], i).Y).ToArray();
                Color colour = group.Key < 0 ? Colors.Gray : palette.GetColor(group.Key % palette.Colors.Length);
                var markers = plot.Add.Markers(xs, ys, Shapes[k % Shapes.Length], 7, colour);
                if (first) markers.LegendText = names[k];
                first = false;
            }
        }
    }
}
