namespace Engram.Data;

/// <summary>Labelled grey-level images, pixels scaled to [0, 1].</summary>
/// <param name="Pixels">Count × Height × Width values in [0, 1], image after image, rows top to bottom.</param>
/// <param name="Labels">The class of each image.</param>
/// <param name="Height">Rows per image.</param>
/// <param name="Width">Columns per image.</param>
public sealed record ImageSet(float[] Pixels, int[] Labels, int Height, int Width)
{
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Pixels per image.</summary>
    public int PixelsPerImage => Height * Width;

    /// <summary>The images whose indices are <paramref name="indices"/>, in that order.</summary>
    public ImageSet Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int size = PixelsPerImage;
        var pixels = new float[indices.Count * size];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Array.Copy(Pixels, (long)indices[i] * size, pixels, (long)i * size, size);
            labels[i] = Labels[indices[i]];
        }
        return new ImageSet(pixels, labels, Height, Width);
    }

    /// <summary>A copy with every pixel set to 1 where it is ≥ <paramref name="threshold"/> and to 0 elsewhere.</summary>
    public ImageSet Binarized(float threshold = 0.5f) =>
        this with { Pixels = Array.ConvertAll(Pixels, v => v >= threshold ? 1f : 0f) };
}
