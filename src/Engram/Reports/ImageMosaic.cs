namespace Engram.Reports;

/// <summary>Grey-level image grids (e.g. decoded images along trajectories) drawn as one heatmap.</summary>
public static class ImageMosaic
{
    /// <summary>
    /// Writes a PNG of <paramref name="rows"/> (each a list of images of <paramref name="height"/> × <paramref name="width"/>
    /// pixels in [0, 1], row-major, top row first), one grid row per list, a one-pixel gap between images.
    /// </summary>
    public static string Write(string path, IReadOnlyList<IReadOnlyList<float[]>> rows, int height, int width, string title, string xLabel, string yLabel)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var grid = new double[Math.Max(1, rows.Count * (height + 1)), Math.Max(1, columns * (width + 1))];
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < rows[r].Count; c++)
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                        // Figures.Heatmap puts data row 0 at the bottom: fill from the bottom so the first image row is on top.
                        grid[grid.GetLength(0) - 1 - (r * (height + 1) + y), c * (width + 1) + x] = rows[r][c][y * width + x];
        return Figures.Heatmap(path, grid, title, xLabel, yLabel, colormap: new ScottPlot.Colormaps.Grayscale(), size: 700);
    }
}
