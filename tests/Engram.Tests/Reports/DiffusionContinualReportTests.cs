using ReplayPolicy = Engram.Continual.ReplayPolicy;
using Engram.Continual.Diffusion;
using Engram.Numerics;
using Engram.Reports;

namespace Engram.Tests.Reports;

/// <summary>
/// The diffusion report's figures from a tiny made-up evaluation: the replay policies on an axis named by policy, and
/// sample grids whose rows are named by task and whose columns by sample, with no pixel axes.
/// </summary>
public sealed class DiffusionContinualReportTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("engram-diffusion-report-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Two seeds, three policies, 20 images, 3 tasks of 2 classes, 4 samples of 6 × 6 pixels per grid.</summary>
    internal static DiffusionContinualResult Tiny()
    {
        ReplayPolicy[] policies = [ReplayPolicy.None, ReplayPolicy.TopK, ReplayPolicy.Random];
        var settings = DiffusionContinualSettings.Quick() with { Tasks = [[0, 1], [2, 3], [4, 5]], Policies = policies, Seeds = [0, 1] };
        int images = 20, timesteps = settings.Timesteps.Length;
        double[] Ramp(double scale, int shift) => [.. Enumerable.Range(0, images).Select(i => scale * ((i + shift) % images) / images)];
        SeedOutcome Seed(int seed) => new(seed, [.. Enumerable.Range(0, images)], [.. Enumerable.Range(0, images).Select(i => i % 2)], Ramp(100, 0),
            [.. Enumerable.Range(0, timesteps).Select(t => Ramp(-10 - t, seed))], [.. Enumerable.Range(0, timesteps).Select(_ => Ramp(0.1, 0))], Ramp(0.2, 1),
            [.. policies.Select((p, k) => new PolicyOutcome(p, [], [Ramp(0.2, k), Ramp(0.3 - 0.05 * k, seed)], [Ramp(2, k), Ramp(3 - 0.5 * k, seed)], [], Ramp(0.5, k), []))]);
        Interval I(double v) => new(v, v - 0.02, v + 0.02, 0.95);
        float[] Pixels(int count, float level) => [.. Enumerable.Range(0, count * 36).Select(i => (i % 36) / 35f * level)];
        return new DiffusionContinualResult
        {
            Settings = settings, Kind = "ddpm", Space = "pixels", Sigmas = [.. Enumerable.Range(1, timesteps).Select(t => 0.1 * t)],
            Seeds = [Seed(0), Seed(1)],
            Correlations = [new EnergyForgettingCorrelation(0, ReplayPolicy.None, settings.SelectionTimestep, 0.2, I(-0.5))],
            MeanRho = I(-0.5),
            Confounds = [],
            Deciles = [.. policies.Select((p, k) => new DecileForgetting(p, [.. Enumerable.Range(0, 10).Select(d => 0.3 - 0.01 * d - 0.05 * k)]))],
            Comparison = [.. policies.Select((p, k) => new PolicyComparison(p, I(0.3 - 0.05 * k), I(0.4 - 0.1 * k), k == 0 ? null : I(0.1)))],
            Grids =
            [
                new SampleGrid("after task 1", null, 1, Pixels(4, 1), 4, 6, 6),
                .. policies.SelectMany(p => new[] { 2, 3 }.Select(t => new SampleGrid($"{p} after task {t}", p, t, Pixels(4, 0.5f), 4, 6, 6))),
            ],
        };
    }

    [Fact]
    public void Policies_are_named_on_their_axis_and_sample_grids_name_rows_and_columns_in_png_and_svg()
    {
        DiffusionContinualReport.Write(folder, Tiny(), "engram continual diffusion report --out x", FigureFormats.Png | FigureFormats.Svg);
        IReadOnlyList<string> policies = FigureFiles.AssertBoth(Path.Combine(folder, "policies.png"), "replay policy", "none", "topk", "random");
        Assert.DoesNotContain(policies, t => t is "0.5" or "1.5" or "2.5");
        IReadOnlyList<string> grid = FigureFiles.AssertBoth(Path.Combine(folder, "samples_topk.png"), "model after", "task 1", "task 2", "task 3", "sample", "1", "4");
        Assert.DoesNotContain(grid, t => int.TryParse(t, out int v) && v > 4);
        FigureFiles.AssertBoth(Path.Combine(folder, "energy_vs_forgetting.png"));
        FigureFiles.AssertBoth(Path.Combine(folder, "forgetting_by_decile.png"), "energy decile (1 = lowest energy)");
        string html = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.Contains("<a href=\"policies.svg\">SVG</a>", html);
    }

    [Fact]
    public void With_one_seed_the_policy_figure_claims_no_interval()
    {
        DiffusionContinualResult two = Tiny();
        DiffusionContinualResult one = two with { Settings = two.Settings with { Seeds = [0] }, Seeds = [two.Seeds[0]] };
        DiffusionContinualReport.Write(folder, one, "engram continual diffusion report --out x", FigureFormats.Png | FigureFormats.Svg);
        IReadOnlyList<string> texts = FigureFiles.AssertBoth(Path.Combine(folder, "policies.png"), "none", "topk", "random");
        Assert.Contains(texts, t => t.Contains("one seed, no interval", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("95 %", StringComparison.Ordinal));
        DiffusionContinualReport.Write(folder, two, "engram continual diffusion report --out x", FigureFormats.Png | FigureFormats.Svg);
        Assert.Contains(FigureFiles.SvgTexts(Path.Combine(folder, "policies.svg")), t => t.Contains("mean over 2 seeds, 95 % interval", StringComparison.Ordinal));
    }
}
