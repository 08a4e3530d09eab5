using System.Text.Json;
using Engram.Alignment;
using Engram.Data;
using Engram.Reports;
using Engram.Studies;
using Engram.Tests.Studies;
using Engram.Web;

namespace Engram.Tests.Web;

/// <summary>
/// A trial-by-trial objective for dashboard tests: value (x − 0.3)² (+0.05 for kind b), five intermediate values, every fourth
/// trial failing with a reason that holds a script tag; <see cref="Delay"/> slows each trial for the live tests.
/// </summary>
internal sealed class QuadraticObjective : IStudyObjective
{
    /// <summary>A failure reason a page must show as text.</summary>
    public const string FailureReason = "<script>window.injected = 'reason'</script> diverged at step 5";

    /// <summary>Wall time of one trial.</summary>
    public TimeSpan Delay { get; init; }

    public static StudyDefinition Definition(string name, int trials) => new()
    {
        Name = name, Space = SearchSpace.Parse("x=float[0.01,1] log;kind=categorical[a,b]"), Objective = "quadratic", TargetTrials = trials,
        Sampler = SamplerKind.Random, Seed = 3, HeartbeatSeconds = 1, StaleAfterSeconds = 30,
    };

    public ObjectiveResult Evaluate(TrialRun trial, CancellationToken cancellation)
    {
        double x = trial.Float("x"), value = (x - 0.3) * (x - 0.3) + (trial.Choice("kind") == "b" ? 0.05 : 0);
        for (int step = 1; step <= 5; step++) trial.Report(step, value + 1.0 / step);
        if (Delay > TimeSpan.Zero) cancellation.WaitHandle.WaitOne(Delay);
        var attributes = new Dictionary<string, double> { ["x_squared"] = x * x };
        return trial.Number % 4 == 3 ? new ObjectiveResult(double.NaN, attributes) { Failure = FailureReason } : new ObjectiveResult(value, attributes);
    }
}

/// <summary>
/// The storage and runs folder the dashboard tests read, made once: an SQLite file with a quadratic study (12 trials, three
/// failed), a GW study between two made representations with categories whose worker stored the best plan, and an analysis
/// of three representations (its pairs' studies) whose report is in the runs folder.
/// </summary>
public sealed class DashboardStudies : IDisposable
{
    /// <summary>A study name a page must show as text.</summary>
    public const string GwStudy = "made <script>window.injected = 'name'</script>";

    /// <summary>The quadratic study.</summary>
    public const string Quadratic = "quadratic";

    /// <summary>The analysis.</summary>
    public const string Analysis = "made";

    public string Folder { get; } = Directory.CreateTempSubdirectory("engram-dashboard-").FullName;
    public string Database => Path.Combine(Folder, "studies.db");
    public string Storage => $"sqlite:{Database}";
    public string Runs => Path.Combine(Folder, "runs");

    /// <summary>The studies as stored when the fixture was made.</summary>
    public IReadOnlyDictionary<string, StudySnapshot> Studies { get; }

    public DashboardStudies()
    {
        using IStudyStorage storage = StudyStorage.Open(Storage);
        storage.CreateStudy(QuadraticObjective.Definition(Quadratic, 12));
        new StudyWorker(storage, Quadratic, new QuadraticObjective()).Run();

        var (files, _) = RepresentationAnalysisTests.Made(Folder, permute: false);
        int n = RepresentationAnalysisTests.Items;
        string categoryFile = Path.Combine(Folder, "categories.csv");
        File.WriteAllLines(categoryFile, [",left,right", .. Enumerable.Range(0, n).Select(i => i < n / 2 ? $"item {i},1,0" : $"item {i},0,1")]);
        var gw = new StudyDefinition
        {
            Name = GwStudy, Space = SearchSpace.Parse("eps=float[0.02,0.2] log"), Objective = StudyObjectives.GwAlignment,
            ObjectiveSettings = StudySettingsJson.Write(new GwAlignmentStudySettings
            {
                X = files[0], Y = files[1], Categories = categoryFile,
                Alignment = new AlignmentSettings { Gw = new GwSettings { Epsilon = 0.05, MaxIterations = 300 } },
            }),
            TargetTrials = 3, Sampler = SamplerKind.Random, Seed = 5,
        };
        storage.CreateStudy(gw);
        new StudyWorker(storage, GwStudy, StudyObjectives.Create(gw)) { ArtefactDirectory = StudyStorage.ArtefactDirectory(storage, GwStudy), PrunerMinStep = 10, PrunerMaxStep = 300 }.Run();

        RepresentationAnalysisSettings settings = RepresentationAnalysisTests.Settings(files[..3]);
        RepresentationAnalysisResult analysis = RepresentationAnalysis.Run(
            settings with { Name = Analysis, Search = settings.Search with { Trials = 2 }, Categories = categoryFile }, storage);
        AnalysisReport.Write(Path.Combine(Runs, "made-analysis"), analysis);

        Studies = storage.StudyNames().ToDictionary(name => name, name => storage.LoadStudy(name)!);
    }

    /// <summary>Starts a dashboard over the fixture's storage and runs folder on a free port.</summary>
    internal Task<Dashboard> StartAsync(TextWriter log) =>
        Dashboard.StartAsync(new DashboardSettings { Storage = Storage, Runs = Runs, Port = 0, RefreshSeconds = 1 }, log);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
