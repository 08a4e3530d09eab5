using System.Globalization;
using System.Text.Json;
using Engram.Alignment;
using Engram.Data;
using Engram.Memory;
using Engram.Studies;

namespace Engram.Cli.Studies;

/// <summary>
/// The objectives a stored study can name, and how a worker builds one from the study's objective settings (a JSON object of
/// strings). File paths in the settings are absolute, so workers started elsewhere read the same files (on other machines:
/// the same paths, e.g. a shared folder).
/// </summary>
public static class StudyObjectives
{
    /// <summary>Entropic GW between two representations (<see cref="GwAlignmentObjective"/>); needs <c>eps</c>, optionally <c>init</c>.</summary>
    public const string GwAlignment = "gw-alignment";

    /// <summary>Classical Hopfield retrieval at one load (<see cref="HopfieldCapacityObjective"/>); needs <c>n</c> and <c>alpha</c>.</summary>
    public const string HopfieldCapacity = "hopfield-capacity";

    /// <summary>Names of all objectives.</summary>
    public static readonly string[] Names = [GwAlignment, HopfieldCapacity];

    /// <summary>Settings as the stored text.</summary>
    public static string Encode(IReadOnlyDictionary<string, string> settings) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(settings.ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal));

    /// <summary>Stored text as settings.</summary>
    public static Dictionary<string, string> Decode(string text) =>
        text.Length == 0 ? new() : JsonSerializer.Deserialize<Dictionary<string, string>>(text) ?? new();

    /// <summary>Checks that <paramref name="space"/> has the parameters <paramref name="objective"/> reads.</summary>
    public static void CheckSpace(string objective, SearchSpace space)
    {
        string[] needed = objective switch
        {
            GwAlignment => ["eps"],
            HopfieldCapacity => ["n", "alpha"],
            _ => throw new ArgumentException($"unknown objective '{objective}'; use one of {string.Join(", ", Names)}."),
        };
        foreach (string name in needed)
            if (space.Parameters.All(p => p.Name != name))
                throw new ArgumentException($"the objective {objective} needs a parameter '{name}' in the search space ({space.Describe()}).");
        if (objective == HopfieldCapacity && space["n"] is not IntDistribution)
            throw new ArgumentException("the parameter 'n' of hopfield-capacity must be an integer range, e.g. n=int[100,1000].");
        if (objective == GwAlignment && space.Parameters.Any(p => p.Name == "init") &&
            space["init"] is CategoricalDistribution c && c.Choices.FirstOrDefault(k => !Enum.TryParse<InitialPlanKind>(k, true, out _)) is string bad)
            throw new ArgumentException($"init choice '{bad}' is not an initial plan; use uniform, random, permutation or diagonal.");
    }

    /// <summary>The objective of <paramref name="definition"/> (reads its input files).</summary>
    public static IStudyObjective Create(StudyDefinition definition)
    {
        var s = Decode(definition.ObjectiveSettings);
        string Get(string key, string fallback) => s.TryGetValue(key, out string? v) ? v : fallback;
        int Int(string key, int fallback) => int.Parse(Get(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        double Double(string key, double fallback) => double.Parse(Get(key, fallback.ToString("R", CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        switch (definition.Objective)
        {
            case GwAlignment:
                {
                    string xPath = Get("x", ""), yPath = Get("y", "");
                    if (xPath.Length == 0 || yPath.Length == 0) throw new ArgumentException($"the study '{definition.Name}' names no input files (x, y).");
                    var inputSettings = new InputSettings
                    {
                        Input = Enum.Parse<InputKind>(Get("input", "auto"), true), Metric = Enum.Parse<DissimilarityMetric>(Get("metric", "euclidean"), true),
                        Strict = bool.Parse(Get("strict", "false")),
                    };
                    CategoryTable? table = s.TryGetValue("categories", out string? c) && c.Length > 0 ? CategoryTable.Read(c) : null;
                    AlignmentInputs inputs = AlignmentInputs.Prepare(Path.GetFileName(xPath), MatrixFile.Read(xPath), Path.GetFileName(yPath), MatrixFile.Read(yPath),
                        inputSettings, table);
                    var settings = new AlignmentSettings
                    {
                        Gw = new GwSettings
                        {
                            Epsilon = 1, MaxIterations = Int("max_iter", 200), Tolerance = Double("tol", 1e-9), LossTolerance = Double("loss_tol", 0),
                            Precision = Enum.Parse<Precision>(Get("precision", "single"), true), Init = Enum.Parse<InitialPlanKind>(Get("init", "random"), true),
                        },
                    };
                    return new GwAlignmentObjective(inputs, settings);
                }
            case HopfieldCapacity:
                return new HopfieldCapacityObjective(new CapacitySettings
                {
                    Trials = Int("networks", 10), MaxSteps = Int("max_steps", 100), CueNoise = Double("cue_noise", 0), Alphas = [0.1],
                });
            default:
                throw new ArgumentException($"the study '{definition.Name}' has objective '{definition.Objective}', which this Engram does not know; use one of {string.Join(", ", Names)}.");
        }
    }

    /// <summary>Steps the pruner judges between for <paramref name="definition"/>'s objective (GW: every 10 iterations up to max_iter).</summary>
    public static (int Min, int Max) PrunerSteps(StudyDefinition definition) => definition.Objective == GwAlignment
        ? (new GwSettings { Epsilon = 1 }.ObserveEvery, int.Parse(Decode(definition.ObjectiveSettings).GetValueOrDefault("max_iter", "200"), CultureInfo.InvariantCulture))
        : (1, 100);
}
