using System.Text.Json;

namespace Engram.Tests.Population;

/// <summary>Reads the JSON fixtures written by Fixtures/Population/make_analysis_fixtures.py (scikit-learn 1.2.1, scipy 1.10.1).</summary>
public static class PopulationFixture
{
    /// <summary>The root element of Fixtures/Population/<paramref name="name"/>.json.</summary>
    public static JsonElement Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Population", name + ".json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    /// <summary>The cases array of a fixture.</summary>
    public static IEnumerable<JsonElement> Cases(string name) => Load(name).GetProperty("cases").EnumerateArray();

    public static double[] Vector(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    /// <summary>A list of lists as a row-major array with its shape.</summary>
    public static (double[] Values, int Rows, int Cols) Matrix(JsonElement e)
    {
        double[][] rows = e.EnumerateArray().Select(Vector).ToArray();
        return (rows.SelectMany(r => r).ToArray(), rows.Length, rows[0].Length);
    }
}
