using System.Text.Json;

namespace Engram.Tests.Alignment;

/// <summary>A problem and POT 0.8.2's answer, written by Fixtures/make_pot_fixtures.py.</summary>
public sealed record PotFixture(double[,] D1, double[,] D2, double[] P, double[] Q, double Eps, int MaxIter, double[,] Plan, double GwLoss)
{
    public static PotFixture Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pot", name + ".json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement root = doc.RootElement;
        return new PotFixture(
            Matrix(root.GetProperty("d1")), Matrix(root.GetProperty("d2")),
            Vector(root.GetProperty("p")), Vector(root.GetProperty("q")),
            root.GetProperty("eps").GetDouble(), root.GetProperty("max_iter").GetInt32(),
            Matrix(root.GetProperty("plan")), root.GetProperty("gw_loss").GetDouble());
    }

    static double[] Vector(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    static double[,] Matrix(JsonElement e)
    {
        double[][] rows = e.EnumerateArray().Select(Vector).ToArray();
        var m = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++) for (int j = 0; j < rows[i].Length; j++) m[i, j] = rows[i][j];
        return m;
    }
}
