using Engram.Alignment;
using Engram.Studies;

namespace Engram.Tests.Studies;

/// <summary><see cref="EpsilonSearch"/>: the best trial's alignment from its stored plan, the same as solving it again.</summary>
public sealed class EpsilonSearchTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("engram-epsilon-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void The_best_result_comes_from_the_stored_plan_and_equals_a_fresh_solve_of_the_best_trial()
    {
        var (files, _) = RepresentationAnalysisTests.Made(dir);
        var search = new EpsilonSearchSettings
        {
            Name = "pair", Alignment = new GwAlignmentStudySettings { X = files[0], Y = files[1], Alignment = new AlignmentSettings { Gw = new GwSettings { Epsilon = 1, MaxIterations = 60 } } },
            Plan = new EpsilonSearchPlan { EpsilonLow = 0.05, EpsilonHigh = 0.5, Trials = 3, Sampler = SamplerKind.Random, Seed = 2 },
        };
        using IStudyStorage storage = StudyStorage.Open($"sqlite:{dir}/s.db");
        string artefacts = StudyStorage.ArtefactDirectory(storage, search.Name);
        EpsilonSearchResult found = EpsilonSearch.Run(search, storage, artefacts: artefacts);
        Assert.True(found.FromStoredPlan);
        Assert.Equal(found.Best.Value, found.Result.GwLoss);
        EpsilonSearchResult solved = EpsilonSearch.Run(search, storage, runTrials: false);   // no artefact folder: solved again
        Assert.False(solved.FromStoredPlan);
        Assert.Equal(solved.Result.Plan, found.Result.Plan);
        Assert.Equal(solved.Result.GwLoss, found.Result.GwLoss);
        Assert.Equal(solved.Result.Entropic.Iterations, found.Result.Entropic.Iterations);
        Assert.Equal(solved.Result.Entropic.History, found.Result.Entropic.History);
        Assert.Equal(solved.Result.Scores, found.Result.Scores);
        Assert.Equal(3, found.Study.Trials.Count);
    }
}
