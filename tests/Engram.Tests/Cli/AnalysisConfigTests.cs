using Engram.Cli.Analysis;
using Engram.Studies;

namespace Engram.Tests.Cli;

public class AnalysisConfigTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("engram-config-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Write(string yaml)
    {
        string path = Path.Combine(folder, "analysis.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    string Data(string name, int n, int d = 2)
    {
        var m = new double[n, d];
        var random = new Random(n + d);
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) m[i, k] = random.NextDouble();
        string path = Path.Combine(folder, name);
        Engram.Data.Npy.Write(path, Engram.Data.NpyArray.FromMatrix(m));
        return name;
    }

    string Config(string extra = "", string second = "b.npy", string search = "  eps: [0.01, 0.1]\n") =>
        $"name: t\nrepresentations:\n  - name: a\n    path: {Data("a.npy", 6)}\n  - name: b\n    path: {second}\n{extra}search:\n{search}";

    static void AssertLine(string path, int line, string containing)
    {
        var e = Assert.Throws<ConfigException>(() => AnalysisConfig.Load(path));
        Assert.StartsWith($"analysis.yaml:{line}: ", e.Message);
        Assert.Contains(containing, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void A_valid_config_loads_with_its_settings()
    {
        Data("b.npy", 6);
        AnalysisConfig c = AnalysisConfig.Load(Write(Config("pairs:\n  - [b, a]\n")));
        Assert.Equal(["a", "b"], c.Inputs.Representations.Select(r => r.Name));
        Assert.Equal(["a", "b"], c.Settings.Representations.Select(r => r.Name));
        Assert.Equal([(1, 0)], c.Settings.Pairs!);
        Assert.Equal(0.01, c.Settings.Search.EpsilonLow);
        Assert.Equal(EpsilonSearch.DefaultLossTolerance, c.Settings.Alignment.Gw.LossTolerance);   // as align --trials
        Assert.StartsWith("sqlite:" + folder, c.Storage);
        Assert.Equal(0, AnalysisConfig.Load(Write(Config(search: "  eps: [0.01, 0.1]\n  loss_tol: 0\n"))).Settings.Alignment.Gw.LossTolerance);
    }

    [Fact]
    public void A_tab_in_the_indentation_is_reported_on_its_own_line()
    {
        string yaml = Config().Replace("\n    path: b.npy", "\n\tpath: b.npy", StringComparison.Ordinal);
        Assert.Contains("\tpath", yaml);
        var e = Assert.Throws<ConfigException>(() => AnalysisConfig.Load(Write(yaml)));
        Assert.Equal("analysis.yaml:6: a tab in the indentation; YAML indents with spaces only.", e.Message);
    }

    [Fact]
    public void An_unknown_key_is_reported_with_its_line() { Data("b.npy", 6); AssertLine(Write(Config(search: "  eps: [0.01, 0.1]\n  trails: 3\n")), 9, "unknown key 'trails'"); }

    [Fact]
    public void A_missing_file_is_reported_with_its_line() => AssertLine(Write(Config(second: "nowhere.npy")), 6, "nowhere.npy does not exist");

    [Fact]
    public void Mismatched_category_rows_are_reported_with_the_representation_line()
    {
        Data("b.npy", 5);
        File.WriteAllText(Path.Combine(folder, "cats.csv"), ",x,y\n" + string.Join("\n", Enumerable.Range(0, 6).Select(i => $"i{i},1,0")) + "\n");
        AssertLine(Write("categories: cats.csv\n" + Config()), 7, "has 5 items but the category file has 6 rows");
    }

    [Fact]
    public void A_pair_listed_twice_is_reported_with_its_line() { Data("b.npy", 6); AssertLine(Write(Config("pairs:\n  - [a, b]\n  - [b, a]\n")), 9, "listed twice"); }

    [Fact]
    public void An_impossible_eps_range_is_reported_with_its_line() { Data("b.npy", 6); AssertLine(Write(Config(search: "  eps: [0.5, 0.1]\n")), 8, "impossible"); }

    [Fact]
    public void The_cli_prints_one_line_with_file_and_line_and_exits_1_before_any_work()
    {
        Data("b.npy", 6);
        var (exit, _, err) = CliHarness.Run("analysis", "run", Write(Config("histogram_matching: sideways\n")));
        Assert.Equal(1, exit);
        Assert.Equal("engram: error: analysis.yaml:7: histogram_matching must be one of none, rank, power; got 'sideways'.", err.Trim());
        Assert.False(File.Exists(Path.Combine(folder, "t.db")));
    }
}
