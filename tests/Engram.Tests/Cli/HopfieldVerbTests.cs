using Engram.Reports;

namespace Engram.Tests.Cli;

public class HopfieldVerbTests
{
    [Theory]
    [InlineData("hopfield", "capacity", "--n", "0")]
    [InlineData("hopfield", "capacity", "--n", "-5")]
    [InlineData("hopfield", "capacity", "--alphas", "")]
    [InlineData("hopfield", "capacity", "--alphas", "0.2:0.1:0.01")]
    [InlineData("hopfield", "capacity", "--alphas", "NaN")]
    [InlineData("hopfield", "capacity", "--alphas", "0,0.1")]
    [InlineData("hopfield", "capacity", "--trials", "0")]
    [InlineData("hopfield", "hierarchy", "--b", "1.5")]
    [InlineData("hopfield", "hierarchy", "--b", "-0.1")]
    [InlineData("hopfield", "hierarchy", "--b", "NaN")]
    [InlineData("hopfield", "hierarchy", "--n", "0")]
    [InlineData("hopfield", "hierarchy", "--parents", "0")]
    [InlineData("hopfield", "hierarchy", "--b-grid", "0.5,2")]
    [InlineData("hopfield", "hierarchy", "--noise", "NaN")]
    [InlineData("hopfield", "modern", "--patterns", "0")]
    [InlineData("hopfield", "modern", "--patterns", "64", "--dim", "64")]
    [InlineData("hopfield", "modern", "--betas", "NaN")]
    [InlineData("hopfield", "modern", "--betas", "-1")]
    public void Bad_input_gives_one_line_and_exit_code_1(params string[] args)
    {
        var (exit, output, error) = CliHarness.Run(args);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.DoesNotContain(" at ", error);
    }

    [Fact]
    public void Capacity_json_has_the_documented_fields()
    {
        var (exit, output, error) = CliHarness.Run("hopfield", "capacity", "--n", "400", "--alphas", "0.05,0.3", "--trials", "2", "--json");
        Assert.True(exit == 0, error);
        var doc = System.Text.Json.JsonDocument.Parse(output).RootElement;
        Assert.Equal(400, doc.GetProperty("n").GetInt32());
        var points = doc.GetProperty("points");
        Assert.Equal(2, points.GetArrayLength());
        Assert.True(points[0].GetProperty("mean_overlap").GetDouble() > 0.9);
        Assert.True(points[0].TryGetProperty("std_overlap", out _));
        Assert.True(points[0].TryGetProperty("alpha", out _));
        Assert.True(doc.TryGetProperty("alpha_c_estimate", out _));
        Assert.True(doc.GetProperty("theory_curve").GetArrayLength() > 10);
    }

    [Fact]
    public void Hierarchy_and_modern_write_results_figures_and_a_report()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"engram-hopfield-{Guid.NewGuid():N}");
        try
        {
            var (exit, output, error) = CliHarness.Run("hopfield", "hierarchy", "--n", "300", "--b-grid", "0.3,0.8", "--children-grid", "1,5",
                "--trials", "2", "--steps", "2", "--out", Path.Combine(dir, "h"));
            Assert.True(exit == 0, error);
            Assert.Contains("child–parent overlap", output);
            foreach (string f in new[] { "result.json", "coarse_to_fine.png", "parent_stability.png", "index.html" })
                Assert.True(File.Exists(Path.Combine(dir, "h", f)), f);
            (exit, output, error) = CliHarness.Run("hopfield", "modern", "--dim", "16", "--patterns", "8", "--betas", "1,10", "--separations", "0.5",
                "--separation-betas", "8", "--trials", "2", "--dense-n", "30", "--out", Path.Combine(dir, "m"));
            Assert.True(exit == 0, error);
            foreach (string f in new[] { "result.json", "error_vs_beta.png", "error_vs_separation.png", "dense_capacity.png", "index.html" })
                Assert.True(File.Exists(Path.Combine(dir, "m", f)), f);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
