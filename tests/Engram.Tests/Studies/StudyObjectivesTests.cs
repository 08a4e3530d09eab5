using System.Reflection;
using Engram.Alignment;
using Engram.Studies;

namespace Engram.Tests.Studies;

/// <summary>The objective registry: typed settings stored as JSON, older stored settings, and settings given key by key.</summary>
public sealed class StudyObjectivesTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("engram-objectives-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    static StudyObjectiveKind Gw => StudyObjectives.Get(StudyObjectives.GwAlignment);

    (string X, string Y) Files()
    {
        var x = new double[8, 2];
        for (int i = 0; i < 8; i++) { x[i, 0] = i + 1; x[i, 1] = i * i % 5; }
        string xp = Path.Combine(dir, "x.npy"), yp = Path.Combine(dir, "y.npy");
        Engram.Data.Npy.Write(xp, Engram.Data.NpyArray.FromMatrix(x));
        Engram.Data.Npy.Write(yp, Engram.Data.NpyArray.FromMatrix(x));
        return (xp, yp);
    }

    [Fact]
    public void Every_member_of_GwSettings_a_study_can_store_is_a_setting_without_code_naming_it()
    {
        string[] keys = [.. StudySettingsJson.Keys<GwAlignmentStudySettings>()];
        foreach (PropertyInfo p in typeof(GwSettings).GetProperties().Where(p => p.SetMethod is not null && p.PropertyType != typeof(double[,])))
        {
            string name = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);
            Assert.Contains($"alignment.gw.{name}", keys);
        }
        Assert.DoesNotContain("alignment.gw.user_plan", keys);
    }

    [Fact]
    public void A_setting_given_by_its_full_name_reaches_the_objective_a_worker_builds()
    {
        var (x, y) = Files();
        string settings = Gw.Settings([("x", x), ("y", y), ("alignment.gw.sinkhorn_max_iterations", "7"), ("alignment.gw.inexact_sinkhorn", "0"), ("metric", "cosine")]);
        var definition = new StudyDefinition { Name = "s", Space = SearchSpace.Parse("eps=float[0.1,1] log"), Objective = StudyObjectives.GwAlignment, ObjectiveSettings = settings, TargetTrials = 1 };
        var objective = (GwAlignmentObjective)StudyObjectives.Create(definition);
        Assert.Equal(7, objective.Settings.Gw.SinkhornMaxIterations);
        Assert.Equal(0, objective.Settings.Gw.InexactSinkhorn);
        Assert.Equal(DissimilarityMetric.Cosine, objective.Inputs.First.Metric);
        Assert.Equal(DissimilarityMetric.Cosine, objective.Inputs.Second.Metric);
        Assert.Equal("x.npy", objective.Inputs.First.Name);
    }

    [Fact]
    public void Settings_stored_as_strings_by_an_older_Engram_read_with_precision_auto_and_compare_equal_to_the_same_typed_settings()
    {
        var (x, y) = Files();
        string legacy = $$"""{"init":"random","input":"auto","max_iter":"40","metric":"euclidean","strict":"false","tol":"1E-09","x":"{{x}}","y":"{{y}}"}""";
        var read = StudySettingsJson.Read<GwAlignmentStudySettings>(Gw.Canonical(legacy));
        Assert.Equal(Precision.Auto, read.Alignment.Gw.Precision);
        Assert.Equal(40, read.Alignment.Gw.MaxIterations);
        Assert.Equal(x, read.X.Path);
        string typed = Gw.Settings([("x", x), ("y", y), ("max_iter", "40")]);
        var stored = new StudyDefinition { Name = "s", Space = SearchSpace.Parse("eps=float[0.1,1] log"), Objective = StudyObjectives.GwAlignment, ObjectiveSettings = legacy, TargetTrials = 1 };
        Assert.Null(stored.DifferenceFrom(stored with { ObjectiveSettings = typed }));
        Assert.Equal("objective setting alignment.gw.max_iterations = 40, but 50 was asked for",
            stored.DifferenceFrom(stored with { ObjectiveSettings = Gw.Settings([("x", x), ("y", y), ("max_iter", "50")]) }));
        var hopfield = StudySettingsJson.Read<HopfieldCapacityStudySettings>(StudyObjectives.Get(StudyObjectives.HopfieldCapacity).Canonical("""{"networks":"3"}"""));
        Assert.Equal((3, 100), (hopfield.Networks, hopfield.MaxSteps));
    }

    [Fact]
    public void A_study_cannot_refine_every_trial_or_start_from_a_user_plan()
    {
        var (x, y) = Files();
        Assert.Contains("refine the best trial's plan afterwards", Assert.Throws<ArgumentException>(() => Gw.Settings([("x", x), ("y", y), ("alignment.refine", "true")])).Message);
        Assert.Contains("cannot start from a user plan", Assert.Throws<ArgumentException>(() => Gw.Settings([("x", x), ("y", y), ("init", "user")])).Message);
        Assert.Contains("ambiguous", Assert.Throws<ArgumentException>(() => Gw.Settings([("x", x), ("y", y), ("max_iterations", "3")])).Message);
    }
}
