namespace Engram.Reports;

/// <summary>The files each figure is written as: PNG (for pages and slides), SVG (vector, for papers), or both.</summary>
[Flags]
public enum FigureFormats
{
    /// <summary>A PNG at slide resolution.</summary>
    Png = 1,

    /// <summary>An SVG from ScottPlot: vector shapes, text kept as text.</summary>
    Svg = 2,
}
