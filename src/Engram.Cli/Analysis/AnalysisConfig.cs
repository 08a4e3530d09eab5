using System.Globalization;
using Engram.Alignment;
using Engram.Data;
using Engram.Studies;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Engram.Cli.Analysis;

/// <summary>A config error: one line "FILE:LINE: what is wrong; what to do".</summary>
public sealed class ConfigException(string file, long line, string message)
    : ArgumentException($"{Path.GetFileName(file)}:{line}: {message}");

/// <summary>
/// An analysis config (YAML) read and fully validated before any work starts: keys, files, item counts, category rows,
/// pairs, ε range. Relative paths are relative to the config file's folder.
/// </summary>
/// <param name="Inputs">The representations, read and validated, in the config's order, and the shared category table.</param>
/// <param name="Settings">The analysis settings (with the representations' files).</param>
/// <param name="Storage">Connection string of the storage shared by every pair's study.</param>
/// <param name="Out">Folder for the report.</param>
/// <param name="Figures">Whether to draw the figures and the HTML page (else result.json and the plans only).</param>
/// <param name="Plans">Whether to write each pair's plan as .npy.</param>
public sealed record AnalysisConfig(AnalysisInputs Inputs, RepresentationAnalysisSettings Settings, string Storage, string Out, bool Figures, bool Plans)
{
    static readonly string[] TopKeys = ["name", "seed", "storage", "out", "metric", "categories", "representations", "pairs", "search", "histogram_matching", "barycenter", "outputs"];
    static readonly string[] RepresentationKeys = ["name", "path", "kind", "key"];
    static readonly string[] SearchKeys = ["eps", "trials", "sampler", "pruner", "init", "max_iter", "tol", "loss_tol", "precision"];
    static readonly string[] BarycenterKeys = ["pivot", "max_iter"];
    static readonly string[] OutputNames = ["figures", "plans"];

    /// <summary>Reads and validates <paramref name="path"/>; throws a <see cref="ConfigException"/> (file and line) at the first problem.</summary>
    public static AnalysisConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"the config file {path} does not exist; see examples/ for one.");
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(File.ReadAllText(path));
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            // YAML indents with spaces only; the parser reports a tab at the start of the scalar before it, so name the tab's own line.
            string[] lines = File.ReadAllLines(path);
            int tab = Array.FindIndex(lines, l => l[..(l.Length - l.TrimStart().Length)].Contains('\t'));
            if (tab >= 0) throw new ConfigException(path, tab + 1, "a tab in the indentation; YAML indents with spaces only.");
            throw new ConfigException(path, e.Start.Line, $"not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ConfigException(path, 1, "the config must be a mapping of keys (name, representations, search, …); see examples/.");
        var reader2 = new Reader(path, folder);
        return reader2.Read(root);
    }

    sealed class Reader(string file, string folder)
    {
        ConfigException Error(YamlNode node, string message) => new(file, node.Start.Line, message);

        Dictionary<string, YamlNode> Keys(YamlMappingNode map, string[] allowed, string where)
        {
            var result = new Dictionary<string, YamlNode>();
            foreach (var (key, value) in map.Children)
            {
                string name = (key as YamlScalarNode)?.Value ?? throw Error(key, $"a key in {where} must be plain text.");
                if (!allowed.Contains(name)) throw Error(key, $"unknown key '{name}' in {where}; known keys: {string.Join(", ", allowed)}.");
                result[name] = value;
            }
            return result;
        }

        string Text(YamlNode node, string what) => node is YamlScalarNode { Value: { Length: > 0 } v } ? v : throw Error(node, $"{what} must be a text value.");

        double Number(YamlNode node, string what) =>
            double.TryParse(Text(node, what), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw Error(node, $"{what} must be a number; got '{Text(node, what)}'.");

        int Integer(YamlNode node, string what, int min) =>
            int.TryParse(Text(node, what), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min ? v : throw Error(node, $"{what} must be a whole number ≥ {min}; got '{Text(node, what)}'.");

        T Choice<T>(YamlNode node, string what) where T : struct, Enum =>
            Enum.TryParse(Text(node, what), true, out T v) && !int.TryParse(Text(node, what), out _) ? v
                : throw Error(node, $"{what} must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}; got '{Text(node, what)}'.");

        string ExistingFile(YamlNode node, string what)
        {
            string full = Path.GetFullPath(Path.Combine(folder, Text(node, what)));
            return File.Exists(full) ? full : throw Error(node, $"{what} {Text(node, what)} does not exist (looked for {full}).");
        }

        public AnalysisConfig Read(YamlMappingNode root)
        {
            var top = Keys(root, TopKeys, "the config");
            string name = top.TryGetValue("name", out var n) ? Text(n, "name") : Path.GetFileNameWithoutExtension(file);
            int seed = top.TryGetValue("seed", out var s) ? Integer(s, "seed", int.MinValue) : 0;
            var metric = top.TryGetValue("metric", out var m) ? Choice<DissimilarityMetric>(m, "metric") : DissimilarityMetric.Euclidean;
            CategoryTable? categories = null;
            string? categoriesPath = null;
            YamlNode? categoriesNode = top.GetValueOrDefault("categories");
            if (categoriesNode is not null)
            {
                string path = categoriesPath = ExistingFile(categoriesNode, "the category file");
                try { categories = CategoryTable.Read(path); }
                catch (InvalidDataException e) { throw Error(categoriesNode, e.Message); }
            }

            if (top.GetValueOrDefault("representations") is not YamlSequenceNode list || list.Children.Count < 2)
                throw Error(top.GetValueOrDefault("representations") ?? root, "representations must list at least two items, each with name and path.");
            var representations = new List<Representation>();
            var files = new List<RepresentationFile>();
            var nodes = new List<YamlNode>();
            foreach (YamlNode item in list.Children)
            {
                if (item is not YamlMappingNode map) throw Error(item, "each representation needs name and path (a mapping).");
                var keys = Keys(map, RepresentationKeys, "a representation");
                string repName = keys.TryGetValue("name", out var rn) ? Text(rn, "a representation's name") : throw Error(item, "this representation has no name.");
                if (representations.Any(r => r.Name == repName)) throw Error(rn, $"the name '{repName}' is used twice; give every representation its own name.");
                YamlNode pathNode = keys.GetValueOrDefault("path") ?? throw Error(item, $"representation '{repName}' has no path.");
                string path = ExistingFile(pathNode, $"the file of representation '{repName}'");
                var kind = keys.TryGetValue("kind", out var k) ? Choice<InputKind>(k, $"the kind of '{repName}'") : InputKind.Auto;
                var file = RepresentationFile.At(path, new InputSettings { Input = kind, Metric = metric }, repName, keys.TryGetValue("key", out var key) ? Text(key, "key") : null);
                try
                {
                    representations.Add(file.Load());
                    files.Add(file);
                }
                catch (Exception e) when (e is ArgumentException or InvalidDataException or FormatException or IOException or NotSupportedException)
                {
                    throw Error(pathNode, $"representation '{repName}': {e.Message.ReplaceLineEndings(" ")}");
                }
                nodes.Add(pathNode);
            }
            if (categories is not null)
                for (int i = 0; i < representations.Count; i++)
                    if (representations[i].Size != categories.ItemCount)
                        throw Error(nodes[i], $"representation '{representations[i].Name}' has {representations[i].Size} items but the category file has {categories.ItemCount} rows; they need one row per item, in the same order.");

            var pairs = top.TryGetValue("pairs", out var p) ? Pairs(p, representations) : null;

            var search = top.TryGetValue("search", out var sn) ? Keys(sn as YamlMappingNode ?? throw Error(sn, "search must be a mapping (eps, trials, …)."), SearchKeys, "search") : [];
            double low = 1, high = 10;
            if (search.TryGetValue("eps", out var eps))
            {
                if (eps is not YamlSequenceNode { Children.Count: 2 } range) throw Error(eps, "eps must be [low, high], e.g. [1, 10].");
                low = Number(range.Children[0], "the lower ε");
                high = Number(range.Children[1], "the upper ε");
                if (!(low > 0) || !(high > low)) throw Error(eps, $"the ε range [{low}, {high}] is impossible: it needs 0 < low < high (it is searched on a log scale).");
            }
            var inits = new List<InitialPlanKind>();
            if (search.TryGetValue("init", out var init))
            {
                var items = init is YamlSequenceNode seq ? seq.Children : [init];
                foreach (var i in items)
                {
                    var kind = Choice<InitialPlanKind>(i, "an initial plan");
                    if (kind == InitialPlanKind.User) throw Error(i, "the initial plan 'user' cannot be searched over; use uniform, random, diagonal or permutation.");
                    if (!inits.Contains(kind)) inits.Add(kind);
                }
            }
            else inits.Add(InitialPlanKind.Random);
            var gw = new GwSettings { Epsilon = low, LossTolerance = EpsilonSearch.DefaultLossTolerance, Gemm = CliEnvironment.GemmBackend };
            if (search.TryGetValue("max_iter", out var mi)) gw = gw with { MaxIterations = Integer(mi, "max_iter", 1) };
            if (search.TryGetValue("tol", out var tol)) gw = gw with { Tolerance = Number(tol, "tol") };
            if (search.TryGetValue("loss_tol", out var lt)) gw = gw with { LossTolerance = Number(lt, "loss_tol") };
            if (search.TryGetValue("precision", out var pr)) gw = gw with { Precision = Choice<Precision>(pr, "precision") };

            int? pivot = null;
            var barycenter = new BarycenterSettings();
            if (top.TryGetValue("barycenter", out var bn))
            {
                var b = Keys(bn as YamlMappingNode ?? throw Error(bn, "barycenter must be a mapping (pivot, max_iter)."), BarycenterKeys, "barycenter");
                YamlNode pivotNode = b.GetValueOrDefault("pivot") ?? throw Error(bn, "barycenter needs a pivot: the name of one representation.");
                pivot = IndexOf(pivotNode, representations);
                if (b.TryGetValue("max_iter", out var bi)) barycenter = barycenter with { MaxIterations = Integer(bi, "barycenter max_iter", 1) };
                int size = representations[pivot.Value].Size;
                for (int i = 0; i < representations.Count; i++)
                    if (representations[i].Size != size)
                        throw Error(nodes[i], $"representation '{representations[i].Name}' has {representations[i].Size} items but the pivot has {size}; the barycenter needs the same items everywhere.");
                if (pairs is not null)
                    for (int i = 0; i < representations.Count; i++)
                        if (i != pivot && !pairs.Any(q => (q.First == i && q.Second == pivot) || (q.First == pivot && q.Second == i)))
                            throw Error(pivotNode, $"the barycenter needs '{representations[i].Name}' paired with the pivot; add it to pairs.");
            }

            bool figures = true, plans = true;
            if (top.TryGetValue("outputs", out var outputs))
            {
                if (outputs is not YamlSequenceNode seq) throw Error(outputs, $"outputs must be a list of {string.Join(", ", OutputNames)}.");
                var chosen = seq.Children.Select(o => OutputNames.Contains(Text(o, "an output")) ? Text(o, "an output") : throw Error(o, $"unknown output '{Text(o, "an output")}'; choose from {string.Join(", ", OutputNames)}.")).ToArray();
                figures = chosen.Contains("figures");
                plans = chosen.Contains("plans");
            }

            var settings = new RepresentationAnalysisSettings
            {
                Name = name, Representations = files, Categories = categoriesPath, Pairs = pairs, Alignment = new AlignmentSettings { Gw = gw },
                Search = new EpsilonSearchPlan
                {
                    EpsilonLow = low, EpsilonHigh = high, Inits = inits,
                    Trials = search.TryGetValue("trials", out var t) ? Integer(t, "trials", 1) : 20,
                    Sampler = search.TryGetValue("sampler", out var sa) ? Choice<SamplerKind>(sa, "sampler") : SamplerKind.Tpe,
                    Pruner = search.TryGetValue("pruner", out var pn) ? Choice<PrunerKind>(pn, "pruner") : PrunerKind.None,
                    Seed = seed,
                },
                HistogramMatching = top.TryGetValue("histogram_matching", out var h) ? Choice<HistogramMatchingKind>(h, "histogram_matching") : HistogramMatchingKind.None,
                BarycenterPivot = pivot, Barycenter = barycenter,
            };
            try { settings.Validate(); }
            catch (ArgumentException e) { throw Error(root, e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)); }

            string storage = top.TryGetValue("storage", out var st) ? Text(st, "storage") : $"sqlite:{Path.Combine(folder, RepresentationAnalysis.SafeName(name) + ".db")}";
            if (storage.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(storage["sqlite:".Length..]))
                storage = "sqlite:" + Path.GetFullPath(Path.Combine(folder, storage["sqlite:".Length..]));
            string outDir = top.TryGetValue("out", out var o2) ? Path.GetFullPath(Path.Combine(folder, Text(o2, "out"))) : Path.Combine(folder, RepresentationAnalysis.SafeName(name) + "-report");
            return new AnalysisConfig(new AnalysisInputs(representations, categories), settings, storage, outDir, figures, plans);
        }

        int IndexOf(YamlNode node, List<Representation> representations)
        {
            string name = Text(node, "a representation name");
            int index = representations.FindIndex(r => r.Name == name);
            return index >= 0 ? index : throw Error(node, $"there is no representation named '{name}'; the names are {string.Join(", ", representations.Select(r => r.Name))}.");
        }

        List<(int First, int Second)> Pairs(YamlNode node, List<Representation> representations)
        {
            if (node is not YamlSequenceNode list || list.Children.Count == 0) throw Error(node, "pairs must list pairs of representation names, e.g. - [human, model].");
            var pairs = new List<(int, int)>();
            foreach (YamlNode item in list.Children)
            {
                if (item is not YamlSequenceNode { Children.Count: 2 } pair) throw Error(item, "each pair must be [first, second].");
                int a = IndexOf(pair.Children[0], representations), b = IndexOf(pair.Children[1], representations);
                if (a == b) throw Error(item, $"a pair needs two different representations; got '{representations[a].Name}' twice.");
                if (pairs.Any(q => (q.Item1 == a && q.Item2 == b) || (q.Item1 == b && q.Item2 == a)))
                    throw Error(item, $"the pair {representations[a].Name} – {representations[b].Name} is listed twice.");
                pairs.Add((a, b));
            }
            return pairs;
        }
    }
}
