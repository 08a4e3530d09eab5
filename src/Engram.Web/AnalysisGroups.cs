using System.Text.Json;
using System.Text.RegularExpressions;
using Engram.Studies;

namespace Engram.Web;

/// <summary>One pair of an analysis as stored: its study and the two representations' names.</summary>
public sealed record AnalysisPair(string First, string Second, StudySnapshot Study);

/// <summary>An analysis (<c>engram analysis run</c>) as its studies in the storage show it.</summary>
/// <param name="Name">The analysis name.</param>
/// <param name="Representations">The representations in order of first appearance in the pairs.</param>
/// <param name="Pairs">Its pairs.</param>
public sealed record StoredAnalysis(string Name, IReadOnlyList<string> Representations, IReadOnlyList<AnalysisPair> Pairs)
{
    /// <summary>The pair of representations <paramref name="a"/> and <paramref name="b"/> (either order), or null.</summary>
    public AnalysisPair? PairOf(string a, string b) =>
        Pairs.FirstOrDefault(p => (p.First == a && p.Second == b) || (p.First == b && p.Second == a));
}

/// <summary>
/// Finds the analyses in a storage: every pair of an analysis is a <c>gw-alignment</c> study named by
/// <see cref="RepresentationAnalysis.StudyName"/> ("NAME: A vs B") whose settings name the two representations A and B.
/// Matrices come from the best trial of each pair, whose attributes hold the measures the analysis reports (GW loss,
/// top-1, category top-1, RSA).
/// </summary>
public static partial class AnalysisGroups
{
    /// <summary>The measures of the K × K tables: the attribute each is read from, its title and number format.</summary>
    public static readonly IReadOnlyList<(string Attribute, string Title, string Format)> Measures =
    [
        ("rsa_pearson", "RSA (Pearson)", "F3"),
        ("rsa_spearman", "RSA (Spearman)", "F3"),
        ("gw_loss", "GW loss", "G4"),
        ("top1", "top-1 matching rate (%)", "F1"),
        ("category_top1", "category top-1 matching rate (%)", "F1"),
    ];

    /// <summary>Every analysis in <paramref name="source"/>, by name.</summary>
    public static IReadOnlyList<StoredAnalysis> Find(StudySource source)
    {
        var pairs = new List<(string Analysis, AnalysisPair Pair)>();
        foreach (string name in source.Names())
        {
            if (!PairName().IsMatch(name)) continue;
            StudySnapshot? study = source.Load(name);
            if (study is null || StudyObjectives.GwAlignmentSettingsOf(study.Definition) is not { } settings) continue;
            string first = settings.X.Name, second = settings.Y.Name;
            string suffix = $": {first} vs {second}";
            if (!name.EndsWith(suffix, StringComparison.Ordinal)) continue;
            pairs.Add((name[..^suffix.Length], new AnalysisPair(first, second, study)));
        }
        return [.. pairs.GroupBy(p => p.Analysis, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var order = new List<string>();
            foreach (var (_, pair) in g)
            {
                if (!order.Contains(pair.First)) order.Add(pair.First);
                if (!order.Contains(pair.Second)) order.Add(pair.Second);
            }
            return new StoredAnalysis(g.Key, order, [.. g.Select(p => p.Pair)]);
        })];
    }

    /// <summary>The analysis named <paramref name="name"/>, or null.</summary>
    public static StoredAnalysis? Find(StudySource source, string name) => Find(source).FirstOrDefault(a => a.Name == name);

    [GeneratedRegex("^.+: .+ vs .+$", RegexOptions.Singleline)]
    private static partial Regex PairName();
}
