using System.CommandLine;
using System.Globalization;
using Engram.Continual;

namespace Engram.Cli.Continual;

/// <summary>Options shared by the continual verbs, with parsers that reject impossible values at the command line.</summary>
internal static class ContinualOptions
{
    public static Option<double> Beta(double defaultValue) => CommonOptions.PositiveDouble("--beta", "inverse temperature β", defaultValue);

    public static Option<double> Epsilon(double defaultValue) => CommonOptions.NonNegativeDouble("--eps", "rotation size ε of the drift V = expm(εΩ)", defaultValue);

    public static Option<double?> Sigma() => new("--sigma")
    {
        Description = "use additive Gaussian drift Y = X + σN with this σ ≥ 0 instead of the rotation",
        CustomParser = r => CommonOptions.ParseDouble(r, "--sigma", v => v >= 0, "≥ 0"),
    };

    public static Option<double> Correlation(double defaultValue) =>
        CommonOptions.DoubleIn("--c", "pairwise correlation c of the cluster patterns", defaultValue, 0, 1, maxInclusive: false);

    public static Option<int> Dimension(int defaultValue) => CommonOptions.IntAtLeast("--dim", "pattern dimension d", defaultValue);

    public static Option<FileInfo?> File(string name, string description) => new(name) { Description = description };

    /// <summary>Replay budgets K, a comma list of whole numbers ≥ 1.</summary>
    public static Option<int[]> Budgets(string defaultValue) => CommonOptions.Ints("--budgets", "replay budgets K", defaultValue, 1);

    /// <summary>Clusters as size:c pairs, e.g. 20:0.3,10:0.3,5:0.3.</summary>
    public static Option<ClusterSpec[]> Clusters(string defaultValue) => new("--clusters")
    {
        Description = $"clusters of the generated memory as size:c pairs, c in [0, 1) (default {defaultValue})",
        DefaultValueFactory = _ => ParseClusters(defaultValue)!,
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            ClusterSpec[]? v = ParseClusters(s);
            if (v is null) { r.AddError($"--clusters: '{s}' is not a list of size:c pairs with size ≥ 1 and c in [0, 1), e.g. 20:0.3,10:0.3"); return []; }
            return v;
        },
    };

    static ClusterSpec[]? ParseClusters(string s)
    {
        var clusters = new List<ClusterSpec>();
        foreach (string part in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] pair = part.Split(':');
            if (pair.Length != 2
                || !int.TryParse(pair[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int size) || size < 1
                || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double c) || !(c >= 0 && c < 1))
                return null;
            clusters.Add(new ClusterSpec(size, c));
        }
        return clusters.Count == 0 ? null : clusters.ToArray();
    }
}
