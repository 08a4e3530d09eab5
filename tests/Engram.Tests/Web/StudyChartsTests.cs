using System.Buffers.Binary;
using System.Text;
using Engram.Studies;
using Engram.Web;

namespace Engram.Tests.Web;

public class StudyChartsTests
{
    static StudySnapshot Made(int trials)
    {
        var definition = QuadraticObjective.Definition("made", trials);
        var start = DateTimeOffset.UnixEpoch;
        var list = Enumerable.Range(0, trials).Select(n => new Trial(n, TrialState.Complete,
            new Dictionary<string, double> { ["x"] = 0.01 + 0.99 * n / trials, ["kind"] = n % 2 }, 1.0 / (n + 1),
            new SortedDictionary<int, double> { [1] = 2.0 / (n + 1) }, new Dictionary<string, double>(), "w", start, start.AddSeconds(1), start.AddSeconds(1),
            null, null, false)).ToList();
        return new StudySnapshot(definition, list);
    }

    static StudyCharts Charts() => new(new DashboardSettings { Storage = "unused" }, null!, null);   // charts need no storage

    [Fact]
    public void A_small_study_gets_svg_charts_and_a_large_one_png_of_the_same_size()
    {
        var charts = Charts();
        var small = charts.Image(Made(40), "history")!.Value;
        Assert.Equal("image/svg+xml", small.ContentType);
        Assert.Contains("width=\"640\" height=\"420\"", Encoding.UTF8.GetString(small.Bytes));
        var large = charts.Image(Made(StudyCharts.SvgTrials + 1), "param-0")!.Value;
        Assert.Equal("image/png", large.ContentType);
        Assert.Equal("\u0089PNG", Encoding.Latin1.GetString(large.Bytes, 0, 4));
        Assert.Equal(StudyCharts.Width, BinaryPrimitives.ReadInt32BigEndian(large.Bytes.AsSpan(16, 4)));
        Assert.Equal(StudyCharts.Height, BinaryPrimitives.ReadInt32BigEndian(large.Bytes.AsSpan(20, 4)));
        Assert.Null(charts.Image(Made(3), "param-7"));
        Assert.Null(charts.Image(Made(3), "../etc"));
    }

    [Fact]
    public void The_version_changes_with_a_trial_state_value_or_intermediate_value_and_not_with_a_heartbeat()
    {
        StudySnapshot study = Made(5);
        string version = StudyCharts.Version(study);
        StudySnapshot With(Func<Trial, Trial> change) => study with { Trials = [.. study.Trials.Take(4), change(study.Trials[4])] };
        Assert.Equal(version, StudyCharts.Version(With(t => t with { Heartbeat = t.Heartbeat!.Value.AddSeconds(5) })));
        Assert.NotEqual(version, StudyCharts.Version(With(t => t with { State = TrialState.Failed })));
        Assert.NotEqual(version, StudyCharts.Version(With(t => t with { Value = 0.5 })));
        Assert.NotEqual(version, StudyCharts.Version(With(t => t with { Intermediate = new SortedDictionary<int, double> { [1] = 1, [2] = 0.5 } })));
        Assert.NotEqual(version, StudyCharts.Version(study with { Trials = [.. study.Trials.Take(4)] }));
    }
}
