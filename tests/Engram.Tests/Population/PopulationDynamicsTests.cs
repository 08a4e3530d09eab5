using CsCheck;
using Engram.Population;
using Engram.Numerics;

namespace Engram.Tests.Population;

public class PopulationDynamicsTests
{
    static PopulationActivity RandomActivity(int s, int n, int t, int seed)
    {
        var random = new Random(seed);
        return new PopulationActivity(Enumerable.Range(0, s * n * t).Select(_ => random.NextDouble()).ToArray(), s, n, t);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(12)]
    public void Window_means_equal_a_direct_average_for_every_window(int step)
    {
        PopulationActivity a = RandomActivity(5, 7, 40, step);
        var settings = new PopulationAnalysisSettings { Window = 10, Step = step, Components = 3, Mixture = new() { Components = 2 } };
        PopulationAnalysis result = PopulationDynamics.Analyze(a, null, null, settings);
        Assert.Equal((40 - 10) / step + 1, result.Windows.Count);
        foreach (PopulationWindow w in result.Windows)
        {
            var means = new double[5 * 7];
            for (int s = 0; s < 5; s++)
                for (int n = 0; n < 7; n++)
                {
                    double sum = 0;
                    for (int t = w.FirstSample; t < w.FirstSample + 10; t++) sum += a[s, n, t];
                    means[s * 7 + n] = sum / 10;
                }
            PcaResult direct = PrincipalComponents.Fit(means, 5, 7, 3);
            for (int s = 0; s < 5; s++)
                for (int c = 0; c < 3; c++) Assert.True(Math.Abs(direct.Scores[s, c] - w.Scores[s, c]) < 1e-9, $"window {w.Index}, stimulus {s}, component {c}");
            Assert.Equal(w.Index * step, w.FirstSample);
            Assert.Null(w.AriGlobal);
        }
    }

    [Fact]
    public void Window_times_follow_the_origin_and_the_unit()
    {
        var settings = new PopulationAnalysisSettings { Window = 10, Step = 5, Components = 2, TimeOrigin = -20, TimeUnit = 2, Mixture = new() { Components = 2 } };
        PopulationAnalysis result = PopulationDynamics.Analyze(RandomActivity(4, 3, 30, 1), null, null, settings);
        Assert.Equal(5, result.Windows.Count);
        Assert.Equal((-20.0, 0.0, -10.0), (result.Windows[0].Start, result.Windows[0].End, result.Windows[0].Time));
        Assert.Equal((20.0, 40.0, 30.0), (result.Windows[4].Start, result.Windows[4].End, result.Windows[4].Time));
    }

    /// <summary>
    /// 72 stimuli, 3 global groups × 3 fine groups of 8 each. Pure noise except: a group offset during samples
    /// [100, 250) and a fine offset on top during [170, 250).
    /// </summary>
    static (PopulationActivity Activity, int[] Global, int[] Fine) StagedGroups(int seed)
    {
        const int s = 72, n = 30, t = 300;
        var random = new Random(seed);
        double[][] globalOffset = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, n).Select(_ => 2 * random.NextGaussian()).ToArray()).ToArray();
        double[][] fineOffset = Enumerable.Range(0, 9).Select(_ => Enumerable.Range(0, n).Select(_ => 1.5 * random.NextGaussian()).ToArray()).ToArray();
        int[] fine = Enumerable.Range(0, s).Select(i => i / 8).ToArray();
        int[] global = fine.Select(f => f / 3).ToArray();
        var values = new double[s * n * t];
        for (int i = 0; i < s; i++)
            for (int k = 0; k < n; k++)
                for (int j = 0; j < t; j++)
                {
                    double v = random.NextGaussian();
                    if (j >= 100 && j < 250) v += globalOffset[global[i]][k];
                    if (j >= 170 && j < 250) v += fineOffset[fine[i]][k];
                    values[(i * n + k) * t + j] = v;
                }
        return (new PopulationActivity(values, s, n, t), global, fine);
    }

    [Fact]
    public void Clusters_appear_where_the_structure_is_and_global_before_fine_in_a_staged_signal()
    {
        var (activity, global, fine) = StagedGroups(11);
        var settings = new PopulationAnalysisSettings { Window = 20, Step = 2, Components = 4, Seed = 3 };
        PopulationAnalysis result = PopulationDynamics.Analyze(activity, global, fine, settings);

        var noise = result.Windows.Where(w => w.End <= 80 || w.Start >= 270).ToList();
        var globalOnly = result.Windows.Where(w => w.Start >= 100 && w.End <= 170).ToList();
        var both = result.Windows.Where(w => w.Start >= 170 && w.End <= 250).ToList();
        Assert.All(noise, w => Assert.True(Math.Abs(w.AriGlobal!.Value) < 0.25 && Math.Abs(w.AriFine!.Value) < 0.25, $"noise window at {w.Time}: {w.AriGlobal}, {w.AriFine}"));
        // The mixture sometimes splits a global group in two (so does scikit-learn's), never merges groups.
        Assert.All(globalOnly, w => Assert.True(w.AriGlobal > 0.65 && w.AriFine < 0.5 && w.Clusters >= 3, $"global window at {w.Time}: ARI {w.AriGlobal}, {w.AriFine}"));
        Assert.True(globalOnly.Average(w => w.AriGlobal!.Value) > 0.85);
        Assert.All(both, w => Assert.True(w.AriFine > 0.7 && w.Clusters >= 7, $"fine window at {w.Time}: ARI {w.AriFine}, {w.Clusters} clusters"));
        Assert.True(both.Average(w => w.AriFine!.Value) > 0.85);
        // Window means are sensitive: a structure is found once a few of the window's 20 samples hold it.
        Assert.InRange(result.GlobalRecoveryTime!.Value, 85, 110);
        Assert.InRange(result.FineRecoveryTime!.Value, 155, 180);
    }

    [Fact]
    public void The_same_seed_gives_the_same_labels_and_constant_activity_gives_one_cluster()
    {
        var (activity, global, fine) = StagedGroups(2);
        var settings = new PopulationAnalysisSettings { Window = 30, Step = 40, Seed = 9 };
        var a = PopulationDynamics.Analyze(activity, global, fine, settings);
        var b = PopulationDynamics.Analyze(activity, global, fine, settings);
        Assert.Equal(a.Windows.Select(w => w.Labels), b.Windows.Select(w => w.Labels));

        var flat = new PopulationActivity(Enumerable.Repeat(0.25, 6 * 4 * 60).ToArray(), 6, 4, 60);
        var constant = PopulationDynamics.Analyze(flat, [0, 0, 0, 1, 1, 1], null, new PopulationAnalysisSettings { Components = 2, Mixture = new() { Components = 3 } });
        Assert.All(constant.Windows, w => Assert.Equal((1, 0.0), (w.Clusters, w.AriGlobal!.Value)));
        Assert.Null(constant.GlobalRecoveryTime);
    }

    [Fact]
    public void Bad_input_is_rejected_with_a_message_that_says_what_is_wrong()
    {
        PopulationActivity a = RandomActivity(6, 5, 40, 0);
        string Message(Action act) => Assert.Throws<ArgumentException>(act).Message;
        Assert.Contains("wider than the series (40 time points)", Message(() => PopulationDynamics.Analyze(a, null, null, new() { Window = 41 })));
        Assert.Contains("global labels have 5 entries but the activity has 6 stimuli",
            Message(() => PopulationDynamics.Analyze(a, [0, 0, 1, 1, 2], null, new() { Window = 10 })));
        Assert.Contains("fine labels have 7 entries", Message(() => PopulationDynamics.Analyze(a, null, new int[7], new() { Window = 10 })));
        Assert.Contains("[1, min(stimuli, neurons)] = [1, 5]", Message(() => PopulationDynamics.Analyze(a, null, null, new() { Window = 10, Components = 6 })));
        Assert.Contains("most clusters must be in [1, stimuli] = [1, 6]", Message(() => PopulationDynamics.Analyze(a, null, null, new() { Window = 10 })));
        Assert.Contains("step must be ≥ 1", Message(() => PopulationDynamics.Analyze(a, null, null, new() { Window = 10, Step = 0 })));
    }

    [Fact]
    public void Activity_of_the_wrong_rank_or_with_NaN_or_infinity_is_rejected_naming_the_entry()
    {
        string Message(Action act) => Assert.Throws<ArgumentException>(act).Message;
        Assert.Contains("3-D array (stimuli × neurons × time); got shape (4, 5) of rank 2",
            Message(() => PopulationActivity.FromArray(new double[20], [4, 5])));
        var values = new double[2 * 3 * 4];
        values[(1 * 3 + 2) * 4 + 3] = double.NaN;
        Assert.Contains("activity[1, 2, 3] (stimulus, neuron, time) is NaN", Message(() => PopulationActivity.FromArray(values, [2, 3, 4])));
        values[(1 * 3 + 2) * 4 + 3] = double.NegativeInfinity;
        Assert.Contains("is -Infinity", Message(() => new PopulationActivity(values, 2, 3, 4)));
        Assert.Contains("needs 24 values; got 23", Message(() => new PopulationActivity(new double[23], 2, 3, 4)));
    }

    [Fact]
    public void Any_malformed_shape_or_value_gives_an_ArgumentException_and_nothing_else()
    {
        Gen.Int[0, 4].Array[0, 5].Select(Gen.Int[0, 3], Gen.Double.Array[0, 30]).Sample((shape, bad, values) =>
        {
            double[] v = values.Select(x => double.IsFinite(x) ? x : 0).ToArray();
            if (v.Length > 0 && bad > 0) v[v.Length / 2] = bad == 1 ? double.NaN : bad == 2 ? double.PositiveInfinity : double.NegativeInfinity;
            try
            {
                var activity = PopulationActivity.FromArray(v, shape);
                Assert.True(shape.Length == 3 && shape.All(d => d > 0) && v.Length == shape[0] * shape[1] * shape[2] && v.All(double.IsFinite));
                if (activity.Stimuli >= 2) PopulationDynamics.Analyze(activity, null, null, new() { Window = activity.TimePoints, Components = 1, Mixture = new() { Components = 1 } });
            }
            catch (ArgumentException) { }
        }, iter: 500);
    }
}
