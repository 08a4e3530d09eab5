namespace Engram.Data;

/// <summary>
/// Zalando's Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017, MIT licence): 60 000 training and 10 000 test images of
/// 28 × 28 grey levels in 10 classes, as the four gzip IDX files of the original distribution. Found in a folder the
/// caller names, else where Debian's <c>dataset-fashion-mnist</c> package puts it, else in the further folders the
/// caller lists. A 600 + 200 image subset is bundled in <c>data/fashion-mnist-small</c>.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The one command that installs the data set on Debian.</summary>
    public const string InstallCommand = "apt-get install -y dataset-fashion-mnist";

    /// <summary>The bundled subset's folder under the repository's data folder.</summary>
    public const string BundledSubset = "fashion-mnist-small";

    /// <summary>The ten class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// A coarser grouping of the classes for measuring abstraction: 0 = upper-body garments (T-shirt, pullover,
    /// coat, shirt), 1 = footwear (sandal, sneaker, ankle boot), 2 = the rest (trouser, dress, bag).
    /// </summary>
    public static IReadOnlyList<int> Superclass { get; } = [0, 2, 0, 2, 0, 1, 0, 1, 2, 1];

    /// <summary>Names of the <see cref="Superclass"/> groups.</summary>
    public static IReadOnlyList<string> SuperclassNames { get; } = ["tops", "footwear", "other"];

    static readonly string[] Files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];

    /// <summary>
    /// The folder holding the four files: <paramref name="folder"/> when given, else <see cref="DebianFolder"/>, else the
    /// first of <paramref name="fallbacks"/> that holds them.
    /// </summary>
    /// <exception cref="FileNotFoundException">Not found; the message lists where it looked and how to install it.</exception>
    public static string Locate(string? folder = null, IReadOnlyList<string>? fallbacks = null)
    {
        if (folder is not null)
        {
            string? missing = Files.FirstOrDefault(f => !File.Exists(Path.Combine(folder, f)));
            if (missing is null) return Path.GetFullPath(folder);
            throw new FileNotFoundException($"the Fashion-MNIST folder '{folder}' has no {missing}; it needs {string.Join(", ", Files)} (install them with: {InstallCommand}).", Path.Combine(folder, missing));
        }
        var candidates = new List<string> { DebianFolder };
        candidates.AddRange(fallbacks ?? []);
        foreach (string candidate in candidates)
            if (Files.All(f => File.Exists(Path.Combine(candidate, f)))) return candidate;
        throw new FileNotFoundException($"Fashion-MNIST was not found in {string.Join(" or ", candidates)}; install it with: {InstallCommand}");
    }

    /// <summary>Reads the training (<paramref name="test"/> false) or test images of the folder, at most <paramref name="maxImages"/>.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt, or images and labels disagree.</exception>
    public static ImageSet Load(string folder, bool test, int maxImages = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string prefix = test ? "t10k" : "train";
        string imagePath = Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz");
        string labelPath = Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz");
        IdxFile.Array images = IdxFile.Read(imagePath, maxImages);
        IdxFile.Array labels = IdxFile.Read(labelPath, maxImages);
        if (images.Shape.Length != 3) throw new InvalidDataException($"the IDX file '{imagePath}' has {images.Shape.Length} dimensions; images need 3 (count, rows, columns).");
        if (labels.Shape.Length != 1) throw new InvalidDataException($"the IDX file '{labelPath}' has {labels.Shape.Length} dimensions; labels need 1.");
        if (labels.Shape[0] != images.Shape[0]) throw new InvalidDataException($"'{imagePath}' holds {images.Shape[0]} images but '{labelPath}' {labels.Shape[0]} labels.");
        int bad = Array.FindIndex(labels.Values, l => l >= ClassNames.Count);
        if (bad >= 0) throw new InvalidDataException($"the IDX file '{labelPath}' has label {labels.Values[bad]} at item {bad}; Fashion-MNIST labels are 0–9.");
        var pixels = new float[images.Values.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = images.Values[i] / 255f;
        return new ImageSet(pixels, labels.Values.Select(l => (int)l).ToArray(), images.Shape[1], images.Shape[2]);
    }
}
