using Engram.Data;
using ScottPlot;

namespace Engram.Reports;

/// <summary>Plot pieces shared by the continual-learning reports (scatter by group, log–log lines, number formats).</summary>
internal static class ContinualFigures
{
    /// <summary>Colour of cluster members (by cluster index) and of outliers (index −1).</summary>
    public static Color GroupColor(int group) =>
        group < 0 ? FigureStyle.Palette[1] : FigureStyle.Palette[ClusterPalette[group % ClusterPalette.Length]];

    // The palette without its vermillion, which marks outliers.
    static readonly int[] ClusterPalette = [0, 2, 3, 4, 5, 6];

    /// <summary>Name of a group for legends.</summary>
    public static string GroupName(int group, bool several) => group < 0 ? "outlier" : several ? $"cluster {group}" : "cluster";

    /// <summary>Markers only (no connecting line).</summary>
    public static ScottPlot.Plottables.Scatter Points(Plot plot, double[] x, double[] y, string label, Color color, float size = FigureStyle.MarkerSize)
    {
        var s = plot.Add.ScatterPoints(x, y, color);
        s.MarkerSize = size;
        s.LegendText = label;
        return s;
    }

    /// <summary>A line with markers.</summary>
    public static ScottPlot.Plottables.Scatter Line(Plot plot, double[] x, double[] y, string label, Color? color = null, LinePattern? pattern = null)
    {
        var s = plot.Add.Scatter(x, y, color);
        s.LegendText = label;
        s.LineWidth = FigureStyle.LineWidth;
        s.MarkerSize = FigureStyle.MarkerSize;
        if (pattern is { } p) s.LinePattern = p;
        return s;
    }

    /// <summary>Scatter of y against x split by group label, one colour and legend entry per group.</summary>
    public static void ScatterByGroup(Plot plot, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int>? groups, float size = 5)
    {
        if (groups is null)
        {
            Points(plot, x.ToArray(), y.ToArray(), "pattern", FigureStyle.Palette[0], size);
            return;
        }
        bool several = groups.Where(g => g >= 0).Distinct().Count() > 1;
        foreach (int g in groups.Distinct().OrderBy(g => g < 0 ? int.MaxValue : g))
        {
            int[] idx = Enumerable.Range(0, groups.Count).Where(i => groups[i] == g).ToArray();
            Points(plot, idx.Select(i => x[i]).ToArray(), idx.Select(i => y[i]).ToArray(), GroupName(g, several), GroupColor(g), size);
        }
    }

    /// <summary>Number for tables: 6 significant digits, invariant culture.</summary>
    public static string Number(double? v) => v is { } x ? x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : "—";

    /// <summary>"mean ± se" with 4 significant digits each.</summary>
    public static string MeanSe(double? mean, double? se) =>
        mean is { } m ? se is { } s ? $"{m:G4} ± {s:G2}" : $"{m:G4}" : "—";

    /// <summary>Writes a jagged float64 matrix (rows of equal length) as <paramref name="name"/>.npy in <paramref name="folder"/>.</summary>
    public static void WriteArray(string folder, string name, double[][] rows)
    {
        int cols = rows.Length == 0 ? 0 : rows[0].Length;
        var flat = new double[rows.Length * cols];
        for (int i = 0; i < rows.Length; i++) rows[i].CopyTo(flat, i * cols);
        AtomicFile.Write(Path.Combine(folder, name + ".npy"), tmp => Engram.Data.Npy.Write(tmp, flat, rows.Length, cols));
    }

    /// <summary>Writes a float64 vector as <paramref name="name"/>.npy in <paramref name="folder"/>.</summary>
    public static void WriteArray(string folder, string name, double[] values) =>
        AtomicFile.Write(Path.Combine(folder, name + ".npy"), tmp => Engram.Data.Npy.Write(tmp, values));

    /// <summary>Writes the JSON result and returns its text.</summary>
    public static string WriteJson<T>(string folder, T result)
    {
        Directory.CreateDirectory(folder);
        string json = JsonResult.ToJson(result);
        AtomicFile.WriteAllText(Path.Combine(folder, "result.json"), json);
        return json;
    }
}
