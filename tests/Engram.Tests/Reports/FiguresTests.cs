using System.Globalization;
using Engram.Reports;

namespace Engram.Tests.Reports;

/// <summary>
/// Every figure kind of <see cref="Figures"/> renders as PNG and SVG from a tiny input, with its words as SVG text:
/// titles, axis labels, category names, row and column labels, colour-bar labels.
/// </summary>
public sealed class FiguresTests : IDisposable
{
    const FigureFormats Both = FigureFormats.Png | FigureFormats.Svg;
    readonly string folder = Directory.CreateTempSubdirectory("engram-figures-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string At(string name) => Path.Combine(folder, name);

    [Fact]
    public void Lines_render_in_both_formats_with_title_axis_labels_and_legend_as_text()
    {
        string png = Figures.Lines(At("lines.png"), Both, "Storage capacity", "load α = P/N", "final overlap m",
        [
            new Figures.Series("simulation", [0.1, 0.2], [0.9, 0.3], [0.05, 0.1]),
            new Figures.Series("theory", [0.1, 0.15, 0.2], [1, 0.5, 0]) { Style = Figures.SeriesStyle.Line },
        ], [(0.138, "α_c = 0.138")]);
        Assert.Equal(At("lines.png"), png);
        FigureFiles.AssertBoth(png, "Storage capacity", "load α = P/N", "final overlap m", "simulation", "theory", "α_c = 0.138");
    }

    [Fact]
    public void Log_axes_are_labelled_with_powers_of_ten()
    {
        string png = Figures.Lines(At("log.png"), Both, "error", "β", "relative error",
            [new Figures.Series("a", [0.1, 1, 10, 100], [1, 0.1, 1e-3, 1e-6])], logX: true, logY: true);
        IReadOnlyList<string> texts = FigureFiles.AssertBoth(png, "β", "relative error", "10⁻³", "10²");
        Assert.DoesNotContain("-3", texts);
    }

    [Fact]
    public void Categorical_values_are_placed_at_named_categories_not_numbers()
    {
        string png = Figures.Categorical(At("policies.png"), Both, "Forgetting by replay policy", "replay policy", ["none", "topk", "random"],
            "mean forgetting", [new Figures.CategorySeries("all images", [0.3, 0.1, 0.2], [0.02, 0.01, 0.03]), new Figures.CategorySeries("top decile", [0.4, 0.1, 0.3])]);
        IReadOnlyList<string> texts = FigureFiles.AssertBoth(png, "replay policy", "none", "topk", "random", "all images", "top decile");
        Assert.DoesNotContain("0.5", texts.Where(t => t is "0.5" or "1.5" or "2.5"));    // no numeric ticks between categories
        Assert.DoesNotContain("1", texts);
    }

    [Fact]
    public void A_heatmap_names_its_rows_and_columns_writes_small_values_and_labels_its_colour_bar()
    {
        double[,] data = { { 0.1, 0.5, double.NaN }, { 0.7, 0.9, 1.0 } };
        string png = Figures.Heatmap(At("map.png"), Both, data, "Stability", "parent–child correlation b", "children per parent", "final overlap",
            columnNames: ["0.2", "0.5", "0.8"], rowNames: ["1", "3"], cellFormat: "0.00");
        IReadOnlyList<string> texts = FigureFiles.AssertBoth(png, "Stability", "parent–child correlation b", "children per parent", "final overlap",
            "0.2", "0.8", "1", "3", "0.10", "0.90", "1.00");
        Assert.DoesNotContain("NaN", texts);
        // The colour bar has tick labels inside the finite range [0.1, 1].
        Assert.Contains(texts, t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0.1 && v < 1 && t.Length <= 4 && t is not ("0.2" or "0.5" or "0.8"));
    }

    [Fact]
    public void A_block_heatmap_names_categories_and_leaves_out_names_that_would_overlap()
    {
        var data = new double[100, 100];
        for (int i = 0; i < 100; i++) data[i, i] = 1;
        Figures.Block[] blocks = [new(0, 48, "animal"), new(48, 49, "tiny one"), new(49, 50, "tiny two"), new(50, 100, "others")];
        string png = Figures.Heatmap(At("plan.png"), Both, data, "Plan", "category of Y", "category of X", "n · T_ij", rowBlocks: blocks, columnBlocks: blocks);
        IReadOnlyList<string> texts = FigureFiles.AssertBoth(png, "animal", "others", "n · T_ij");
        Assert.True(texts.Count(t => t.StartsWith("tiny", StringComparison.Ordinal)) <= 2, "two one-item blocks side by side cannot both be named on an axis");
    }

    [Fact]
    public void A_plan_with_more_items_than_pixels_draws_the_largest_entry_of_each_block_so_a_one_cell_diagonal_stays_visible()
    {
        const int n = 1854;   // THINGS
        var plan = new double[n, n];
        for (int i = 0; i < n; i++) { plan[i, i] = 1; plan[i, (i + 7) % n] = 0.01; }
        var (plot, _, _) = Figures.HeatmapPlot(plan, "Plan", "item of Y", "item of X", "n · T_ij");
        var heatmap = plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single();
        int drawn = heatmap.Intensities.GetLength(0);
        int factor = (n + drawn - 1) / drawn;
        Assert.InRange(drawn, 200, 400);   // at most about one cell per two layout pixels
        // Every drawn cell on the diagonal holds the full peak (a strided sample would mostly miss the one-cell line) …
        for (int k = 0; k < drawn; k++) Assert.Equal(1, heatmap.Intensities[drawn - 1 - k, k]);
        // … cells far from it stay at the background, the colour bar says what a cell is, and the axes still count items.
        Assert.Equal(0, heatmap.Intensities[drawn / 2, 0]);
        Assert.Contains($"largest in each {factor} × {factor} block", plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>().Single().Label);
        Assert.Equal(n - 0.5, plot.Axes.GetLimits().Right, 6);
        // Small matrices are drawn cell for cell.
        var (small, _, _) = Figures.HeatmapPlot(new double[93, 93], "Plan", "x", "y", "n · T_ij");
        Assert.Equal(93, small.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single().Intensities.GetLength(0));
    }

    [Fact]
    public void Max_pooling_keeps_the_largest_finite_entry_of_each_block_and_the_ragged_last_blocks()
    {
        double[,] data = { { 1, 5, 2 }, { 3, double.NaN, 0 }, { -1, 4, double.NaN } };
        double[,] pooled = Figures.MaxPool(data, 2);
        Assert.Equal(new double[,] { { 5, 2 }, { 4, double.NaN } }, pooled);
    }

    [Fact]
    public void An_image_grid_has_row_and_column_labels_and_no_pixel_axes()
    {
        float[] image = [.. Enumerable.Range(0, 16).Select(i => i / 15f)];
        string png = Figures.ImageGrid(At("grid.png"), Both, [[image, image, image], [image, image, image]], 4, 4, "Samples", "model after", ["task 1", "task 2"],
            "sample", ["1", "2", "3"]);
        IReadOnlyList<string> texts = FigureFiles.AssertBoth(png, "Samples", "model after", "task 1", "task 2", "sample", "1", "2", "3");
        Assert.DoesNotContain(texts, t => int.TryParse(t, out int v) && v > 3);   // no pixel coordinates
    }

    [Fact]
    public void A_wide_image_grid_of_few_rows_is_still_a_slide_sized_png_with_square_pixels()
    {
        float[] image = [.. Enumerable.Range(0, 28 * 28).Select(i => (i % 28) / 27f)];
        string png = Figures.ImageGrid(At("wide.png"), Both, [[.. Enumerable.Repeat(image, 10)]], 28, 28, "Samples", "model after", ["task 1"],
            "sample", [.. Enumerable.Range(1, 10).Select(i => i.ToString(CultureInfo.InvariantCulture))]);
        var (width, height) = FigureFiles.PngSize(png);
        Assert.True(height >= 600 && width >= 1200, $"a one-row grid is {width} × {height} pixels");
        FigureFiles.AssertBoth(png, "task 1", "10");
    }

    [Fact]
    public void Markers_coloured_by_a_value_get_a_colour_bar_with_its_label()
    {
        var plot = Figures.NewPlot("GW loss of every trial", "ε", "GW loss");
        plot.Add.Marker(0.1, 2.0);
        Figures.ColourBar(plot, FigureStyle.Sequential(), 0, 25, "top-1 matching rate (%)");
        string png = Figures.Save(plot, At("trials.png"), Both);
        FigureFiles.AssertBoth(png, "ε", "GW loss", "top-1 matching rate (%)");
    }

    [Fact]
    public void A_format_not_asked_for_is_not_written_and_a_stale_one_is_removed()
    {
        var plot = Figures.NewPlot("t", "x", "y");
        Figures.Save(plot, At("a.png"), Both);
        Assert.Equal(At("a.svg"), Figures.Save(plot, At("a.png"), FigureFormats.Svg));
        Assert.False(File.Exists(At("a.png")));
        Assert.True(File.Exists(At("a.svg")));
        Figures.Save(plot, At("a.png"), FigureFormats.Png);
        Assert.False(File.Exists(At("a.svg")));
        Assert.Equal((FigureStyle.Width * 2, FigureStyle.Height * 2), FigureFiles.PngSize(At("a.png")));
    }

    [Fact]
    public void The_page_shows_each_figure_and_links_every_format_written()
    {
        var plot = Figures.NewPlot("t", "x", "y");
        Figures.Save(plot, At("both.png"), Both);
        Figures.Save(plot, At("svg_only.png"), FigureFormats.Svg);
        new HtmlReport("page").Figure("both.png", "two files").Figure("svg_only.png", "one file").Save(At("index.html"));
        string html = File.ReadAllText(At("index.html"));
        Assert.Contains("<img src=\"both.png\"", html);
        Assert.Contains("<a href=\"both.svg\">SVG</a>", html);
        Assert.Contains("<a href=\"both.png\">PNG</a>", html);
        Assert.Contains("<img src=\"svg_only.svg\"", html);
        Assert.DoesNotContain("svg_only.png", html);
    }

    [Fact]
    public void The_palette_is_eight_distinct_colours_and_many_categories_get_distinct_colours_too()
    {
        Assert.Equal(8, FigureStyle.Palette.Distinct().Count());
        Assert.Equal(FigureStyle.Palette[2], FigureStyle.Colour(2, 3));
        Assert.Equal(18, Enumerable.Range(0, 18).Select(i => FigureStyle.Colour(i, 28)).Distinct().Count());
    }

    [Fact]
    public void One_pair_is_a_number_in_the_table_not_a_two_by_two_colour_field()
    {
        double?[,] values = { { null, 1.5 }, { 1.5, null } };
        Assert.Null(AnalysisFigures.NamedMatrix(At("m2.png"), Both, values, ["a", "b"], "GW loss", "F2"));
        double?[,] three = { { null, 1.5, 2 }, { 1.5, null, 3 }, { 2, 3, null } };
        string png = AnalysisFigures.NamedMatrix(At("m3.png"), Both, three, ["a", "b", "c"], "GW loss", "F2")!;
        FigureFiles.AssertBoth(png, "a", "b", "c", "1.50", "3.00", "GW loss");
    }

    [Fact]
    public void Powers_of_ten_are_written_with_superscripts() =>
        Assert.Equal(["10⁻¹²", "10⁰", "10³"], new[] { -12.0, 0, 3 }.Select(Figures.PowerOfTen));
}
