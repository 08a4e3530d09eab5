using System.Globalization;
using System.Text.Json;
using Engram.Data;
using Engram.Tests.Data;

namespace Engram.Tests.Cli;

/// <summary>The reported GW loss is the loss of the plan in plan.npy, recomputed by numpy (Fixtures/gw_loss_from_plan.py).</summary>
public sealed class ReportedLossTests : IDisposable
{
    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("auto", "0.05")]
    [InlineData("single", "0.05")]
    [InlineData("double", "0.5")]
    public void The_reported_loss_equals_numpys_loss_of_plan_npy_to_1e_12(string precision, string eps)
    {
        string x = BundledData.PathOf("simulation/simulation2_embedding1.npy"), y = BundledData.PathOf("simulation/simulation2_embedding2.npy");
        string dir = folder.File(precision);
        var (exit, output, error) = CliHarness.Run("align", x, y, "--eps", eps, "--precision", precision, "--max-iter", "50", "--out", dir, "--json");
        Assert.True(exit == 0, error);
        double reported = JsonDocument.Parse(output).RootElement.GetProperty("gw_loss").GetDouble();
        string script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "gw_loss_from_plan.py");
        string numpy = TestFiles.RunNumpy(
            $"import sys; sys.argv = ['', r'{Path.Combine(dir, "plan.npy")}', r'{x}', r'{y}']; exec(open(r'{script}').read())");
        double recomputed = double.Parse(numpy, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(reported - recomputed) <= 1e-12 * Math.Abs(recomputed), $"reported {reported:R}, numpy {recomputed:R}");
    }
}
