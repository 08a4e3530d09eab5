using Engram.Alignment;
using Engram.Numerics;
using Engram.Studies;

namespace Engram.Tests.Studies;

/// <summary>The annealed search: its geometric descent with warm starts, restarts at the best ε, parallel workers, and warm plans that do not depend on the worker.</summary>
public sealed class AnnealSamplerTests
{
    static StudyDefinition Definition(int trials, string space = "eps=float[1,16] log") => new()
    {
        Name = "a", Space = SearchSpace.Parse(space), Objective = "f", TargetTrials = trials, Sampler = SamplerKind.Anneal, Seed = 7,
    };

    [Fact]
    public void The_descent_halves_eps_from_the_top_to_the_bottom_each_step_warm_from_the_last_then_restarts_at_the_best()
    {
        // f is lowest at ε = 4: the descent 16, 8, 4, 2, 1 (one step per halving), then restarts at 4.
        StudySnapshot study = SamplerTests.RunStudy("eps=float[1,16] log", SamplerKind.Anneal, 8, 3, t => Math.Abs(Math.Log2(t.Float("eps")) - 2));
        double[] eps = study.Trials.Select(t => t.Parameters["eps"]).ToArray();
        Assert.Equal([16, 8, 4, 2, 1, 4, 4, 4], eps.Select(e => Math.Round(e, 12)));
        Assert.Equal([0, 1, 2, 3, 4, -1, -1, -1], study.Trials.Select(AnnealSampler.Stage));
        Assert.Equal([null, 0, 1, 2, 3, null, null, null], study.Trials.Select(AnnealSampler.WarmFrom));
        Assert.All(study.Trials, t => Assert.Equal(["eps"], t.Parameters.Keys));   // the notes are system attributes, not parameters
        // The export names them as Optuna does: the descent step and warm start of each trial beside its ε.
        string[] csv = Engram.Reports.StudyReport.Csv(study).Split('\n');
        string[] header = csv[0].Split(',');
        int stage = Array.IndexOf(header, "system_attrs_anneal_stage"), warm = Array.IndexOf(header, "system_attrs_warm_from");
        Assert.True(stage > 0 && warm > 0, csv[0]);
        Assert.Equal(["3", "2"], new[] { csv[4].Split(',')[stage], csv[4].Split(',')[warm] });
    }

    [Fact]
    public void The_descent_is_capped_by_the_target_and_reaches_the_bottom_of_the_range()
    {
        var sampler = new AnnealSampler();
        Assert.Equal(11, sampler.StagesFor(1e-4, 1e-1, 100));   // ⌈log2 1000⌉ + 1
        Assert.Equal(5, sampler.StagesFor(1, 10, 20));
        Assert.Equal(3, sampler.StagesFor(1, 1.5, 20));           // at least three steps
        Assert.Equal(2, sampler.StagesFor(1, 10, 2));
        Assert.Equal(1e-4, AnnealSampler.StageValue(1e-4, 1e-1, 10, 11));
        Assert.Equal(0.1, AnnealSampler.StageValue(1e-4, 1e-1, 0, 11));
        Assert.Equal(1e-4, AnnealSampler.StageValue(1e-4, 1e-1, 0, 1));
    }

    [Fact]
    public void A_failed_descent_step_warms_the_next_from_the_last_complete_one_and_a_running_one_turns_the_proposal_into_a_restart()
    {
        var definition = Definition(10);
        var sampler = new AnnealSampler();
        Trial Make(int number, int stage, TrialState state, double value) => new(number, state,
            new Dictionary<string, double> { ["eps"] = AnnealSampler.StageValue(1, 16, stage, 5) },
            state == TrialState.Complete ? value : null, new Dictionary<int, double>(), new Dictionary<string, double>(), "w", null, null, null, null, null, false)
        {
            SystemAttributes = new Dictionary<string, double> { [AnnealSampler.StageAttribute] = stage, [AnnealSampler.WarmAttribute] = stage - 1 },
        };
        var failedStep = new StudySnapshot(definition, [Make(0, 0, TrialState.Complete, 5), Make(1, 1, TrialState.Failed, 0)]);
        var next = sampler.Sample(failedStep, 2);
        Assert.Equal(2, next.SystemAttributes[AnnealSampler.StageAttribute]);
        Assert.Equal(0, next.SystemAttributes[AnnealSampler.WarmAttribute]);
        Assert.Equal(["eps"], next.Parameters.Keys);   // the notes are not parameters
        Assert.Equal(4, next.Parameters["eps"], 12);

        var running = new StudySnapshot(definition, [Make(0, 0, TrialState.Complete, 5), Make(1, 1, TrialState.Running, 0)]);
        var restart = sampler.Sample(running, 2);
        Assert.Equal(-1, restart.SystemAttributes[AnnealSampler.StageAttribute]);
        Assert.Equal(-1, restart.SystemAttributes[AnnealSampler.WarmAttribute]);
        Assert.Equal(16, restart.Parameters["eps"], 12);   // the best complete trial's ε
        var again = sampler.Sample(running, 2);   // deterministic
        Assert.Equal(restart.Parameters, again.Parameters);
        Assert.Equal(restart.SystemAttributes, again.SystemAttributes);
    }

    [Fact]
    public void A_space_without_a_log_eps_range_is_refused_with_the_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => new AnnealSampler().Sample(new StudySnapshot(Definition(4, "eps=float[1,16]"), []), 0));
        Assert.Contains("log-scaled float range", e.Message);
    }

    [Fact]
    public void A_study_without_a_log_eps_range_cannot_be_created_with_the_anneal_sampler()
    {
        var e = Assert.Throws<ArgumentException>(() => Definition(4, "n=int[100,400];alpha=float[0.05,0.25]").Validate());
        Assert.Contains("annealed search needs 'eps' as a log-scaled float range", e.Message);
        Assert.Contains("Use another sampler", e.Message);
        var storage = new InMemoryStudyStorage();
        Assert.Throws<ArgumentException>(() => storage.CreateStudy(Definition(4, "eps=float[1,16]")));
        Assert.Empty(storage.StudyNames());
    }

    static AlignmentInputs Inputs()
    {
        var random = Seeding.Create(11);
        int n = 30;
        var x = new double[n, 4];
        for (int i = 0; i < n; i++) for (int k = 0; k < 4; k++) x[i, k] = random.NextGaussian() * (1 + 0.3 * k);
        var y = new double[n, 4];
        for (int i = 0; i < n; i++) for (int k = 0; k < 4; k++) y[i, k] = x[i, (k + 1) % 4] + 0.05 * random.NextGaussian();
        return AlignmentInputs.Prepare("x", x, "y", y);
    }

    static GwAlignmentObjective Objective() =>
        new(Inputs(), new AlignmentSettings { Gw = new GwSettings { Epsilon = 1, MaxIterations = 60, Precision = Precision.Double, Init = InitialPlanKind.Random } });

    [Fact]
    public void A_warm_started_trial_starts_from_its_predecessors_plan_and_a_fresh_worker_recomputes_that_plan_to_the_bit()
    {
        var storage = new InMemoryStudyStorage();
        storage.CreateStudy(Definition(5, "eps=float[0.05,0.8] log") with { Objective = "gw" });
        StudySnapshot study = new StudyWorker(storage, "a", Objective()).Run().Study;
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Trial last = study.Trials[4], previous = study.Trials[3];
        Assert.Equal(3, AnnealSampler.WarmFrom(last));

        // The warm plan is the predecessor's result: solving the predecessor and starting from its plan gives the stored loss.
        var fresh = Objective();
        AlignmentSettings settings = fresh.SettingsOf(TrialRun.Replay(study, last));
        Assert.Equal(InitialPlanKind.User, settings.Gw.Init);
        AlignmentResult predecessor = AlignmentPipeline.Run(fresh.Inputs, Objective().SettingsOf(TrialRun.Replay(study, previous)));
        Assert.Equal(predecessor.Plan, settings.Gw.UserPlan!);
        Assert.Equal(previous.Value!.Value, predecessor.GwLoss);
        Assert.Equal(last.Value!.Value, AlignmentPipeline.Run(fresh.Inputs, settings).GwLoss);
    }
}
