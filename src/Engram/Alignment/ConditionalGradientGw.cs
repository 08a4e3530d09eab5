using System.Diagnostics;
using Engram.Numerics;

namespace Engram.Alignment;

/// <summary>Settings of the non-entropic refinement.</summary>
public sealed record RefinementSettings
{
    /// <summary>Most Frank–Wolfe iterations (POT's <c>numItermax</c> of <c>cg</c> is 200).</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Stop when the relative loss decrease of an iteration falls below this (POT's <c>stopThr</c>).</summary>
    public double RelativeTolerance { get; init; } = 1e-9;

    /// <summary>Which implementation runs the products (the alignment passes its <see cref="GwSettings.Gemm"/>).</summary>
    public GemmBackend Gemm { get; init; } = GemmBackend.Auto;
}

/// <summary>The refined plan and how the refinement went.</summary>
/// <param name="Plan">A plan in U(p, q); for uniform equal sizes after convergence usually (near) a permutation / n.</param>
/// <param name="GwLoss">Its GW loss.</param>
/// <param name="StartLoss">GW loss of the starting plan.</param>
/// <param name="Iterations">Frank–Wolfe iterations done.</param>
/// <param name="Converged">Whether the relative decrease fell below the tolerance.</param>
/// <param name="Seconds">Wall-clock time.</param>
public sealed record RefinementResult(double[,] Plan, double GwLoss, double StartLoss, int Iterations, bool Converged, double Seconds);

/// <summary>
/// Non-entropic square-loss GW by conditional gradient (Frank–Wolfe), started from the entropic plan, as GWTune's
/// refinement and POT's <c>ot.gromov.gromov_wasserstein(…, G0=plan)</c> do (Vayer et al. 2019, "Optimal transport
/// for structured data with application on graphs", Alg. 2):
/// <code>
/// gradient ∇ = 2 tens(T);  direction Δ = S − T with S = argmin_{S ∈ U(p,q)} ⟨∇, S⟩ (exact linear OT);
/// f(T + αΔ) = f(T) − 4α ⟨D1 T D2, Δ⟩ − 2α² ⟨D1 Δ D2, Δ⟩ (⟨constC, Δ⟩ = 0 on U(p,q)), minimised exactly over α ∈ [0, 1].
/// </code>
/// The linear OT step is solved exactly for equal sizes with uniform marginals, where its optimal vertices are
/// permutations / n (<see cref="LinearAssignment"/>); other marginals are rejected with an explanation.
/// Products are float64.
/// </summary>
public static class ConditionalGradientGw
{
    /// <summary>Refines <paramref name="start"/> (a plan in U(p, q)) for <paramref name="problem"/>.</summary>
    public static RefinementResult Refine(GwProblem problem, double[,] start, RefinementSettings? settings = null,
        IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        settings ??= new RefinementSettings();
        if (settings.MaxIterations <= 0) throw new ArgumentException($"refinement iterations must be ≥ 1; got {settings.MaxIterations}.");
        CheckApplies(problem);
        int n = problem.N;
        var clock = Stopwatch.StartNew();
        double[] d1 = DenseMatrix.Flatten(problem.D1), d2 = DenseMatrix.Flatten(problem.D2);
        double[] plan = DenseMatrix.Flatten(start), product = new double[n * n], scratch = new double[n * n], direction = new double[n * n];

        void Apply(double[] t, double[] result)
        {
            Gemm.Multiply<double>(t, d2, scratch, n, n, n, settings.Gemm);
            Gemm.Multiply<double>(d1, scratch, result, n, n, n, settings.Gemm);
        }

        double startLoss = EntropicGromovWasserstein.Loss(problem, start, settings.Gemm), loss = startLoss;
        bool converged = false;
        int iteration = 0;
        var cost = new double[n, n];
        while (iteration < settings.MaxIterations)
        {
            cancellation.ThrowIfCancellationRequested();
            Apply(plan, product);                                   // G = D1 T D2
            // ∇ = 2(a𝟙ᵀ + 𝟙bᵀ − 2G); the separable part is constant over permutations, so the LMO uses −G.
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) cost[i, j] = -product[i * n + j];
            int[] assignment = LinearAssignment.Solve(cost);
            for (int k = 0; k < plan.Length; k++) direction[k] = -plan[k];
            for (int i = 0; i < n; i++) direction[i * n + assignment[i]] += 1.0 / n;

            double linear = DenseMatrix.DotInOrder(product, direction);              // ⟨D1 T D2, Δ⟩
            Apply(direction, product);                             // G is no longer needed: reuse its buffer
            double quadratic = DenseMatrix.DotInOrder(product, direction);           // ⟨D1 Δ D2, Δ⟩
            double a = -2 * quadratic, b = -4 * linear;
            double alpha = a > 0 ? Math.Clamp(-b / (2 * a), 0, 1) : (a + b < 0 ? 1 : 0);
            iteration++;
            if (alpha == 0) { converged = true; break; }
            for (int k = 0; k < plan.Length; k++) plan[k] += alpha * direction[k];
            double next = loss + a * alpha * alpha + b * alpha;
            double decrease = loss - next;
            loss = next;
            progress?.Report(new WorkProgress("refinement", iteration, settings.MaxIterations, $"loss {loss:F4}"));
            if (decrease <= settings.RelativeTolerance * Math.Abs(loss)) { converged = true; break; }
        }
        double[,] result = DenseMatrix.ToMatrix(plan, n, n);
        PlanRounding.RoundToMarginals(result, problem.P, problem.Q);
        return new RefinementResult(result, EntropicGromovWasserstein.Loss(problem, result, settings.Gemm), startLoss, iteration, converged,
            clock.Elapsed.TotalSeconds);
    }

    /// <summary>Throws unless both sides have the same number of items and uniform marginals (the linear step is then an assignment).</summary>
    public static void CheckApplies(GwProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        int n = problem.N;
        if (problem.M != n || problem.P.Any(x => Math.Abs(x - 1.0 / n) > 1e-12) || problem.Q.Any(x => Math.Abs(x - 1.0 / n) > 1e-12))
            throw new ArgumentException($"the non-entropic refinement needs the same number of items on both sides and uniform marginals " +
                                        $"(its linear step is then an assignment problem); got {n} and {problem.M} items. Drop the refinement for this input.",
                                        nameof(AlignmentSettings.Refine));
    }
}
