using System.Diagnostics;
using Engram.Alignment.Evaluation;
using Engram.Numerics;

namespace Engram.Alignment;

/// <summary>
/// Unsupervised alignment of two representations as one library call, GWTune's pipeline
/// (representations → GW optimisation → evaluation): entropic Gromov–Wasserstein
/// (<see cref="EntropicGromovWasserstein"/>), optionally refined by conditional gradient
/// (<see cref="ConditionalGradientGw"/>), then top-k, category-level, k-NN-after-Procrustes matching and RSA
/// (<see cref="AlignmentEvaluation"/>). The CLI's <c>engram align</c> and a study's trials call the same method.
/// </summary>
public static class AlignmentPipeline
{
    /// <summary>
    /// Aligns <paramref name="inputs"/> with <paramref name="settings"/>. <paramref name="progress"/> receives one step per
    /// GW iteration (and per refinement iteration); <paramref name="cancellation"/> stops the run with an
    /// <see cref="OperationCanceledException"/>; <paramref name="observer"/> sees the GW loss every
    /// <see cref="GwSettings.ObserveEvery"/> iterations and may stop the solve early (a study's pruner), which still returns a
    /// result, with <see cref="GwState.Stopped"/> and no refinement. Same inputs, settings and seed give the same bits,
    /// whatever the thread count.
    /// </summary>
    public static AlignmentResult Run(AlignmentInputs inputs, AlignmentSettings settings, IProgress<WorkProgress>? progress = null,
        CancellationToken cancellation = default, Func<GwIntermediate, IntermediateDecision>? observer = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Representation x = inputs.First, y = inputs.Second;
        var problem = new GwProblem(x.Dissimilarity, y.Dissimilarity, factors1: x.Factors(), factors2: y.Factors());
        if (settings.Refine) ConditionalGradientGw.CheckApplies(problem);

        GwResult entropic = EntropicGromovWasserstein.Solve(problem, settings.Gw, progress, cancellation, observer);
        RefinementResult? refined = settings.Refine && entropic.State != GwState.Stopped
            ? ConditionalGradientGw.Refine(problem, entropic.Plan, settings.Refinement with { Gemm = settings.Gw.Gemm }, progress, cancellation)
            : null;
        double[,] plan = refined?.Plan ?? entropic.Plan;

        // A solve its caller stopped (a pruned trial) is not evaluated: nothing reads the scores of a plan left half-way.
        bool evaluated = settings.Evaluate && entropic.State != GwState.Stopped;
        var clock = Stopwatch.StartNew();
        AlignmentScores? scores = evaluated
            ? AlignmentEvaluation.Evaluate(plan, x, y, inputs.Categories is not null && x.Size == y.Size ? inputs.Categories.PrimaryCategory() : null)
            : null;
        double evaluate = evaluated ? clock.Elapsed.TotalSeconds : 0;

        return new AlignmentResult
        {
            Settings = settings,
            Inputs = inputs,
            Entropic = entropic,
            Refinement = refined,
            Scores = scores,
            Timings = new AlignmentTimings(inputs.PrepareSeconds, entropic.Seconds, refined?.Seconds ?? 0, evaluate),
            Warnings = [.. x.Warnings, .. y.Warnings],
        };
    }
}
