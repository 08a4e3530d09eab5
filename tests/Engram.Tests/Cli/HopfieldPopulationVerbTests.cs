using System.Text.Json;
using Engram.Data;

namespace Engram.Tests.Cli;

public class HopfieldPopulationVerbTests
{
    static readonly string[] SmallSimulation =
        ["hopfield", "population", "--simulate", "--n", "800", "--stimuli-per-child", "5", "--recorded", "60", "--baseline", "40", "--duration", "120",
         "--window", "30", "--step", "5"];

    /// <summary>A folder with an activity array (6 stimuli, 3 groups of 2) and labels in it.</summary>
    static string Arrays(double[] activity, int[] shape, int[]? global = null, int[]? fine = null)
    {
        string dir = Directory.CreateTempSubdirectory("engram-population-").FullName;
        Npy.Write(Path.Combine(dir, "activity.npy"), activity, shape);
        if (global is not null) Npy.Write(Path.Combine(dir, "g.npy"), global, global.Length);
        if (fine is not null) Npy.Write(Path.Combine(dir, "f.npy"), fine, fine.Length);
        return dir;
    }

    static double[] GroupedActivity(int stimuli, int neurons, int time, Func<int, int> group, int seed = 1)
    {
        var random = new Random(seed);
        var values = new double[stimuli * neurons * time];
        for (int s = 0; s < stimuli; s++)
            for (int n = 0; n < neurons; n++)
                for (int t = 0; t < time; t++)
                    values[(s * neurons + n) * time + t] = random.NextDouble() + (t >= time / 2 && (n % 3) == group(s) ? 3 : 0);
        return values;
    }

    [Fact]
    public void Simulate_json_is_one_object_with_windows_and_recovery_times()
    {
        var (exit, output, error) = CliHarness.Run([.. SmallSimulation, "--json"]);
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.Equal("simulation", root.GetProperty("source").GetString());
        Assert.Equal(30, root.GetProperty("stimuli").GetInt32());
        JsonElement windows = root.GetProperty("windows");
        Assert.Equal((160 - 30) / 5 + 1, windows.GetArrayLength());
        JsonElement first = windows[0];
        Assert.Equal(-40 + 15, first.GetProperty("time").GetDouble());
        foreach (string key in new[] { "start", "end", "n_clusters", "ari_global", "ari_fine", "active_components" })
            Assert.True(first.TryGetProperty(key, out _), $"window lacks {key}");
        Assert.True(root.TryGetProperty("global_recovery_time", out _) && root.TryGetProperty("fine_recovery_time", out _));
        Assert.Equal(121, root.GetProperty("simulation").GetProperty("parent_overlap").GetArrayLength() - 39);
    }

    [Fact]
    public void Out_folder_gets_result_arrays_figures_and_index_and_the_summary_lists_them()
    {
        string dir = Directory.CreateTempSubdirectory("engram-population-out-").FullName;
        var (exit, output, error) = CliHarness.Run([.. SmallSimulation, "--out", dir]);
        Assert.True(exit == 0, error);
        foreach (string file in new[] { "result.json", "labels.npy", "activity.npy", "global_labels.npy", "fine_labels.npy", "clusters.png", "ari.png", "overlaps.png", "index.html" })
            Assert.True(File.Exists(Path.Combine(dir, file)), $"{file} missing");
        Assert.Contains("global labels recovered", output);
        NpyArray labels = Npy.Read(Path.Combine(dir, "labels.npy"));
        Assert.Equal([27, 30], labels.Shape);
        // The written arrays reproduce the analysis through --input (activity stored as float32).
        var (again, json, err2) = CliHarness.Run("hopfield", "population", "--input", Path.Combine(dir, "activity.npy"),
            "--global-labels", Path.Combine(dir, "global_labels.npy"), "--fine-labels", Path.Combine(dir, "fine_labels.npy"),
            "--window", "30", "--step", "5", "--time-origin", "-40", "--json");
        Assert.True(again == 0, err2);
        Assert.Equal(27, JsonDocument.Parse(json).RootElement.GetProperty("windows").GetArrayLength());
    }

    [Fact]
    public void Input_arrays_with_a_structure_in_the_second_half_are_clustered_there()
    {
        string dir = Arrays(GroupedActivity(30, 9, 80, s => s % 3), [30, 9, 80], Enumerable.Range(0, 30).Select(s => s % 3).ToArray());
        var (exit, output, error) = CliHarness.Run("hopfield", "population", "--input", Path.Combine(dir, "activity.npy"),
            "--global-labels", Path.Combine(dir, "g.npy"), "--window", "20", "--step", "20", "--components", "2", "--max-clusters", "5", "--json");
        Assert.True(exit == 0, error);
        JsonElement windows = JsonDocument.Parse(output).RootElement.GetProperty("windows");
        Assert.Equal(4, windows.GetArrayLength());
        Assert.True(windows[0].GetProperty("ari_global").GetDouble() < 0.5);
        Assert.Equal(1.0, windows[3].GetProperty("ari_global").GetDouble(), 6);
        Assert.False(windows[3].TryGetProperty("ari_fine", out _));
    }

    [Fact]
    public void Activity_of_the_wrong_rank_gives_one_line_and_exit_code_1()
    {
        string dir = Arrays(new double[12], [3, 4]);
        AssertBadInput(["hopfield", "population", "--input", Path.Combine(dir, "activity.npy")], "3-D array (stimuli × neurons × time); got shape (3, 4) of rank 2");
    }

    [Fact]
    public void NaN_in_the_activity_gives_one_line_naming_the_entry_and_exit_code_1()
    {
        double[] values = GroupedActivity(4, 3, 60, s => s % 2);
        values[(2 * 3 + 1) * 60 + 7] = double.NaN;
        string dir = Arrays(values, [4, 3, 60]);
        AssertBadInput(["hopfield", "population", "--input", Path.Combine(dir, "activity.npy"), "--components", "2", "--max-clusters", "3"],
            "activity[2, 1, 7] (stimulus, neuron, time) is NaN");
    }

    [Fact]
    public void Labels_that_do_not_match_the_stimuli_give_one_line_and_exit_code_1()
    {
        string dir = Arrays(GroupedActivity(6, 3, 60, s => s % 2), [6, 3, 60], global: [0, 0, 1, 1, 2], fine: [0, 1, 2, 3, 4, 5, 6]);
        string activity = Path.Combine(dir, "activity.npy");
        AssertBadInput(["hopfield", "population", "--input", activity, "--global-labels", Path.Combine(dir, "g.npy"), "--components", "2", "--max-clusters", "3"],
            "--global-labels g.npy has 5 labels but the activity has 6 stimuli");
        AssertBadInput(["hopfield", "population", "--input", activity, "--fine-labels", Path.Combine(dir, "f.npy"), "--components", "2", "--max-clusters", "3"],
            "--fine-labels f.npy has 7 labels but the activity has 6 stimuli");
    }

    [Fact]
    public void Other_bad_input_gives_one_line_and_exit_code_1()
    {
        string dir = Arrays(GroupedActivity(6, 3, 40, s => s % 2), [6, 3, 40]);
        string activity = Path.Combine(dir, "activity.npy");
        AssertBadInput(["hopfield", "population"], "give --input activity.npy (stimuli × neurons × time) or --simulate");
        AssertBadInput(["hopfield", "population", "--input", activity, "--simulate"], "not both");
        AssertBadInput(["hopfield", "population", "--input", activity, "--window", "41", "--components", "2", "--max-clusters", "3"], "wider than the series (40 time points)");
        AssertBadInput(["hopfield", "population", "--input", activity, "--window", "10", "--components", "2"], "most clusters must be in [1, stimuli] = [1, 6]");
        AssertBadInput(["hopfield", "population", "--input", Path.Combine(dir, "missing.npy")], "missing.npy");
        AssertBadInput(["hopfield", "population", "--simulate", "--window", "0"], "--window must be ≥ 1");
        AssertBadInput(["hopfield", "population", "--simulate", "--b", "1.5"], "--b must be in [0, 1]");
        AssertBadInput(["hopfield", "population", "--simulate", "--prior", "uniform"], "--prior must be dp or dirichlet");
        AssertBadInput(["hopfield", "population", "--simulate", "--n", "1000", "--units-per-sweep", "30"], "divide N = 1000");
    }

    static void AssertBadInput(string[] args, string expected)
    {
        var (exit, output, error) = CliHarness.Run(args);
        Assert.True(exit == 1, $"exit {exit} for {string.Join(' ', args)}: {error}");
        Assert.Equal("", output);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, error);
        Assert.DoesNotContain(" at ", error);
    }
}
