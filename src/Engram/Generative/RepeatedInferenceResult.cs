using Engram.Numerics;
namespace Engram.Generative;

/// <summary>A curve over t, averaged over inputs: mean and standard error at each step.</summary>
/// <param name="Mean">Mean over inputs at t = 0 … T.</param>
/// <param name="StandardError">Standard error of the mean at each t.</param>
public sealed record Curve(double[] Mean, double[] StandardError)
{
    /// <summary>The step with the smallest mean (the first one on ties).</summary>
    public int MinimumStep => Array.IndexOf(Mean, Mean.Min());

    /// <summary>Mean and standard error over the rows of <paramref name="values"/> (inputs × steps).</summary>
    public static Curve Of(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.GetLength(0), steps = values.GetLength(1);
        var mean = new double[steps];
        var se = new double[steps];
        var column = new double[n];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < n; i++) column[i] = values[i, t];
            var e = Engram.Numerics.Estimate.Of(column);
            mean[t] = e.Mean;
            se[t] = e.StandardError;
        }
        return new Curve(mean, se);
    }
}

/// <summary>Trajectories from inputs at one noise level.</summary>
public sealed record InferenceLevel
{
    /// <summary>The noise level.</summary>
    public required double Level { get; init; }

    /// <summary>Distance ‖z(t) − c_y‖ to the concept of the input's own class y.</summary>
    public required Curve OwnConcept { get; init; }

    /// <summary>Distance to the nearest memory, min_μ ‖z(t) − m_μ‖.</summary>
    public required Curve NearestMemory { get; init; }

    /// <summary>Distance to the grand mean of all training codes.</summary>
    public required Curve GrandMean { get; init; }

    /// <summary>Distance to the centre of the input's superclass; null without a grouping.</summary>
    public Curve? OwnSuperclass { get; init; }

    /// <summary>At each t, the fraction of inputs whose nearest concept is their own class's.</summary>
    public required double[] NearestConceptIsOwn { get; init; }

    /// <summary>At each t, the fraction of inputs whose nearest concept lies in their own superclass; null without a grouping.</summary>
    public double[]? NearestConceptInOwnSuperclass { get; init; }

    /// <summary>Mean distance over inputs to every concept at each t (steps × classes).</summary>
    public required double[][] EveryConcept { get; init; }

    /// <summary>The step at which the mean own-concept distance is smallest.</summary>
    public required int ConceptMinimumStep { get; init; }

    /// <summary>Mean over inputs of the step at which each input's own-concept distance is smallest.</summary>
    public required double MeanInputMinimumStep { get; init; }

    /// <summary>Approach to the concept: 1 − min_t d̄_c(t) / d̄_c(0), for the mean curve d̄_c.</summary>
    public required double ApproachDepth { get; init; }

    /// <summary>
    /// Concreteness of the point of closest approach: mean over inputs of ‖z(t*) − g‖ / ‖c_y − g‖ at each input's own
    /// minimum t*, with g the grand mean. 1 = as far from the grand mean as the class concept; smaller = more abstract.
    /// </summary>
    public required double Concreteness { get; init; }

    /// <summary>The step t ≥ 1 at which the mean own-concept distance is smallest (the closest approach of the dynamics themselves).</summary>
    public required int TrajectoryMinimumStep { get; init; }

    /// <summary>Approach to the concept along the trajectory: 1 − min_{t ≥ 1} d̄_c(t) / d̄_c(0) (negative when the dynamics only move away).</summary>
    public required double TrajectoryApproachDepth { get; init; }

    /// <summary>
    /// Concreteness at each input's closest approach at t ≥ 1: mean over inputs of ‖z(t*) − g‖ / ‖c_y − g‖ with t* the
    /// input's own minimum over t ≥ 1 (<see cref="Concreteness"/> allows t* = 0, where a noisy input's minimum usually lies).
    /// </summary>
    public required double TrajectoryConcreteness { get; init; }

    /// <summary>Concreteness along the trajectory: mean over inputs of ‖z(t) − g‖ / ‖c_y − g‖ at each t = 0 … T.</summary>
    public required double[] ConcretenessCurve { get; init; }

    /// <summary>Decoded mean images E[x | z(t)] of the example trajectories (examples × frames × pixels); frame 0 is the corrupted input itself.</summary>
    public required float[][][] Frames { get; init; }
}

/// <summary>Result of <see cref="RepeatedInference.Run"/>.</summary>
public sealed record RepeatedInferenceResult
{
    /// <summary>What produced it.</summary>
    public required RepeatedInferenceSettings Settings { get; init; }

    /// <summary>Number of test inputs per level.</summary>
    public required int Inputs { get; init; }

    /// <summary>Classes of the example trajectories whose frames are kept.</summary>
    public required int[] ExampleLabels { get; init; }

    /// <summary>The superclass of each class the measures used (given or found from the concepts); null without a grouping.</summary>
    public int[]? Superclass { get; init; }

    /// <summary>One entry per noise level, in the order of the settings.</summary>
    public required IReadOnlyList<InferenceLevel> Levels { get; init; }
}
