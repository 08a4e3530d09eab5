using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Engram.Data;

namespace Engram.Reports;

/// <summary>
/// JSON for results: snake_case names (numpy users read them from Python; the exceptions are in <see cref="JsonNaming"/>), indented, and non-finite
/// numbers written as strings ("NaN", "Infinity") rather than failing, so a result is never lost.
/// </summary>
public static class JsonResult
{
    /// <summary>The serializer settings used for every result file and every --json output.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { JsonNaming.Apply } },
    };

    /// <summary>The JSON text of <paramref name="value"/>.</summary>
    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Parses JSON written by <see cref="ToJson{T}"/>.</summary>
    public static T FromJson<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException("the JSON text holds null.");

    /// <summary>
    /// Writes <paramref name="value"/> to <paramref name="path"/> atomically (a temporary file renamed
    /// over the target), so a killed run never leaves half a file.
    /// </summary>
    public static void Write<T>(string path, T value) => AtomicFile.WriteAllText(path, ToJson(value));
}
