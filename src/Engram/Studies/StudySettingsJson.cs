using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Engram.Studies;

/// <summary>
/// Typed objective settings as the JSON text a study stores (<see cref="StudyDefinition.ObjectiveSettings"/>). Every public
/// settable member of a settings record is written, by reflection, with snake_case names and lower-case enum names, so a
/// member added to a settings record later (say to <see cref="Alignment.GwSettings"/>) is stored and read back without
/// more code; a member missing from stored text keeps the record's default, so studies stored before it was added read
/// back with that default. Members no study can store (matrices such as an initial plan) are left out.
/// </summary>
public static class StudySettingsJson
{
    sealed class LowerCase : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(new LowerCase(), allowIntegerValues: false) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { Relax } },
        WriteIndented = false,
    };

    /// <summary>Drops members that cannot be stored (multi-dimensional arrays) and makes every member optional (missing: the default).</summary>
    static void Relax(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        for (int i = type.Properties.Count - 1; i >= 0; i--)
        {
            JsonPropertyInfo p = type.Properties[i];
            if (p.PropertyType.IsArray && p.PropertyType.GetArrayRank() > 1 || p.Set is null) type.Properties.RemoveAt(i);
            else p.IsRequired = false;
        }
    }

    /// <summary>The stored text of <paramref name="settings"/>.</summary>
    public static string Write<T>(T settings) => JsonSerializer.Serialize(settings, Options);

    /// <summary>Settings from stored text; an <see cref="InvalidDataException"/> when the text does not describe a <typeparamref name="T"/>.</summary>
    public static T Read<T>(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, Options) ?? throw new InvalidDataException($"the stored settings are empty ('{text}').");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the stored objective settings cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The setting names of <typeparamref name="T"/> one can set one by one (dotted paths to the leaves: numbers, text, true/false, choices).</summary>
    public static IReadOnlyList<string> Keys<T>() => [.. Leaves(typeof(T), "").Select(l => l.Path)];

    static IEnumerable<(string Path, Type Type)> Leaves(Type type, string prefix)
    {
        foreach (JsonPropertyInfo p in Options.GetTypeInfo(type).Properties)
        {
            Type t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            string path = prefix + p.Name;
            if (IsLeaf(t)) yield return (path, t);
            else if (Options.GetTypeInfo(t).Kind == JsonTypeInfoKind.Object)
                foreach (var leaf in Leaves(t, path + ".")) yield return leaf;
        }
    }

    static bool IsLeaf(Type t) => t.IsEnum || t == typeof(string) || t == typeof(bool) || t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(float);

    /// <summary>
    /// <paramref name="settings"/> with the setting <paramref name="key"/> (a name of <see cref="Keys{T}"/>, or the last part of
    /// one when no other setting ends the same way) set to <paramref name="value"/>. An <see cref="ArgumentException"/> that
    /// names the key: an unknown key (with the known ones), or a value of the wrong kind.
    /// </summary>
    public static T Set<T>(T settings, string key, string value)
    {
        var leaves = Leaves(typeof(T), "").ToList();
        var matches = leaves.Where(l => l.Path == key).ToList();
        if (matches.Count == 0) matches = leaves.Where(l => l.Path.EndsWith("." + key, StringComparison.Ordinal)).ToList();
        if (matches.Count != 1)
            throw new ArgumentException(matches.Count == 0
                ? $"unknown setting '{key}'; known settings: {string.Join(", ", leaves.Select(l => l.Path))}."
                : $"the setting '{key}' is ambiguous; write one of {string.Join(", ", matches.Select(l => l.Path))}.", key);
        var (path, type) = matches[0];
        JsonNode root = JsonSerializer.SerializeToNode(settings, Options)!;
        string[] parts = path.Split('.');
        JsonObject parent = root.AsObject();
        foreach (string part in parts[..^1]) parent = (parent[part] ??= new JsonObject()).AsObject();
        parent[parts[^1]] = Leaf(path, type, value.Trim());
        return root.Deserialize<T>(Options)!;
    }

    static JsonNode? Leaf(string key, Type type, string value)
    {
        if (type == typeof(string)) return JsonValue.Create(value);
        if (type == typeof(bool))
            return bool.TryParse(value, out bool b) ? JsonValue.Create(b) : throw Bad(key, value, "true or false");
        if (type.IsEnum)
        {
            string[] names = [.. Enum.GetNames(type).Select(n => n.ToLowerInvariant())];
            return names.Contains(value.ToLowerInvariant()) ? JsonValue.Create(value.ToLowerInvariant()) : throw Bad(key, value, $"one of {string.Join(", ", names)}");
        }
        if (type == typeof(int) || type == typeof(long))
            return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) && (type == typeof(long) || n is >= int.MinValue and <= int.MaxValue)
                ? JsonValue.Create(n) : throw Bad(key, value, "a whole number");
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            ? JsonValue.Create(d) : throw Bad(key, value, "a finite number");
    }

    static ArgumentException Bad(string key, string value, string expected) => new($"the setting {key} must be {expected}; got '{value}'.", key);

    /// <summary>
    /// The first setting where <paramref name="stored"/> and <paramref name="asked"/> (JSON texts) differ, as
    /// "objective setting KEY = STORED, but ASKED was asked for"; null when they hold the same values. Texts that are not
    /// JSON objects are compared whole.
    /// </summary>
    public static string? Difference(string stored, string asked)
    {
        if (stored == asked) return null;
        Dictionary<string, string>? a = Flatten(stored), b = Flatten(asked);
        if (a is null || b is null) return $"objective settings {stored}, but {asked} was asked for";
        foreach (string key in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            string? x = a.GetValueOrDefault(key), y = b.GetValueOrDefault(key);
            if (x != y) return $"objective setting {key} = {x ?? "(not set)"}, but {y ?? "(not set)"} was asked for";
        }
        return null;
    }

    static Dictionary<string, string>? Flatten(string text)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(text); }
        catch (JsonException) { return null; }
        if (node is not JsonObject) return null;
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            if (n is JsonObject o) foreach (var (k, v) in o) Walk(v, path.Length == 0 ? k : $"{path}.{k}");
            else flat[path] = n is JsonValue v && v.TryGetValue(out string? t) ? t : n?.ToJsonString() ?? "null";
        }
        Walk(node, "");
        return flat;
    }
}
