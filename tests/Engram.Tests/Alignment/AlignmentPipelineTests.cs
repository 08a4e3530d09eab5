using Engram.Alignment;
using Engram.Alignment.Evaluation;

namespace Engram.Tests.Alignment;

/// <summary>The pipeline as a library call: what a study's trial does.</summary>
public class AlignmentPipelineTests
{
    /// <summary>n points in d dimensions and a rotated copy (same distances, same item order).</summary>
    static (double[,] X, double[,] Y) Pair(int n, int d, int seed)
    {
        var random = new Random(seed);
        var x = new double[n, d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) x[i, k] = Engram.Numerics.StandardNormal.NextGaussian(random);
        var y = (double[,])x.Clone();
        double c = Math.Cos(0.4), s = Math.Sin(0.4);
        for (int i = 0; i < n; i++) (y[i, 0], y[i, 1]) = (c * x[i, 0] - s * x[i, 1], s * x[i, 0] + c * x[i, 1]);
        return (x, y);
    }

    static AlignmentInputs Inputs(int n = 40, int d = 4, int seed = 3)
    {
        var (x, y) = Pair(n, d, seed);
        return AlignmentInputs.Prepare("x", x, "y", y);
    }

    static readonly AlignmentSettings Settings = new() { Gw = new GwSettings { Epsilon = 0.05, MaxIterations = 60 } };

    [Fact]
    public void The_pipeline_returns_what_the_solver_and_the_evaluation_give_when_called_directly()
    {
        AlignmentInputs inputs = Inputs();
        AlignmentResult run = AlignmentPipeline.Run(inputs, Settings, cancellation: TestContext.Current.CancellationToken);
        var problem = new GwProblem(inputs.First.Dissimilarity, inputs.Second.Dissimilarity);
        GwResult direct = EntropicGromovWasserstein.Solve(problem, Settings.Gw, cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(direct.Plan, run.Plan);
        Assert.Equal(direct.GwLoss, run.GwLoss);
        Assert.Equal(direct.State, run.State);
        AlignmentScores scores = AlignmentEvaluation.Evaluate(direct.Plan, inputs.First, inputs.Second);
        Assert.Equal(scores, run.Scores);
        Assert.Equal(100, run.Scores!.Top1);   // an isometric copy is matched item for item
        Assert.Equal(InputKind.Embedding, inputs.FirstKind);
        Assert.True(run.Timings.Total >= run.Timings.Solve);
    }

    [Fact]
    public void An_observer_sees_the_loss_every_N_iterations_and_can_stop_the_run()
    {
        AlignmentInputs inputs = Inputs();
        var seen = new List<GwIntermediate>();
        var settings = Settings with { Gw = Settings.Gw with { Tolerance = 0, MaxIterations = 100, ObserveEvery = 5, Precision = Precision.Double }, Refine = true };
        AlignmentResult run = AlignmentPipeline.Run(inputs, settings, cancellation: TestContext.Current.CancellationToken,
            observer: step => { seen.Add(step); return step.Iteration >= 15 ? IntermediateDecision.Stop : IntermediateDecision.Continue; });
        Assert.Equal(new[] { 5, 10, 15 }, seen.Select(s => s.Iteration));
        Assert.Equal(GwState.Stopped, run.State);
        Assert.Equal(15, run.Entropic.Iterations);
        Assert.Null(run.Refinement);                          // a stopped trial is not refined
        // The observed loss is the loss of the plan entering that iteration, as the history records it.
        Assert.Equal(seen.Take(2).Select(s => s.GwLoss), run.Entropic.History.Where(h => h.Iteration is 5 or 10).Select(h => h.GwLoss));
    }

    [Fact]
    public void Cancellation_stops_the_run_with_an_OperationCanceledException()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => AlignmentPipeline.Run(Inputs(), Settings, cancellation: source.Token));
    }

    [Fact]
    public async Task Same_inputs_and_settings_give_the_same_bits_on_one_thread_and_on_many()
    {
        // 300 items: the Sinkhorn column sums are split into 4 row blocks, so a thread-dependent split would show.
        AlignmentInputs inputs = Inputs(n: 300, d: 5, seed: 8);
        var settings = new AlignmentSettings { Gw = new GwSettings { Epsilon = 0.5, MaxIterations = 30, Init = InitialPlanKind.Random, Seed = 4 } };
        AlignmentResult many = AlignmentPipeline.Run(inputs, settings, cancellation: TestContext.Current.CancellationToken);
        var oneThread = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, maxConcurrencyLevel: 1).ExclusiveScheduler;
        AlignmentResult one = await Task.Factory.StartNew(() => AlignmentPipeline.Run(inputs, settings), TestContext.Current.CancellationToken,
            TaskCreationOptions.None, oneThread);
        Assert.Equal(many.Plan, one.Plan);
        Assert.Equal(many.GwLoss, one.GwLoss);
        Assert.Equal(many.Entropic.History.Select(h => h.GwLoss), one.Entropic.History.Select(h => h.GwLoss));
    }

    [Fact]
    public void Refinement_that_cannot_apply_is_refused_before_the_solve()
    {
        var (x, y) = Pair(20, 3, 1);
        var y10 = new double[10, 3];
        for (int i = 0; i < 10; i++) for (int k = 0; k < 3; k++) y10[i, k] = y[i, k];
        AlignmentInputs inputs = AlignmentInputs.Prepare("x", x, "y", y10);
        var e = Assert.Throws<ArgumentException>(() => AlignmentPipeline.Run(inputs, Settings with { Refine = true }));
        Assert.Equal(nameof(AlignmentSettings.Refine), e.ParamName);
        Assert.DoesNotContain("--", e.Message);   // the library names no CLI option
    }
}
