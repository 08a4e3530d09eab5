using System.Text.Json;
using Engram.Phi;

namespace Engram.Tests.Phi;

/// <summary>
/// A random stable AR(1) system and PhiToolbox's answers on it under GNU Octave 7.3, written by
/// Fixtures/phi/make_phi_fixtures.sh (N = 4…8, T = 1000, τ = 1).
/// </summary>
public sealed class PhiToolboxFixture
{
    PhiToolboxFixture(JsonElement root) => Root = root;

    /// <summary>The parsed file.</summary>
    public JsonElement Root { get; }

    /// <summary>The channel counts that have a fixture.</summary>
    public static IEnumerable<int> Sizes => Enumerable.Range(4, 5).Where(n => File.Exists(PathOf(n)));

    /// <summary>Reads system_N{n}.json.</summary>
    public static PhiToolboxFixture Load(int n) => new(JsonDocument.Parse(File.ReadAllText(PathOf(n))).RootElement);

    static string PathOf(int n) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "phi", $"system_N{n}.json");

    /// <summary>Number of channels.</summary>
    public int N => Root.GetProperty("n").GetInt32();

    /// <summary>A matrix field as double[,].</summary>
    public double[,] Matrix(string name)
    {
        JsonElement m = Root.GetProperty(name);
        int rows = m.GetArrayLength(), cols = m[0].GetArrayLength();
        var result = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) result[i, j] = m[i][j].GetDouble();
        return result;
    }

    /// <summary>A matrix field flattened row-major.</summary>
    public double[] Flat(string name) => [.. Matrix(name).Cast<double>()];

    /// <summary>The statistics exactly as PhiToolbox's Cov_comp computed them.</summary>
    public GaussianStatistics Statistics() => new()
    {
        Channels = N, Lag = 1, Samples = Matrix("series").GetLength(1),
        Covariance = Flat("cov_all"), Past = Flat("cov_past"), Present = Flat("cov_present"), PastPresent = Flat("cov_past_present"),
    };

    /// <summary>PhiToolbox labels (1…K) as an array.</summary>
    public static int[] Labels(JsonElement z) => z.ValueKind == JsonValueKind.Array ? [.. z.EnumerateArray().Select(e => e.GetInt32())] : [z.GetInt32()];

    /// <summary>Sets (1-based in the file) converted to 0-based, each sorted.</summary>
    public static List<int[]> Sets(JsonElement sets) =>
        [.. sets.EnumerateArray().Select(s => Labels(s).Select(c => c - 1).Order().ToArray())];

    /// <summary>A vector of numbers (a scalar when it has one entry).</summary>
    public static double[] Numbers(JsonElement e) => e.ValueKind == JsonValueKind.Array ? [.. e.EnumerateArray().Select(x => x.GetDouble())] : [e.GetDouble()];

    /// <summary>PhiToolbox's name of a measure.</summary>
    public static string NameOf(PhiMeasure m) => m switch
    {
        PhiMeasure.Mi1 => "MI1", PhiMeasure.Mi => "MI", PhiMeasure.Si => "SI", PhiMeasure.Star => "star", _ => "Geo",
    };
}
