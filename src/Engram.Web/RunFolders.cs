using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Engram.Web;

/// <summary>One report found under the runs folder.</summary>
/// <param name="Folder">Its folder relative to the runs folder ('/'-separated; "." for the runs folder itself).</param>
/// <param name="Verb">The verb that wrote it ("align", "continual sweep", "analysis", …), read from the page title.</param>
/// <param name="Title">The page title.</param>
/// <param name="Written">When index.html was written (UTC).</param>
/// <param name="PairFolders">For an analysis: each pair's study name and the pair's folder below <paramref name="Folder"/> (its plan.npy, plan.png).</param>
public sealed record RunReport(string Folder, string Verb, string Title, DateTime Written, IReadOnlyDictionary<string, string> PairFolders);

/// <summary>
/// The <c>index.html</c> reports under a runs folder (every Engram verb writes one), found by a bounded walk and re-read at
/// most every few seconds. Only the folder's files are ever served, read-only.
/// </summary>
public sealed partial class RunFolders(string root, TimeSpan maxAge)
{
    /// <summary>How deep below the runs folder reports are looked for.</summary>
    public const int MaxDepth = 6;

    readonly Lock gate = new();
    (DateTime At, IReadOnlyList<RunReport> Reports)? cached;

    /// <summary>The runs folder (full path).</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Every report, by verb, newest first within a verb.</summary>
    public IReadOnlyList<RunReport> Reports()
    {
        lock (gate)
        {
            if (cached is { } c && DateTime.UtcNow - c.At < maxAge) return c.Reports;
            if (!Directory.Exists(Root)) throw new StorageUnavailableException($"the runs folder {Root} is gone (deleted or moved).");
            var found = new List<RunReport>();
            Walk(Root, 0, found);
            IReadOnlyList<RunReport> sorted = [.. found.OrderBy(r => r.Verb, StringComparer.Ordinal).ThenByDescending(r => r.Written).ThenBy(r => r.Folder, StringComparer.Ordinal)];
            cached = (DateTime.UtcNow, sorted);
            return sorted;
        }
    }

    /// <summary>The newest analysis report with a pair whose study is <paramref name="study"/>, or null.</summary>
    public RunReport? ReportOfStudy(string study) =>
        Reports().Where(r => r.PairFolders.ContainsKey(study)).OrderByDescending(r => r.Written).FirstOrDefault();

    void Walk(string folder, int depth, List<RunReport> found)
    {
        string index = Path.Combine(folder, "index.html");
        if (File.Exists(index) && Read(index) is { } report) found.Add(report);
        if (depth >= MaxDepth) return;
        IEnumerable<string> children;
        try { children = Directory.EnumerateDirectories(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        foreach (string child in children.Order(StringComparer.Ordinal))
            if (!Path.GetFileName(child).StartsWith('.') && !new DirectoryInfo(child).Attributes.HasFlag(FileAttributes.ReparsePoint))
                Walk(child, depth + 1, found);
    }

    RunReport? Read(string index)
    {
        try
        {
            string head = ReadStart(index, 4096);
            Match m = TitleTag().Match(head);
            string title = m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : "(no title)";
            string folder = Path.GetRelativePath(Root, Path.GetDirectoryName(index)!).Replace('\\', '/');
            return new RunReport(folder, VerbOf(title), title, File.GetLastWriteTimeUtc(index), PairsOf(Path.Combine(Path.GetDirectoryName(index)!, "result.json")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;   // a report being written or unreadable: the next walk sees it
        }
    }

    static string ReadStart(string path, int characters)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[characters];
        int read = reader.ReadBlock(buffer, 0, characters);
        return new string(buffer, 0, read);
    }

    /// <summary>The verb of a report title: "engram align: a ↔ b" → "align", "engram continual sweep" → "continual sweep", "Analysis NAME: …" → "analysis".</summary>
    public static string VerbOf(string title)
    {
        if (title.StartsWith("engram ", StringComparison.Ordinal))
        {
            string rest = title["engram ".Length..];
            int colon = rest.IndexOf(':', StringComparison.Ordinal);
            return (colon >= 0 ? rest[..colon] : rest).Trim();
        }
        if (title.StartsWith("Analysis ", StringComparison.Ordinal)) return "analysis";
        return "other";
    }

    /// <summary>
    /// An analysis's result.json: <c>pairs[]</c> with <c>study</c>, <c>first</c> and <c>second</c>; each pair's folder is named as
    /// <see cref="Engram.Studies.RepresentationAnalysis.SafeName"/> names it. Empty for other reports.
    /// </summary>
    static IReadOnlyDictionary<string, string> PairsOf(string resultJson)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(resultJson) || new FileInfo(resultJson).Length > 50_000_000) return pairs;
        try
        {
            using var stream = File.OpenRead(resultJson);
            using JsonDocument json = JsonDocument.Parse(stream);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("pairs", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
                return pairs;
            foreach (JsonElement p in list.EnumerateArray())
                if (p.ValueKind == JsonValueKind.Object && Text(p, "study") is string study && Text(p, "first") is string first && Text(p, "second") is string second)
                    pairs[study] = Engram.Studies.RepresentationAnalysis.SafeName($"{first}_vs_{second}");
        }
        catch (JsonException)
        {
            pairs.Clear();
        }
        return pairs;
    }

    static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [GeneratedRegex("<title>(.*?)</title>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TitleTag();
}
