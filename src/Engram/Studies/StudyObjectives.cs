using System.Text.Json;
using System.Text.Json.Nodes;
using Engram.Alignment;
using Engram.Memory;

namespace Engram.Studies;

/// <summary>
/// One kind of objective a stored study can name: its typed settings (stored as JSON, <see cref="StudySettingsJson"/>),
/// the parameters it reads from the search space, and how a worker builds it from a stored definition.
/// </summary>
public abstract class StudyObjectiveKind
{
    /// <summary>The name a study stores, e.g. <c>gw-alignment</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether a study of it minimises or maximises by default.</summary>
    public abstract StudyDirection Direction { get; }

    /// <summary>The settings one can give one by one (short names first, then every full name).</summary>
    public abstract IReadOnlyList<string> SettingKeys { get; }

    /// <summary>
    /// The stored settings text of the default settings with <paramref name="pairs"/> (key, value) applied, validated. An
    /// <see cref="ArgumentException"/> naming the key for an unknown key or a bad value, or naming the broken constraint.
    /// </summary>
    public abstract string Settings(IEnumerable<(string Key, string Value)> pairs);

    /// <summary>Checks that <paramref name="space"/> has the parameters the objective reads; an <see cref="ArgumentException"/> otherwise.</summary>
    public abstract void CheckSpace(SearchSpace space);

    /// <summary>
    /// Stored settings text in this Engram's form (older forms read, defaults filled in), so that two texts that mean the
    /// same settings compare equal; an <see cref="InvalidDataException"/> when the text cannot be read.
    /// </summary>
    public abstract string Canonical(string stored);

    /// <summary>The objective of <paramref name="definition"/>, its inputs read and validated.</summary>
    public abstract IStudyObjective Create(StudyDefinition definition);

    /// <summary>Steps between which a pruner judges a trial, and the steps of a full trial.</summary>
    public virtual (int Min, int Max) PrunerSteps(StudyDefinition definition) => (1, 100);
}

/// <summary>
/// The registry of objectives a stored study can name, so that <c>engram study worker</c> (or any program using the
/// library) runs any stored study from its definition alone, on any machine that reaches the storage and the input files.
/// </summary>
public static class StudyObjectives
{
    /// <summary>Entropic GW between two representations (<see cref="GwAlignmentObjective"/>, settings <see cref="GwAlignmentStudySettings"/>); needs <c>eps</c>, optionally <c>init</c>.</summary>
    public const string GwAlignment = "gw-alignment";

    /// <summary>Classical Hopfield retrieval at one load (<see cref="HopfieldCapacityObjective"/>, settings <see cref="HopfieldCapacityStudySettings"/>); needs <c>n</c> and <c>alpha</c>.</summary>
    public const string HopfieldCapacity = "hopfield-capacity";

    static readonly StudyObjectiveKind[] Kinds = [new GwAlignmentKind(), new HopfieldCapacityKind()];

    /// <summary>Names of all objectives.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Kinds.Select(k => k.Name)];

    /// <summary>The objective kind of that name; an <see cref="ArgumentException"/> listing the known ones otherwise.</summary>
    public static StudyObjectiveKind Get(string name) => Find(name)
        ?? throw new ArgumentException($"unknown objective '{name}'; use one of {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The objective kind of that name, or null.</summary>
    public static StudyObjectiveKind? Find(string name) => Kinds.FirstOrDefault(k => k.Name == name);

    /// <summary>
    /// The typed settings of a <c>gw-alignment</c> study, whichever form they were stored in; null for another objective or
    /// settings that cannot be read (for readers such as the dashboard, which show what they can).
    /// </summary>
    public static GwAlignmentStudySettings? GwAlignmentSettingsOf(StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Objective != GwAlignment || Find(GwAlignment) is not GwAlignmentKind kind) return null;
        try
        {
            return kind.Read(definition.ObjectiveSettings);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The objective of a stored study (its inputs read); an <see cref="ArgumentException"/> for an objective this Engram does not know.</summary>
    public static IStudyObjective Create(StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        StudyObjectiveKind kind = Find(definition.Objective) ?? throw new ArgumentException(
            $"the study '{definition.Name}' has objective '{definition.Objective}', which this Engram does not know; use one of {string.Join(", ", Names)}.");
        return kind.Create(definition);
    }

    /// <summary>Stored settings text in canonical form when the objective is known and the text readable; else the text itself.</summary>
    internal static string Canonical(string objective, string settings)
    {
        if (Find(objective) is not { } kind) return settings;
        try { return kind.Canonical(settings); }
        catch (Exception e) when (e is InvalidDataException or ArgumentException) { return settings; }
    }

    /// <summary>
    /// Settings stored by Engram before typed settings: a flat object of strings (every value a JSON string), or null when
    /// <paramref name="text"/> is not of that form.
    /// </summary>
    static List<(string, string)>? FlatStrings(string text)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(text); }
        catch (JsonException) { return null; }
        if (node is not JsonObject o || o.Count == 0 || o.Any(p => p.Value is not JsonValue v || !v.TryGetValue(out string? _))) return null;
        return [.. o.Select(p => (p.Key, p.Value!.GetValue<string>()))];
    }

    /// <summary>Typed settings with short names that set one or several full names.</summary>
    abstract class Typed<T> : StudyObjectiveKind where T : class
    {
        /// <summary>Short name → the full names it sets.</summary>
        protected abstract IReadOnlyDictionary<string, string[]> Aliases { get; }

        /// <summary>The settings before any key is applied.</summary>
        protected abstract T Defaults { get; }

        /// <summary>Throws an <see cref="ArgumentException"/> naming the first broken constraint.</summary>
        protected abstract void Validate(T settings);

        /// <summary>A value as stored: paths made absolute, so workers started elsewhere find the same file.</summary>
        protected virtual string Value(string key, string value) => value;

        public override IReadOnlyList<string> SettingKeys => [.. Aliases.Keys, .. StudySettingsJson.Keys<T>().Where(k => !Aliases.ContainsKey(k))];

        public T Apply(IEnumerable<(string Key, string Value)> pairs)
        {
            T settings = Defaults;
            foreach (var (key, value) in pairs)
            {
                string[] targets = Aliases.TryGetValue(key, out string[]? full) ? full : [key];
                try
                {
                    foreach (string target in targets) settings = StudySettingsJson.Set(settings, target, Value(key, value));
                }
                catch (ArgumentException e) when (e.Message.StartsWith("unknown setting", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"unknown setting '{key}' for the objective {Name}; known settings: {string.Join(", ", SettingKeys)}.", key);
                }
                catch (ArgumentException e) when (targets.Length > 1 || targets[0] != key)
                {
                    string message = e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
                    throw new ArgumentException(message.Replace($"the setting {targets[0]} ", $"the setting {key} ", StringComparison.Ordinal), key);
                }
            }
            Validate(settings);
            return settings;
        }

        public override string Settings(IEnumerable<(string Key, string Value)> pairs) => StudySettingsJson.Write(Apply(pairs));

        public T Read(string stored) => FlatStrings(stored) is { } legacy ? Apply(legacy) : StudySettingsJson.Read<T>(stored);

        public override string Canonical(string stored) => StudySettingsJson.Write(Read(stored));
    }

    sealed class GwAlignmentKind : Typed<GwAlignmentStudySettings>
    {
        public override string Name => GwAlignment;

        public override StudyDirection Direction => StudyDirection.Minimize;

        protected override IReadOnlyDictionary<string, string[]> Aliases { get; } = new Dictionary<string, string[]>
        {
            ["x"] = ["x.path"], ["y"] = ["y.path"], ["categories"] = ["categories"],
            ["input"] = ["x.input.input", "y.input.input"], ["metric"] = ["x.input.metric", "y.input.metric"], ["strict"] = ["x.input.strict", "y.input.strict"],
            ["max_iter"] = ["alignment.gw.max_iterations"], ["tol"] = ["alignment.gw.tolerance"], ["loss_tol"] = ["alignment.gw.loss_tolerance"],
            ["precision"] = ["alignment.gw.precision"], ["init"] = ["alignment.gw.init"], ["histogram_matching"] = ["histogram_matching"],
        };

        protected override GwAlignmentStudySettings Defaults => new() { X = new RepresentationFile(), Y = new RepresentationFile() };

        protected override string Value(string key, string value) => key is "x" or "y" or "categories" && value.Length > 0 ? Path.GetFullPath(value) : value;

        protected override void Validate(GwAlignmentStudySettings settings)
        {
            settings.Validate();
            if (settings.Alignment.Refine)
                throw new ArgumentException("a study ranks its trials by the entropic GW loss; refine the best trial's plan afterwards, not every trial.", nameof(AlignmentSettings.Refine));
        }

        public override string Settings(IEnumerable<(string Key, string Value)> pairs)
        {
            GwAlignmentStudySettings s = Apply(pairs);
            // Files are named by their file names unless a name was set.
            s = s with
            {
                X = s.X.Name.Length > 0 ? s.X : s.X with { Name = Path.GetFileName(s.X.Path) },
                Y = s.Y.Name.Length > 0 ? s.Y : s.Y with { Name = Path.GetFileName(s.Y.Path) },
            };
            return StudySettingsJson.Write(s);
        }

        public override string Canonical(string stored)
        {
            GwAlignmentStudySettings s = Read(stored);
            return StudySettingsJson.Write(s with
            {
                X = s.X.Name.Length > 0 ? s.X : s.X with { Name = Path.GetFileName(s.X.Path) },
                Y = s.Y.Name.Length > 0 ? s.Y : s.Y with { Name = Path.GetFileName(s.Y.Path) },
            });
        }

        public override void CheckSpace(SearchSpace space)
        {
            if (space.Parameters.All(p => p.Name != "eps"))
                throw new ArgumentException($"the objective {Name} needs a parameter 'eps' in the search space ({space.Describe()}).");
            if (space.Parameters.Any(p => p.Name == "init") && space["init"] is CategoricalDistribution c
                && c.Choices.FirstOrDefault(k => !Enum.TryParse<InitialPlanKind>(k, true, out var kind) || kind == InitialPlanKind.User || int.TryParse(k, out _)) is string bad)
                throw new ArgumentException($"init choice '{bad}' is not an initial plan a study can search; use uniform, random, permutation or diagonal.");
            if (space.Parameters.Any(p => p.Name == "init") && space["init"] is not CategoricalDistribution)
                throw new ArgumentException("the parameter 'init' must be categorical, e.g. init=categorical[random,uniform].");
        }

        public override IStudyObjective Create(StudyDefinition definition)
        {
            GwAlignmentStudySettings settings = Read(definition.ObjectiveSettings);
            return new GwAlignmentObjective(settings.Prepare().Inputs, settings.Alignment);
        }

        public override (int Min, int Max) PrunerSteps(StudyDefinition definition)
        {
            GwSettings gw = Read(definition.ObjectiveSettings).Alignment.Gw;
            return (gw.ObserveEvery, gw.MaxIterations);
        }
    }

    sealed class HopfieldCapacityKind : Typed<HopfieldCapacityStudySettings>
    {
        public override string Name => HopfieldCapacity;

        public override StudyDirection Direction => StudyDirection.Maximize;

        protected override IReadOnlyDictionary<string, string[]> Aliases { get; } = new Dictionary<string, string[]>();

        protected override HopfieldCapacityStudySettings Defaults => new();

        protected override void Validate(HopfieldCapacityStudySettings settings) => settings.Validate();

        public override void CheckSpace(SearchSpace space)
        {
            foreach (string name in new[] { "n", "alpha" })
                if (space.Parameters.All(p => p.Name != name))
                    throw new ArgumentException($"the objective {Name} needs a parameter '{name}' in the search space ({space.Describe()}).");
            if (space["n"] is not IntDistribution { Low: >= 1 })
                throw new ArgumentException("the parameter 'n' of hopfield-capacity must be an integer range of at least 1, e.g. n=int[100,1000].");
            if (space["alpha"] is not FloatDistribution { Low: > 0 })
                throw new ArgumentException("the parameter 'alpha' of hopfield-capacity must be a float range above 0, e.g. alpha=float[0.05,0.25].");
        }

        public override IStudyObjective Create(StudyDefinition definition) =>
            new HopfieldCapacityObjective(Read(definition.ObjectiveSettings).Capacity);
    }
}

/// <summary>Settings of a Hopfield capacity study (objective <c>hopfield-capacity</c>); N, the load and the seed come from each trial.</summary>
public sealed record HopfieldCapacityStudySettings
{
    /// <summary>Networks (independent pattern sets) per trial.</summary>
    public int Networks { get; init; } = 10;

    /// <summary>Most synchronous update steps of a retrieval.</summary>
    public int MaxSteps { get; init; } = 100;

    /// <summary>Fraction of the cue's bits flipped before retrieval.</summary>
    public double CueNoise { get; init; }

    /// <summary>The sweep settings of one trial (N and α are set per trial).</summary>
    public CapacitySettings Capacity => new() { Trials = Networks, MaxSteps = MaxSteps, CueNoise = CueNoise, Alphas = [0.1] };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first impossible setting.</summary>
    public void Validate()
    {
        if (Networks < 1) throw new ArgumentException($"the setting networks must be ≥ 1; got {Networks}.", "networks");
        if (MaxSteps < 1) throw new ArgumentException($"the setting max_steps must be ≥ 1; got {MaxSteps}.", "max_steps");
        if (!(CueNoise >= 0 && CueNoise <= 1)) throw new ArgumentException($"the setting cue_noise must be in [0, 1]; got {CueNoise}.", "cue_noise");
    }
}
