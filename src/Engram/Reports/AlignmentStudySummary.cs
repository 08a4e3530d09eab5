using Engram.Studies;

namespace Engram.Reports;

/// <summary>What <c>engram align --trials</c> reports (<c>--json</c>): the study's counts and its lowest-loss trial.</summary>
public sealed record AlignmentStudySummary
{
    /// <summary>Study name.</summary>
    public required string Study { get; init; }
    /// <summary>Storage (without password).</summary>
    public required string Storage { get; init; }
    /// <summary>Sampler.</summary>
    public required string Sampler { get; init; }
    /// <summary>Pruner.</summary>
    public required string Pruner { get; init; }
    /// <summary>Study seed.</summary>
    public required int Seed { get; init; }
    /// <summary>Target number of trials.</summary>
    public required int TrialsTarget { get; init; }
    /// <summary>Complete trials.</summary>
    public required int TrialsComplete { get; init; }
    /// <summary>Pruned trials.</summary>
    public required int TrialsPruned { get; init; }
    /// <summary>Failed trials (degenerate or non-finite results), with reasons in the study.</summary>
    public required int TrialsFailed { get; init; }
    /// <summary>Number of the lowest-loss trial.</summary>
    public required int BestTrial { get; init; }
    /// <summary>ε of the lowest-loss trial.</summary>
    public required double BestEps { get; init; }
    /// <summary>Initial plan of the lowest-loss trial.</summary>
    public required string BestInit { get; init; }
    /// <summary>Its GW loss.</summary>
    public required double GwLoss { get; init; }
    /// <summary>Its evaluation (top-k, category, k-NN, RSA), iterations and seconds.</summary>
    public required IReadOnlyDictionary<string, double> BestAttributes { get; init; }
    /// <summary>Seconds the finished trials took, summed.</summary>
    public required double StudySeconds { get; init; }
    /// <summary>Mean seconds per finished trial.</summary>
    public double? MeanTrialSeconds { get; init; }

    /// <summary>The summary of <paramref name="study"/> with its best trial <paramref name="best"/>.</summary>
    public static AlignmentStudySummary Of(StudySnapshot study, string storage, Trial best)
    {
        StudyStatus s = StudyStatus.Of(study);
        var settings = study.Definition.ObjectiveSettings;
        string init = AnnealSampler.WarmFrom(best) is int warm ? $"warm from trial {warm}"
            : study.Definition.Space.Parameters.Any(p => p.Name == "init") ? best.Display(study.Definition.Space, "init")
            : StudySettingsJson.Read<GwAlignmentStudySettings>(StudyObjectives.Get(StudyObjectives.GwAlignment).Canonical(settings)).Alignment.Gw.Init.ToString().ToLowerInvariant();
        return new AlignmentStudySummary
        {
            Study = study.Definition.Name, Storage = storage, Sampler = study.Definition.Sampler.ToString().ToLowerInvariant(),
            Pruner = study.Definition.Pruner.ToString().ToLowerInvariant(), Seed = study.Definition.Seed, TrialsTarget = s.Target,
            TrialsComplete = s.Complete, TrialsPruned = s.Pruned, TrialsFailed = s.Failed, BestTrial = best.Number,
            BestEps = best.Parameters["eps"], BestInit = init, GwLoss = best.Value!.Value, BestAttributes = best.Attributes,
            StudySeconds = Math.Round(study.Trials.Where(t => t.IsFinished && t.Started is not null && t.Finished is not null)
                .Sum(t => (t.Finished!.Value - t.Started!.Value).TotalSeconds), 3),
            MeanTrialSeconds = s.MeanTrialSeconds is double m ? Math.Round(m, 3) : null,
        };
    }
}
