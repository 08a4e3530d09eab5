using Engram.Alignment;
using Engram.Numerics;

namespace Engram.Studies;

/// <summary>
/// An ε search of GWTune: a study of the objective <c>gw-alignment</c> whose trials draw ε on a log scale (and, when
/// several are listed, the initial plan), keeping the lowest GW loss.
/// </summary>
public sealed record EpsilonSearchSettings
{
    /// <summary>The study's name in the storage; the same name resumes it.</summary>
    public required string Name { get; init; }

    /// <summary>What every trial aligns and with which settings (ε, the initial plan and the seed are set per trial).</summary>
    public required GwAlignmentStudySettings Alignment { get; init; }

    /// <summary>The ε range, initial plans, trials, sampler, pruner and seed of the search.</summary>
    public EpsilonSearchPlan Plan { get; init; } = new();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first impossible setting (files are checked when read).</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Plan);
        Plan.Validate();
        ArgumentNullException.ThrowIfNull(Alignment);
        Definition().Validate();
    }

    /// <summary>The study this search is: space <c>eps=float[low,high] log</c> (and <c>init=categorical[…]</c>), objective <c>gw-alignment</c>.</summary>
    public StudyDefinition Definition()
    {
        var space = new List<(string, ParameterDistribution)> { ("eps", new FloatDistribution(Plan.EpsilonLow, Plan.EpsilonHigh, Log: true)) };
        if (Plan.Inits.Count > 1) space.Add(("init", new CategoricalDistribution([.. Plan.Inits.Select(k => k.ToString().ToLowerInvariant())])));
        GwAlignmentStudySettings alignment = Alignment with { Alignment = Alignment.Alignment with { Gw = Alignment.Alignment.Gw with { Init = Plan.Inits[0] } } };
        return new StudyDefinition
        {
            Name = Name, Space = new SearchSpace(space), Objective = StudyObjectives.GwAlignment,
            ObjectiveSettings = StudyObjectives.Get(StudyObjectives.GwAlignment).Canonical(StudySettingsJson.Write(alignment)),
            TargetTrials = Plan.Trials, Sampler = Plan.Sampler, Pruner = Plan.Pruner, Seed = Plan.Seed,
        };
    }
}

/// <summary>
/// How an ε search searches, the same for <c>engram align --trials</c> and for every pair of a many-representation analysis:
/// the ε range (log scale), the initial plans it chooses from, the number of trials, the sampler, the pruner and the seed.
/// </summary>
public sealed record EpsilonSearchPlan
{
    /// <summary>Lower end of the ε range, searched on a log scale.</summary>
    public double EpsilonLow { get; init; } = 1;

    /// <summary>Upper end of the ε range.</summary>
    public double EpsilonHigh { get; init; } = 10;

    /// <summary>Initial plans the search chooses from (one: fixed).</summary>
    public IReadOnlyList<InitialPlanKind> Inits { get; init; } = [InitialPlanKind.Random];

    /// <summary>Trials the study holds when done.</summary>
    public int Trials { get; init; } = 20;

    /// <summary>The study's sampler.</summary>
    public SamplerKind Sampler { get; init; } = SamplerKind.Tpe;

    /// <summary>The study's pruner (on the GW loss every <see cref="GwSettings.ObserveEvery"/> iterations).</summary>
    public PrunerKind Pruner { get; init; } = PrunerKind.None;

    /// <summary>The study's seed.</summary>
    public int Seed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first impossible setting.</summary>
    public void Validate()
    {
        if (!(EpsilonLow > 0) || !(EpsilonHigh > EpsilonLow) || !double.IsFinite(EpsilonHigh))
            throw new ArgumentException($"the ε range [{EpsilonLow}, {EpsilonHigh}] must have 0 < low < high (it is searched on a log scale).", nameof(EpsilonLow));
        if (Trials < 1) throw new ArgumentException($"an ε search needs at least one trial; got {Trials}.", nameof(Trials));
        if (Inits is null || Inits.Count == 0 || Inits.Contains(InitialPlanKind.User))
            throw new ArgumentException("the initial plans of an ε search must be some of uniform, random, diagonal, permutation.", nameof(Inits));
    }
}

/// <summary>What an ε search found.</summary>
/// <param name="Study">The study as stored after the run.</param>
/// <param name="Best">The lowest-loss trial.</param>
/// <param name="Result">The best trial's alignment: rebuilt from its stored plan when the artefacts are there, else solved again (same ε, init and seed: the same plan).</param>
/// <param name="HistogramMatching">What histogram matching did to the second side, or null.</param>
/// <param name="FromStoredPlan">Whether <paramref name="Result"/> came from the stored plan (no solve).</param>
public sealed record EpsilonSearchResult(StudySnapshot Study, Trial Best, AlignmentResult Result, string? HistogramMatching, bool FromStoredPlan);

/// <summary>
/// The ε search as one library call, used by <c>engram align --trials</c>, by the many-representation analysis for each pair,
/// and by any program: checks every setting and reads the inputs before anything is written, creates (or resumes) the
/// study, runs its trials in this process (more workers may join from anywhere: <c>engram study worker</c> runs the same
/// stored study), and returns the best trial's alignment. The study is an ordinary <c>gw-alignment</c> study, so its
/// definition alone is enough to run it.
/// </summary>
public static class EpsilonSearch
{
    /// <summary>
    /// The loss-stationary stop an ε search's trials use unless told otherwise (<see cref="GwSettings.LossTolerance"/>:
    /// a trial ends when its GW loss changed by at most this fraction over the last check interval). Measured on 7
    /// December 2026 with 20 TPE trials, random initial plans and seed 42: it chose the same best trial, ε and plan on
    /// THINGS (ε ∈ [1, 10]), colour (ε ∈ [0.02, 0.2]) and mouse (ε ∈ [1e-4, 0.1]), with best losses equal to
    /// 1.4e-10 relative; a single alignment keeps 0 (off).
    /// </summary>
    public const double DefaultLossTolerance = 1e-6;

    /// <summary>
    /// Runs (or resumes) the search. <paramref name="runTrials"/> false only reads the stored study (a report). A study this
    /// call created is removed again when no trial of it completed, so that a corrected rerun can change its settings; a
    /// stored study with another definition is refused (<see cref="ArgumentException"/>) and left as it was.
    /// <paramref name="artefacts"/> is the folder for the best trial's plan (<c>trial-K/</c>); the result is rebuilt from it
    /// when present. <paramref name="prepared"/> are the sides already read from the settings' files (else they are read here).
    /// </summary>
    public static EpsilonSearchResult Run(EpsilonSearchSettings settings, IStudyStorage storage, bool runTrials = true, string? artefacts = null,
        PreparedPair? prepared = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(storage);
        settings.Validate();
        prepared ??= settings.Alignment.Prepare();
        StudyDefinition definition = settings.Definition();
        var objective = new GwAlignmentObjective(prepared.Inputs, settings.Alignment.Alignment);
        StudySnapshot snapshot;
        if (runTrials)
        {
            bool existed = storage.LoadStudy(definition.Name) is not null;
            snapshot = storage.CreateStudy(definition);
            if (!snapshot.IsDone)
            {
                var (min, max) = StudyObjectives.Get(StudyObjectives.GwAlignment).PrunerSteps(definition);
                var worker = new StudyWorker(storage, definition.Name, objective) { ArtefactDirectory = artefacts, PrunerMinStep = min, PrunerMaxStep = max };
                try
                {
                    snapshot = worker.Run(progress, cancellation).Study;
                }
                catch (Exception e) when (e is not OperationCanceledException && !existed)
                {
                    try { RemoveIfNothingCompleted(storage, definition.Name); }
                    catch (Exception cleanup) when (cleanup is IOException or InvalidOperationException) { }   // the first error is the one to report
                    throw;
                }
            }
            if (snapshot.Best is null && !existed && RemoveIfNothingCompleted(storage, definition.Name))
                throw NoneCompleted(snapshot, " The study was removed, so a rerun may change its settings.");
        }
        else
        {
            snapshot = storage.LoadStudy(definition.Name) ?? throw new ArgumentException($"the storage {storage.Description} holds no study '{definition.Name}'; run the search first.");
            if (snapshot.Definition.DifferenceFrom(definition) is { } difference)
                throw new ArgumentException($"the stored study '{definition.Name}' has {difference}; run it again under another name.");
        }
        Trial best = snapshot.Best ?? throw NoneCompleted(snapshot, "");
        TrialRun replay = TrialRun.Replay(snapshot, best, progress);
        string? folder = artefacts is null ? null : StudyWorker.BestArtefacts(artefacts, snapshot);
        AlignmentResult? stored = folder is null ? null : objective.FromArtefacts(folder, replay);
        AlignmentResult result = stored ?? AlignmentPipeline.Run(prepared.Inputs, objective.SettingsOf(replay, cancellation), progress, cancellation);
        return new EpsilonSearchResult(snapshot, best, result, prepared.HistogramMatching, stored is not null);
    }

    static bool RemoveIfNothingCompleted(IStudyStorage storage, string name) =>
        storage.LoadStudy(name) is { } s && s.Best is null && storage.DeleteStudy(name);

    static ArgumentException NoneCompleted(StudySnapshot s, string removed)
    {
        StudyStatus status = StudyStatus.Of(s);
        string reason = s.Trials.FirstOrDefault(t => t.State == TrialState.Failed && t.Reason is not null)?.Reason is { } r ? $"; the first failure: {r}" : "";
        return new ArgumentException(
            $"no trial of the ε search '{s.Definition.Name}' completed ({status.Failed} failed, {status.Pruned} pruned{reason}); widen the ε range or add trials.{removed}");
    }
}
