namespace Engram.Data;

/// <summary>
/// The UCI handwritten digits (Alpaydin &amp; Kaynak 1998): 1 797 images of 8 × 8 pixels, each pixel the count 0–16
/// of ink in a 4 × 4 block of a 32 × 32 bitmap, labels 0–9; bundled in <c>data/uci-digits/</c> as
/// <c>images.npy</c> (1797 × 8 × 8) and <c>labels.npy</c> (1797), from the copy Debian's <c>python3-sklearn</c>
/// ships (see data/README.md). The closest available stand-in for the MNIST digits of Nagano, Karakida &amp; Okada.
/// </summary>
public static class UciDigits
{
    /// <summary>The bundled folder under the repository's data folder.</summary>
    public const string BundledFolder = "uci-digits";

    /// <summary>The largest pixel value: grey levels are value / 16.</summary>
    public const int MaxValue = 16;

    /// <summary>
    /// The training and test images of <paramref name="folder"/> (default: the bundled copy), grey levels scaled to
    /// [0, 1]. The set has no official split; within each class, in file order, every fifth image (the 5th, 10th, …)
    /// is a test image and the rest are training images, so both halves hold every class in the same proportion
    /// (1 442 training and 355 test images). At most <paramref name="maxTrain"/> training images (the first ones).
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">The files are not the digits: wrong shapes, values or labels.</exception>
    public static (ImageSet Train, ImageSet Test) Load(string? folder = null, int maxTrain = int.MaxValue)
    {
        string images = folder is null ? BundledData.PathOf($"{BundledFolder}/images.npy") : Path.Combine(folder, "images.npy");
        string labels = folder is null ? BundledData.PathOf($"{BundledFolder}/labels.npy") : Path.Combine(folder, "labels.npy");
        NpyArray x = Npy.Read(images), y = Npy.Read(labels);
        if (x.Rank != 3 || x.Shape[1] != 8 || x.Shape[2] != 8) throw new InvalidDataException($"'{images}' has shape ({string.Join(", ", x.Shape)}); the digits are (count, 8, 8).");
        if (y.Rank != 1 || y.Shape[0] != x.Shape[0]) throw new InvalidDataException($"'{labels}' has shape ({string.Join(", ", y.Shape)}); it needs one label per image ({x.Shape[0]}).");
        if (x.Values.Any(v => v < 0 || v > MaxValue || v != Math.Floor(v))) throw new InvalidDataException($"'{images}' holds values outside the integers 0–{MaxValue}.");
        if (y.Values.Any(v => v < 0 || v > 9 || v != Math.Floor(v))) throw new InvalidDataException($"'{labels}' holds labels outside 0–9.");
        var pixels = Array.ConvertAll(x.Values, v => (float)(v / MaxValue));
        var all = new ImageSet(pixels, Array.ConvertAll(y.Values, v => (int)v), 8, 8);
        var seen = new int[10];
        var train = new List<int>();
        var test = new List<int>();
        for (int i = 0; i < all.Count; i++)
            (++seen[all.Labels[i]] % 5 == 0 ? test : train).Add(i);
        return (all.Select(train.Take(maxTrain).ToArray()), all.Select(test));
    }
}
