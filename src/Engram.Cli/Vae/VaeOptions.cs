using System.CommandLine;

namespace Engram.Cli.Vae;

/// <summary>Options shared by the <c>engram vae</c> verbs.</summary>
internal static class VaeOptions
{
    public static Option<DirectoryInfo?> Model(string description) => new("--model") { Description = description };

    public static Option<int> TrainImages() => CommonOptions.IntAtLeast("--train-images", "use at most this many training images (default all)", int.MaxValue);

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
}
