using System.CommandLine;
using System.Globalization;
using Engram.Data;

namespace Engram.Cli.Vae;

/// <summary>Options shared by the <c>engram vae</c> verbs.</summary>
internal static class VaeOptions
{
    public static Option<DirectoryInfo?> Data() => new("--data")
    {
        Description = $"folder with the four Fashion-MNIST .gz IDX files (default: {FashionMnist.DebianFolder}, else shared/data/fashion-mnist beside the repository; data/{FashionMnist.BundledSubset} is a bundled 600 + 200 image subset)",
    };

    public static Option<DirectoryInfo?> Model(string description) => new("--model") { Description = description };

    public static Option<int> TrainImages() => CommonOptions.IntAtLeast("--train-images", "use at most this many training images (default all)", int.MaxValue);

    public static Option<int> Threads() => CommonOptions.IntAtLeast("--threads", "libtorch threads (results are bit-identical for the same count; 1 is fastest for these sizes)", 1);

    /// <summary>Noise levels, a comma list of numbers in [0, 1].</summary>
    public static Option<double[]> Levels(string defaultValue) => new("--noise")
    {
        Description = $"noise levels in [0, 1], a comma list (default {defaultValue})",
        DefaultValueFactory = _ => CommonOptions.ParseGrid(defaultValue)!,
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            double[]? v = CommonOptions.ParseGrid(s);
            if (v is null || v.Any(x => x < 0 || x > 1)) { r.AddError($"--noise: '{s}' must be noise levels in [0, 1], e.g. 0,0.3,0.6"); return []; }
            return v;
        },
    };

    /// <summary>A comma list of whole numbers ≥ <paramref name="min"/>.</summary>
    public static Option<int[]> Ints(string name, string description, string defaultValue, int min) => new(name)
    {
        Description = $"{description}, a comma list (default {defaultValue})",
        DefaultValueFactory = _ => ParseInts(defaultValue, min)!,
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            int[]? v = ParseInts(s, min);
            if (v is null) { r.AddError($"{name}: '{s}' must be a comma list of whole numbers ≥ {min}"); return []; }
            return v;
        },
    };

    static int[]? ParseInts(string s, int min)
    {
        var values = new List<int>();
        foreach (string part in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min) return null;
            values.Add(v);
        }
        return values.Count == 0 ? null : values.ToArray();
    }

    /// <summary>Training and test images from <c>--data</c> (or the default places), at most <paramref name="maxTrain"/> training images.</summary>
    public static (ImageSet Train, ImageSet Test, string Folder) Load(DirectoryInfo? data, int maxTrain)
    {
        string folder = FashionMnist.Locate(data?.FullName);
        return (FashionMnist.Load(folder, test: false, maxTrain), FashionMnist.Load(folder, test: true), folder);
    }
}
