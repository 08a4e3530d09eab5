using System.Text.Json;
using CsCheck;
using Engram.Continual;
using Engram.Data;
using Engram.Tests.Cli;

namespace Engram.Tests.Continual;

/// <summary>The <c>engram continual</c> verbs end to end, in-process (src/Engram.Cli/Continual).</summary>
[Collection(nameof(TorchTraining))]
public class ContinualVerbTests
{
    static string TempFolder() => Directory.CreateTempSubdirectory("engram-continual-").FullName;

    [Fact]
    public void Drift_json_is_one_object_with_the_published_field_names()
    {
        var (exit, stdout, stderr) = CliHarness.Run("continual", "drift", "--eps", "0.05", "--draws", "20", "--seed", "0", "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        foreach (string field in new[] { "energy_cluster", "energy_outlier", "dE_cluster", "dE_outlier", "gain_self_cluster", "gain_self_outlier", "gain_within", "gain_cross",
                     "dE_cluster_se", "dE_outlier_se", "gain_self_cluster_se", "gain_self_outlier_se", "gain_within_se", "gain_cross_se" })
            Assert.Equal(JsonValueKind.Number, root.GetProperty(field).ValueKind);
        Assert.Equal(-0.507404, root.GetProperty("energy_cluster").GetDouble(), 1e-6);
        Assert.Equal(20, root.GetProperty("settings").GetProperty("draws").GetInt32());
        Assert.Equal(0, root.GetProperty("not_converged").GetInt32());
    }

    [Fact]
    public void Drift_summary_and_report_folder()
    {
        string folder = TempFolder();
        try
        {
            var (exit, stdout, stderr) = CliHarness.Run("continual", "drift", "--draws", "10", "--out", folder);
            Assert.True(exit == 0, stderr);
            Assert.Contains("mean ΔE", stdout);
            Assert.Contains("net self-replay gain", stdout);
            Assert.Contains("all fixed points converged", stdout);
            foreach (string file in new[] { "result.json", "index.html", "energy_vs_dE.png", "net_gain_matrix.png", "closed_form_gain_matrix.png" })
                Assert.True(new FileInfo(Path.Combine(folder, file)).Length > 1000, $"{file} missing or tiny");
            Assert.Contains("energy_vs_dE.png", File.ReadAllText(Path.Combine(folder, "index.html")));
            NpyArray perDraw = Npy.Read(Path.Combine(folder, "dE_per_draw.npy"));
            Assert.Equal([10, 13], perDraw.Shape);
            Assert.Equal([13, 13], Npy.Read(Path.Combine(folder, "net_gain.npy")).Shape);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Theory]
    [InlineData("--eps", "-0.1")]
    [InlineData("--beta", "0")]
    [InlineData("--c", "1")]
    [InlineData("--draws", "0")]
    [InlineData("--eps", "abc")]
    public void Drift_rejects_bad_values_with_one_line_and_exit_1(string option, string value)
    {
        var (exit, stdout, stderr) = CliHarness.Run("continual", "drift", option, value);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains(option, stderr);
    }

    [Fact]
    public void Drift_rejects_a_dimension_without_room_for_the_orthogonal_directions()
    {
        var (exit, _, stderr) = CliHarness.Run("continual", "drift", "--dim", "13");
        Assert.Equal(1, exit);
        Assert.Contains("14 orthogonal directions", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Sweep_fits_a_slope_near_2_and_writes_both_figures()
    {
        string folder = TempFolder();
        try
        {
            var (exit, stdout, stderr) = CliHarness.Run("continual", "sweep", "--eps", "0.005,0.01,0.02", "--c", "0.2,0.5", "--draws", "10", "--json", "--out", folder);
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            Assert.InRange(doc.RootElement.GetProperty("slope_cluster").GetProperty("slope").GetDouble(), 1.9, 2.1);
            Assert.True(File.Exists(Path.Combine(folder, "dE_vs_eps.png")));
            Assert.True(File.Exists(Path.Combine(folder, "dE_vs_energy.png")));
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void Sweep_needs_two_epsilons()
    {
        var (exit, _, stderr) = CliHarness.Run("continual", "sweep", "--eps", "0.05");
        Assert.Equal(1, exit);
        Assert.Contains("two distinct", stderr);
    }

    [Fact]
    public void Replay_prints_the_policy_table_and_writes_the_comparison_figure()
    {
        string folder = TempFolder();
        try
        {
            var (exit, stdout, stderr) = CliHarness.Run("continual", "replay", "--budgets", "2,8", "--trials", "2", "--out", folder);
            Assert.True(exit == 0, stderr);
            Assert.Contains("top-K energy", stdout);
            Assert.Contains("bottom-K energy", stdout);
            foreach (string file in new[] { "policy_comparison.png", "policy_comparison_net.png", "gain_vs_energy.png", "total_gain_vs_energy.png", "per_sample_forgetting.png", "index.html" })
                Assert.True(File.Exists(Path.Combine(folder, file)), file);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void Replay_rejects_a_budget_larger_than_the_memory()
    {
        var (exit, _, stderr) = CliHarness.Run("continual", "replay", "--budgets", "46", "--trials", "1");
        Assert.Equal(1, exit);
        Assert.Contains("memory size 45", stderr);
    }

    [Fact]
    public void Replay_rejects_malformed_clusters()
    {
        var (exit, _, stderr) = CliHarness.Run("continual", "replay", "--clusters", "20:1.2");
        Assert.Equal(1, exit);
        Assert.Contains("--clusters", stderr);
    }

    [Fact]
    public void Train_runs_every_policy_and_writes_its_report()
    {
        string folder = TempFolder();
        try
        {
            var (exit, stdout, stderr) = CliHarness.Run("continual", "train", "--steps", "30", "--budgets", "10", "--json", "--out", folder);
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            Assert.Equal(4, doc.RootElement.GetProperty("runs").GetArrayLength());
            foreach (string file in new[] { "policy_comparison.png", "task1_nll_curves.png", "energy_rise.png", "task1_training.png", "index.html" })
                Assert.True(File.Exists(Path.Combine(folder, file)), file);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void Every_verb_has_help_with_an_example()
    {
        foreach (string verb in new[] { "drift", "sweep", "replay", "train" })
        {
            var (exit, stdout, _) = CliHarness.Run("continual", verb, "--help");
            Assert.Equal(0, exit);
            Assert.Contains($"Example: engram continual {verb}", stdout);
        }
    }

    static string WriteMatrix(string folder, string name, double[,] m)
    {
        string path = Path.Combine(folder, name);
        Npy.Write(path, m);
        return path;
    }

    [Fact]
    public void Drift_on_a_user_memory_and_its_given_new_version()
    {
        string folder = TempFolder();
        try
        {
            double[,] x = ClusteredMemory.Generate(MemoryLayout.Protocol, 50, new Random(8)).Patterns;
            double[,] y = new RotationDrift(0.05).Apply(x, new Random(9));
            string xPath = WriteMatrix(folder, "x.npy", x), yPath = WriteMatrix(folder, "y.npy", y);
            var (exit, stdout, stderr) = CliHarness.Run("continual", "drift", "--patterns", xPath, "--new-patterns", yPath, "--json");
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            Assert.False(doc.RootElement.TryGetProperty("dE_cluster", out _)); // no groups in a user memory
            double[] dE = doc.RootElement.GetProperty("energy_increase").Deserialize<double[]>()!;
            double[] expected = IntrinsicForgetting.Measure(x, y, 8).EnergyIncrease;
            for (int k = 0; k < 13; k++) Assert.Equal(expected[k], dE[k], 1e-15);

            var (exit2, stdout2, stderr2) = CliHarness.Run("continual", "drift", "--patterns", xPath, "--draws", "3");
            Assert.True(exit2 == 0, stderr2);
            Assert.Contains("user memory 13 × 50", stdout2);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void Non_finite_patterns_and_a_lone_new_pattern_file_are_bad_input()
    {
        string folder = TempFolder();
        try
        {
            var x = new double[4, 6];
            x[2, 3] = double.NaN;
            string path = WriteMatrix(folder, "bad.npy", x);
            var (exit, _, stderr) = CliHarness.Run("continual", "drift", "--patterns", path);
            Assert.Equal(1, exit);
            Assert.Contains("finite", stderr);
            Assert.Contains("row 2, column 3", stderr);
            Assert.Single(stderr.Trim().Split('\n'));
            var (exit2, _, stderr2) = CliHarness.Run("continual", "replay", "--patterns", path, "--budgets", "1");
            Assert.Equal(1, exit2);
            Assert.Contains("finite", stderr2);
            var (exit3, _, stderr3) = CliHarness.Run("continual", "drift", "--new-patterns", path);
            Assert.Equal(1, exit3);
            Assert.Contains("--new-patterns needs --patterns", stderr3);
            var (exit4, _, stderr4) = CliHarness.Run("continual", "drift", "--patterns", Path.Combine(folder, "missing.npy"));
            Assert.Equal(1, exit4);
            Assert.Contains("missing.npy", stderr4);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void Replay_selects_the_highest_energy_samples_of_a_user_memory()
    {
        string folder = TempFolder();
        try
        {
            double[,] x = ClusteredMemory.Generate(MemoryLayout.Protocol, 50, new Random(8)).Patterns;
            var (exit, stdout, stderr) = CliHarness.Run("continual", "replay", "--patterns", WriteMatrix(folder, "x.npy", x), "--budgets", "1,2", "--trials", "2", "--json");
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            JsonElement top1 = doc.RootElement.GetProperty("outcomes").EnumerateArray()
                .First(o => o.GetProperty("policy").GetString() == "top_k" && o.GetProperty("budget").GetInt32() == 1);
            Assert.Equal([12], top1.GetProperty("replayed_first_trial").Deserialize<int[]>()!);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void Train_on_user_task_files()
    {
        string folder = TempFolder();
        try
        {
            var settings = new ContinualTrainingSettings { Dimension = 3, Task1ClusterSizes = [20, 10], Task1Outliers = 2, Task2ClusterSize = 15 };
            var (task1, _, task2) = ContinualTraining.GenerateTasks(settings, new Random(4));
            var (exit, stdout, stderr) = CliHarness.Run("continual", "train", "--task1", WriteMatrix(folder, "t1.npy", task1), "--task2", WriteMatrix(folder, "t2.npy", task2),
                "--memories", "4", "--steps", "20", "--budgets", "5", "--json");
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            Assert.False(doc.RootElement.TryGetProperty("task1_groups", out _));
            Assert.Equal(32, doc.RootElement.GetProperty("task1_energy").GetArrayLength());
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void Malformed_option_values_are_bad_input_never_an_internal_failure()
    {
        Gen.OneOf(Gen.String, Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), Gen.Const("1e400"), Gen.Const("-0"), Gen.Const("NaN"))
            .Sample(value =>
            {
                var (exit, stdout, stderr) = CliHarness.Run("continual", "drift", "--draws", "1", "--eps", value, "--json");
                Assert.True(exit is 0 or 1, $"--eps '{value}': exit {exit}, {stderr}");
                if (exit == 1) { Assert.Equal("", stdout); Assert.Single(stderr.Trim().Split('\n')); }
                var (exit2, _, stderr2) = CliHarness.Run("continual", "replay", "--trials", "1", "--budgets", "1", "--outliers", "0", "--dim", "16", "--clusters", value, "--json");
                Assert.True(exit2 is 0 or 1, $"--clusters '{value}': exit {exit2}, {stderr2}");
            }, iter: 40);
    }
}
