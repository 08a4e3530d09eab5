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

    /// <summary>A comma list of whole numbers, each ≥ 1.</summary>
    public static Option<int[]> Budgets(string defaultValue) => new("--budgets")
    {
        Description = $"replay budgets K, a comma list of whole numbers ≥ 1 (default {defaultValue})",
        DefaultValueFactory = _ => ParseInts(defaultValue)!,
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            int[]? v = ParseInts(s);
            if (v is null) { r.AddError($"--budgets: '{s}' is not a comma list of whole numbers ≥ 1"); return []; }
            return v;
        },
    };

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

    static int[]? ParseInts(string s)
    {
        var values = new List<int>();
        foreach (string part in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < 1) return null;
            values.Add(v);
        }
        return values.Count == 0 ? null : values.ToArray();
    }

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

    /// <summary>
    /// The common end of every continual verb: write the report folder when --out was given, then either the JSON
    /// object alone (--json) or the human summary followed by where the report is. Returns exit code 0.
    /// </summary>
    public static int Finish<T>(ParseResult parse, VerbContext context, Option<DirectoryInfo?> output, T result,
        Action<string, T, string> writeReport, Action<TextWriter> summary)
    {
        DirectoryInfo? folder = parse.GetValue(output);
        if (folder is not null) writeReport(folder.FullName, result, CommandLine(parse));
        if (context.Json)
        {
            context.Output.WriteLine(Engram.Reports.JsonResult.ToJson(result));
            return 0;
        }
        summary(context.Output);
        if (folder is not null) context.Output.WriteLine($"report: {Path.Combine(folder.FullName, "index.html")}");
        return 0;
    }

    /// <summary>"engram …" as typed, for the report.</summary>
    public static string CommandLine(ParseResult parse) => "engram " + string.Join(' ', parse.Tokens.Select(t => t.Value));
}
