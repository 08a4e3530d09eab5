using ScottPlot;

namespace Engram.Reports;

/// <summary>
/// The one look of every Engram figure: font, sizes, line widths, a colour-blind-safe palette, colour maps, legend
/// placement and the pixel scale of PNGs. Figures start from <see cref="NewPlot"/>; series take their colours from
/// <see cref="Colour"/>; legends go where <see cref="ShowLegend"/> puts them (outside the data, so they cover nothing).
/// </summary>
public static class FigureStyle
{
    /// <summary>The font of every label (fonts-dejavu-core on Debian; SkiaSharp finds it under /usr/share/fonts).</summary>
    public const string Font = "DejaVu Sans";

    /// <summary>Title size in layout points.</summary>
    public const float TitleSize = 17;

    /// <summary>Axis label size.</summary>
    public const float LabelSize = 15;

    /// <summary>Tick label size.</summary>
    public const float TickSize = 13;

    /// <summary>Legend text size.</summary>
    public const float LegendSize = 13;

    /// <summary>Size of numbers written into cells and of annotations.</summary>
    public const float AnnotationSize = 12;

    /// <summary>Width of data lines.</summary>
    public const float LineWidth = 2;

    /// <summary>Width of reference lines (marks, boundaries) and error bars.</summary>
    public const float ThinLineWidth = 1.5f;

    /// <summary>Marker size of data points.</summary>
    public const float MarkerSize = 7;

    /// <summary>Layout width of a figure (PNG pixels = layout × <see cref="PixelScale"/>; SVG units = layout).</summary>
    public const int Width = 900;

    /// <summary>Layout height of a figure.</summary>
    public const int Height = 600;

    /// <summary>PNG pixels per layout unit: a 900 × 600 figure is a 1800 × 1200 PNG, sharp on a projector and on a retina screen.</summary>
    public const float PixelScale = 2;

    /// <summary>
    /// Okabe &amp; Ito (2008), "Color Universal Design": eight colours told apart under the common colour-vision
    /// deficiencies (and in greyscale by lightness for the first four), in the order series take them.
    /// </summary>
    public static IReadOnlyList<Color> Palette { get; } =
    [
        Color.FromHex("#0072B2"), // blue
        Color.FromHex("#D55E00"), // vermillion
        Color.FromHex("#009E73"), // bluish green
        Color.FromHex("#E69F00"), // orange
        Color.FromHex("#56B4E9"), // sky blue
        Color.FromHex("#CC79A7"), // reddish purple
        Color.FromHex("#000000"), // black
        Color.FromHex("#F0E442"), // yellow (last: faint on white)
    ];

    /// <summary>
    /// Colours for more than eight categories (e.g. 28 object categories): Paul Tol's "muted" and "light" sets, 18
    /// colours that stay distinct for most readers; beyond those, shapes or labels must carry the category.
    /// </summary>
    static readonly Color[] ManyColours =
    [
        .. new[]
        { "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
                   "#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#BBCC33", "#AAAA00", "#DDDDDD", "#000000" }
            .Select(Color.FromHex),
    ];

    /// <summary>The colour of series (or category) <paramref name="index"/>: the palette for up to eight, then the larger set.</summary>
    public static Color Colour(int index, int count = 8) =>
        count <= Palette.Count ? Palette[((index % Palette.Count) + Palette.Count) % Palette.Count] : ManyColours[((index % ManyColours.Length) + ManyColours.Length) % ManyColours.Length];

    /// <summary>Grey for "no category" and for reference data drawn behind the series.</summary>
    public static Color Neutral { get; } = Color.FromHex("#999999");

    /// <summary>The colour map of quantities (matrices, plans): viridis, perceptually uniform and readable with colour-vision deficiencies and in greyscale.</summary>
    public static IColormap Sequential() => new ScottPlot.Colormaps.Viridis();

    /// <summary>The colour map of images: grey levels, black = 0.</summary>
    public static IColormap Images() => new ScottPlot.Colormaps.Grayscale();

    /// <summary>A plot in the house style with a title and axis labels (give units in the labels, e.g. "time (sweeps)").</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        foreach (IAxis axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left, plot.Axes.Right, plot.Axes.Top })
        {
            axis.TickLabelStyle.FontSize = TickSize;
            axis.Label.Bold = false;
        }
        plot.Axes.Title.Label.Bold = true;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        plot.Grid.MinorLineColor = Colors.Transparent;
        plot.Legend.FontSize = LegendSize;
        plot.Legend.FontName = Font;
        return plot;
    }

    /// <summary>
    /// The legend below the data area, so that it never covers a point, and only when it has something to tell: a plot
    /// with a single entry names it in the title or the axis instead.
    /// </summary>
    public static void ShowLegend(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        int entries = plot.Legend.ManualItems.Count + plot.GetPlottables().Sum(p => p.LegendItems.Count(i => !string.IsNullOrEmpty(i.LabelText)));
        if (entries < 2)
        {
            plot.HideLegend();   // ScottPlot shows a legend by itself once a plottable is named
            return;
        }
        plot.ShowLegend(Edge.Bottom);
    }
}
