using Engram.Data;
using Engram.Reports;

namespace Engram.Tests.Cli;

public class PhiVerbTests
{
    static string Series(double[,] values)
    {
        string path = Path.Combine(Path.GetTempPath(), $"engram-phi-{Guid.NewGuid():N}.npy");
        Npy.Write(path, values);
        return path;
    }

    static double[,] Noise(int channels, int samples, int seed)
    {
        var random = new Random(seed);
        var x = new double[channels, samples];
        for (int c = 0; c < channels; c++) for (int t = 0; t < samples; t++) x[c, t] = random.NextDouble() - 0.5;
        return x;
    }

    static void BadInput(string expected, params string[] args)
    {
        var (exit, output, error) = CliHarness.Run(args);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Complexes_of_the_bundled_toy_are_those_of_science_md_and_written_to_the_folder()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"engram-phi-{Guid.NewGuid():N}");
        var (exit, output, _) = CliHarness.Run("phi", "complexes", "--ar", BundledData.PathOf("phi/toy6_ar.npy"), "--search", "exhaustive", "--json", "--out", dir);
        Assert.Equal(0, exit);
        var summary = JsonResult.FromJson<PhiComplexesSummary>(output);
        Assert.Equal(["4,5", "2,3,4,5", "0,1", "0,1,2,3,4,5"], summary.Complexes.Select(c => string.Join(",", c.Channels)));
        Assert.Equal([0, 2], summary.MainComplexes);
        Assert.Equal(1.3912e-5, summary.Complexes[0].Phi, 1e-9);
        foreach (string file in new[] { "result.json", "index.html", "complexes.npy", "complexes.png" }) Assert.True(File.Exists(Path.Combine(dir, file)), file);
    }

    [Fact]
    public void Mip_and_measure_agree_on_the_bundled_series()
    {
        string data = BundledData.PathOf("phi/ar8_series.npy");
        var (exit, output, _) = CliHarness.Run("phi", "mip", data, "--measure", "mi", "--search", "queyranne", "--json");
        Assert.Equal(0, exit);
        var mip = JsonResult.FromJson<PhiMipSummary>(output);
        Assert.Equal(175, mip.Evaluations);
        var labels = new int[8];
        foreach (int c in mip.Mip[1]) labels[c] = 1;
        (exit, output, _) = CliHarness.Run("phi", "measure", data, "--measure", "mi", "--partition", string.Join(",", labels), "--json");
        Assert.Equal(0, exit);
        Assert.Equal(mip.Phi, JsonResult.FromJson<PhiMeasureSummary>(output).Phi, 1e-12);
    }

    [Fact]
    public void Bad_input_gets_one_line_and_exit_code_1()
    {
        var nan = Noise(3, 50, 1);
        nan[2, 9] = double.NaN;
        BadInput("non-finite value (NaN) at channel 2, sample 9", "phi", "mip", Series(nan));
        BadInput("10 samples for 20 channels", "phi", "mip", Series(Noise(20, 10, 2)));
        BadInput("the lag τ = 60 is not below the number of samples (60)", "phi", "mip", Series(Noise(3, 60, 3)), "--tau", "60");
        string four = Series(Noise(4, 500, 4));
        BadInput("covers 3 channels but the data have 4", "phi", "measure", four, "--partition", "1,1,2");
        BadInput("'x' is not a whole number", "phi", "measure", four, "--partition", "1,x,2,2");
        BadInput("needs 5.498E+11 Φ evaluations", "phi", "mip", Series(Noise(40, 2000, 5)), "--search", "exhaustive");
        BadInput("use the hierarchical complex search", "phi", "complexes", Series(Noise(30, 2000, 6)), "--search", "exhaustive");
        BadInput("either a DATA file", "phi", "mip");
    }

    [Fact]
    public void One_channel_is_refused_by_measure_as_by_mip_and_complexes()
    {
        string one = Series(Noise(1, 200, 7));
        const string Refusal = "engram: error: a partition needs at least 2 channels; the system has 1.\n";
        Assert.Equal((1, "", Refusal), CliHarness.Run("phi", "measure", one, "--partition", "1"));
        Assert.Equal((1, "", Refusal), CliHarness.Run("phi", "mip", one));
        var states = new double[1, 200];
        for (int t = 0; t < 200; t++) states[0, t] = t % 2;
        Assert.Equal((1, "", Refusal), CliHarness.Run("phi", "measure", Series(states), "--discrete", "--partition", "1"));
    }
}
