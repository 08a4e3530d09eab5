using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using Engram.Numerics;

namespace Engram.Alignment;

/// <summary>
/// Entropic Gromov–Wasserstein with the square loss by projected mirror descent
/// (Peyré, Cuturi &amp; Solomon 2016, "Gromov–Wasserstein averaging of kernel and distance matrices", ICML),
/// in POT's conventions (<c>ot.gromov.entropic_gromov_wasserstein</c>), so that ε carries over from POT and GWTune:
/// <code>
/// constC  = (D1∘D1) p 𝟙ᵀ + 𝟙 qᵀ (D2∘D2)ᵀ
/// tens(T) = constC − 2 D1 T D2ᵀ,   GW loss(T) = Σ tens(T) ∘ T
/// T ← Sinkhorn(p, q, cost = 2·tens(T), reg = ε),  from T₀, until ‖T − T_prev‖_F &lt; tol (checked every iteration) or max_iter.
/// </code>
/// Differences from POT, none of which changes the fixed points: the Sinkhorn step is log-domain stabilised and
/// warm-started from the previous iteration's dual potentials (POT restarts plain Sinkhorn from 𝟙, which underflows
/// at small ε and silently returns a degenerate plan); the separable part of the cost only shifts the potentials;
/// float32 for the bulk of the iterations and float64 to finish by default (<see cref="Precision.Auto"/>). When both matrices come with low-rank factors the product D1 T D2ᵀ costs O(nm r).
/// The solver never returns NaN: a non-finite plan stops the run with <c>Converged = false</c> and the reason.
/// The returned plan is always in U(p, q): what Sinkhorn left of marginal error is removed by
/// <see cref="PlanRounding.RoundToMarginals"/>.
/// </summary>
public static class EntropicGromovWasserstein
{
    /// <summary>
    /// Solves <paramref name="problem"/> with <paramref name="settings"/>; reports one step per outer iteration.
    /// <paramref name="observer"/>, when given, sees the GW loss every <see cref="GwSettings.ObserveEvery"/> iterations on
    /// the solving thread and may stop the solve (the result then has <see cref="GwState.Stopped"/> and the current plan).
    /// </summary>
    public static GwResult Solve(GwProblem problem, GwSettings settings, IProgress<WorkProgress>? progress = null,
        CancellationToken cancellation = default, Func<GwIntermediate, IntermediateDecision>? observer = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        CheckScale(problem, settings.Precision);
        double[,] initial = InitialPlan.Create(settings.Init, problem.P, problem.Q, settings.Seed, settings.UserPlan);
        switch (settings.Precision)
        {
            case Precision.Double:
                return new Iteration<double>(problem, settings.Gemm).Run(initial, settings, progress, cancellation, observer, null).Result;
            case Precision.Single:
                return new Iteration<float>(problem, settings.Gemm).Run(initial, settings, progress, cancellation, observer, null).Result;
            default:
                var (single, phase) = new Iteration<float>(problem, settings.Gemm).Run(initial, settings, progress, cancellation, observer, null, handsOver: true);
                if (single.State != GwState.Stalled || single.Iterations >= settings.MaxIterations) return single;   // its loss was computed
                // The float32 plan is at its rounding floor: finish in float64 from it, with the same potentials.
                return new Iteration<double>(problem, settings.Gemm, incremental: true).Run(single.Plan, settings, progress, cancellation, observer, phase).Result;
        }
    }

    /// <summary>What a float64 finish takes over from the float32 phase before it.</summary>
    internal sealed record Phase(int Iterations, List<GwIterate> History, long Sweeps, long TruncatedSweeps, int CappedSolves, double LastStep,
        double? ObservedLoss, (double[] Row, double[] Column) Potentials, double Seconds, string Backend);

    /// <summary>
    /// The products D1 T D2ᵀ reach max D1 · max D2 and tens(T) up to (max D1 + max D2)²; past √(largest value)/4 of the
    /// working type they overflow and the loss becomes NaN, so such inputs are refused. GW is scale-covariant:
    /// D/c with ε/c² gives the same plan and the loss divided by c².
    /// </summary>
    static void CheckScale(GwProblem problem, Precision precision)
    {
        // Read in place: enumerating a double[,] boxes every entry (0.1 s per THINGS matrix).
        double largest = Math.Max(TensorPrimitives.Max(DenseMatrix.Values(problem.D1)), TensorPrimitives.Max(DenseMatrix.Values(problem.D2)));
        bool single = precision != Precision.Double;
        double limit = Math.Sqrt(single ? float.MaxValue : double.MaxValue) / 4;
        if (largest > limit)
            throw new ArgumentException(
                $"the dissimilarities reach {largest:G3}, more than the {limit:G3} whose GW products {(single ? "float32" : "float64")} holds without overflow; " +
                $"divide both matrices by a common factor c (and ε by c²){(single ? " or use double precision" : "")}.", nameof(GwSettings.Precision));
    }

    /// <summary>
    /// GW loss Σ_ij tens(T)_ij T_ij of any plan, in float64 through the same product path as the solver
    /// (POT's <c>gwloss</c>), its products run by <paramref name="gemm"/>.
    /// </summary>
    public static double Loss(GwProblem problem, double[,] plan, GemmBackend gemm = GemmBackend.Auto)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (plan.GetLength(0) != problem.N || plan.GetLength(1) != problem.M)
            throw new ArgumentException($"the plan is {plan.GetLength(0)} × {plan.GetLength(1)} but the problem is {problem.N} × {problem.M}.");
        var iteration = new Iteration<double>(problem, gemm);
        return iteration.Loss(DenseMatrix.Flatten<double>(plan));
    }

    /// <summary>The state of one solve in precision T: buffers are allocated once and reused every iteration.</summary>
    sealed class Iteration<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        readonly int n, m;
        readonly double[] p, q, a, b;   // a = (D1∘D1) p, b = (D2∘D2) q: constC = a 𝟙ᵀ + 𝟙 bᵀ
        readonly T[] bT;
        readonly IGwProduct<T> product;
        readonly GwProblem problem;
        readonly GemmBackend gemm;

        /// <summary>
        /// With <paramref name="incremental"/> (the float64 finish of auto precision, dense products only) each product after
        /// the first is updated by a float32 product of the plan's change (<see cref="IncrementalGwProduct"/>).
        /// </summary>
        public Iteration(GwProblem problem, GemmBackend gemm, bool incremental = false)
        {
            this.problem = problem;
            this.gemm = gemm;
            n = problem.N;
            m = problem.M;
            p = problem.P;
            q = problem.Q;
            a = SquaredTimes(problem.D1, p);
            b = SquaredTimes(problem.D2, q);
            bT = b.Select(T.CreateTruncating).ToArray();
            if (problem.UsesLowRankProduct)
            {
                LowRankFactors f1 = problem.Factors1!, f2 = problem.Factors2!;
                product = new LowRankGwProduct<T>(DenseMatrix.Flatten<T>(f1.A), DenseMatrix.FlattenTransposed<T>(f1.B), DenseMatrix.Flatten<T>(f2.B),
                    DenseMatrix.FlattenTransposed<T>(f2.A), n, m, f1.Rank, f2.Rank, gemm);
            }
            else
            {
                product = new DenseGwProduct<T>(DenseMatrix.Flatten<T>(problem.D1), DenseMatrix.Flatten<T>(problem.D2), n, m, gemm);
                if (incremental && product is IGwProduct<double> exact)
                    product = (IGwProduct<T>)(object)new IncrementalGwProduct(exact,
                        new DenseGwProduct<float>(DenseMatrix.Flatten<float>(problem.D1), DenseMatrix.Flatten<float>(problem.D2), n, m, gemm), n, m);
            }
        }

        static double[] SquaredTimes(double[,] d, double[] w)
        {
            int size = w.Length;
            var result = new double[size];
            ReadOnlySpan<double> values = DenseMatrix.Values(d);
            for (int i = 0; i < size; i++)
            {
                ReadOnlySpan<double> row = values.Slice(i * size, size);
                double s = 0;
                for (int k = 0; k < size; k++) s += row[k] * row[k] * w[k];
                result[i] = s;
            }
            return result;
        }

        public double Loss(T[] plan)
        {
            var g = new T[n * m];
            product.Apply(plan, g);
            return LossAndLogKernel(plan, g, epsilon: null);
        }

        /// <summary>
        /// Σ (aᵢ + bⱼ − 2Gᵢⱼ) Tᵢⱼ in float64; when ε is given, overwrites G with the Sinkhorn log-kernel
        /// S = −2 tens / ε = (4G − 2a − 2b)/ε.
        /// </summary>
        double LossAndLogKernel(T[] plan, T[] g, double? epsilon) => LossAndLogKernel(plan, g, epsilon, out _);

        /// <summary>
        /// As above; <paramref name="sensitivity"/> = ‖T ∘ (2a + 2b + 4G)/ε‖_F: S = (4G − 2a − 2b)/ε is a difference of
        /// terms of that size, so rounding to T's machine epsilon u perturbs S by about u times it, and the next plan
        /// (δT ≈ T ∘ δS) by about u · sensitivity. The scale of the plan's rounding noise.
        /// </summary>
        double LossAndLogKernel(T[] plan, T[] g, double? epsilon, out double sensitivity)
        {
            var partial = new double[n];
            var weighted = new double[n];
            T minusTwo = T.CreateTruncating(-2.0), scale = T.CreateTruncating(epsilon is double eps ? -2 / eps : 0);
            Parallel.For(0, n, () => new T[m], (i, _, tens) =>
            {
                Span<T> row = g.AsSpan(i * m, m);
                if (epsilon is not null)
                {
                    // Magnitude of the terms that cancel in S, (a + b + 2G)·2/ε, weighted by the plan.
                    TensorPrimitives.MultiplyAdd(row, T.CreateTruncating(2.0), bT, tens);
                    TensorPrimitives.Add(tens, T.CreateTruncating(a[i]), tens);
                    TensorPrimitives.Multiply(tens, plan.AsSpan(i * m, m), tens);
                    double w = double.CreateTruncating(TensorPrimitives.Norm<T>(tens)) * 2 / epsilon.Value;
                    weighted[i] = w * w;
                }
                TensorPrimitives.MultiplyAdd(row, minusTwo, bT, tens);            // b − 2G
                TensorPrimitives.Add(tens, T.CreateTruncating(a[i]), tens);       // tens = a + b − 2G
                partial[i] = double.CreateTruncating(TensorPrimitives.Dot<T>(tens, plan.AsSpan(i * m, m)));
                if (epsilon is not null) TensorPrimitives.Multiply(tens, scale, row);
                return tens;
            }, _ => { });
            sensitivity = Math.Sqrt(weighted.Sum());
            return partial.Sum();
        }

        /// <summary>
        /// Iterates from <paramref name="initial"/>; with <paramref name="before"/> it continues that phase (its iteration
        /// count, history, effort and Sinkhorn potentials) in this precision. Returns the result and this phase's state.
        /// </summary>
        /// <remarks>
        /// With <paramref name="handsOver"/> a stall before max_iter is continued in float64 by the caller, so the loss of this
        /// phase's plan is not computed (its result's <see cref="GwResult.GwLoss"/> is NaN and never returned).
        /// </remarks>
        public (GwResult Result, Phase Phase) Run(double[,] initial, GwSettings settings, IProgress<WorkProgress>? progress,
            CancellationToken cancellation, Func<GwIntermediate, IntermediateDecision>? observer, Phase? before, bool handsOver = false)
        {
            var clock = Stopwatch.StartNew();
            T[] plan = DenseMatrix.Flatten<T>(initial), next = new T[n * m], g = new T[n * m];
            var sinkhorn = new StabilizedSinkhorn<T>(p, q, settings.TruncatedKernel);
            if (before is not null) sinkhorn.WarmStart(before.Potentials);
            var history = before?.History ?? [];
            double change = double.PositiveInfinity, floor = 0;
            long sweeps = before?.Sweeps ?? 0;
            int iteration = before?.Iterations ?? 0, unconvergedSinkhorn = before?.CappedSolves ?? 0;
            GwState? ended = null;
            string? failure = null;
            // ‖T_t − T_{t−1}‖_F of the previous iteration; 0 makes the first solve exact.
            double lastStep = before?.LastStep ?? 0;
            double? observedLoss = before?.ObservedLoss;

            while (change > settings.Tolerance && iteration < settings.MaxIterations)
            {
                cancellation.ThrowIfCancellationRequested();
                product.Apply(plan, g);
                double loss = LossAndLogKernel(plan, g, settings.Epsilon, out double sensitivity);
                if (observer is not null && iteration > 0 && iteration % settings.ObserveEvery == 0
                    && observer(new GwIntermediate(iteration, loss, lastStep)) == IntermediateDecision.Stop)
                {
                    ended = GwState.Stopped;
                    failure = $"stopped by the caller after {iteration} iterations";
                    break;
                }
                if (settings.LossTolerance > 0 && iteration > 0 && iteration % settings.ObserveEvery == 0)
                {
                    if (observedLoss is double previous && Math.Abs(loss - previous) <= settings.LossTolerance * Math.Abs(loss))
                    {
                        ended = GwState.LossStationary;
                        failure = $"the GW loss changed by {Math.Abs(loss - previous) / Math.Abs(loss):G3} (relative) over the last {settings.ObserveEvery} iterations, " +
                                  $"≤ loss_tol = {settings.LossTolerance:G3}, after {iteration} iterations (‖T − T_prev‖_F = {lastStep:G3})";
                        break;
                    }
                    observedLoss = loss;
                }
                double resolution = ResolutionFloor(sensitivity);
                // The last allowed iteration solves exactly: an iteration that oscillates (large steps to the end) would
                // otherwise return a plan far from its Sinkhorn solution, which rounding onto U(p, q) does not repair.
                double innerTolerance = iteration == settings.MaxIterations - 1
                    ? settings.SinkhornTolerance
                    : Math.Max(settings.SinkhornTolerance, settings.InexactSinkhorn * lastStep);
                if (!sinkhorn.Solve(g, next, innerTolerance, settings.SinkhornMaxIterations, settings.SinkhornAcceleration)) unconvergedSinkhorn++;
                sweeps += sinkhorn.LastSweeps;
                if (!AllFinite(next))
                {
                    ended = GwState.Failed;
                    failure = $"the plan became non-finite at iteration {iteration}; the last finite plan is returned";
                    break;
                }
                double? checkedChange = null;
                double stepBefore = lastStep;
                lastStep = FrobeniusDistance(next, plan);
                if (iteration % settings.CheckEvery == 0)
                {
                    change = lastStep;
                    checkedChange = change;
                    // At the floor twice in a row: one step that dips below it can still be movement (THINGS, ε = 3: a step of
                    // 1.8e-6 under a floor of 2.6e-6 at iteration 11, and 8e-8 two iterations later in float64).
                    if (change > settings.Tolerance && change <= resolution && stepBefore <= resolution && iteration > 0) { ended = GwState.Stalled; floor = resolution; }
                }
                history.Add(new GwIterate(iteration, loss, sinkhorn.LastSweeps, checkedChange));
                (plan, next) = (next, plan);
                iteration++;
                progress?.Report(new WorkProgress("entropic GW", iteration, settings.MaxIterations, $"loss {loss:F4}"));
                if (ended == GwState.Stalled) break;
            }

            long truncatedSweeps = (before?.TruncatedSweeps ?? 0) + sinkhorn.TruncatedSweeps;
            double[,] result = ToMatrix(plan);
            double violation = PlanRounding.RoundToMarginals(result, p, q);
            double lastChange = history.LastOrDefault(h => h.PlanChange is not null)?.PlanChange ?? double.NaN;
            GwState state = ended ?? (change <= settings.Tolerance ? GwState.Converged : GwState.MaxIterations);
            // The loss of the returned plan in float64: the float64 finish's own product serves it (one float32 product of the
            // rounding's change); a solve its caller stopped (a pruned trial, whose plan is abandoned) takes the product
            // in the working precision; otherwise a fresh float64 product. A plan handed over to float64 needs none.
            double finalLoss = handsOver && state == GwState.Stalled && iteration < settings.MaxIterations ? double.NaN
                : product is IncrementalGwProduct || state == GwState.Stopped ? Loss(DenseMatrix.Flatten<T>(result))
                : EntropicGromovWasserstein.Loss(problem, result, gemm);
            string working = typeof(T) == typeof(float) ? "float32" : "float64";
            string precision = before is null ? working : $"float32 for {before.Iterations} iterations, then float64";
            string reason = state switch
            {
                GwState.Converged => $"‖T − T_prev‖_F = {lastChange:G3} ≤ tol = {settings.Tolerance:G3} after {iteration} iterations",
                GwState.Stalled => $"the plan stopped changing at {working} resolution (‖T − T_prev‖_F = {lastChange:G3}, floor {floor:G3}) " +
                                   $"before tol = {settings.Tolerance:G3}, after {iteration} iterations",
                GwState.MaxIterations => $"reached max_iter = {settings.MaxIterations} with ‖T − T_prev‖_F = {lastChange:G3} > tol = {settings.Tolerance:G3}",
                _ => failure!,
            };
            if (unconvergedSinkhorn > 0)
                reason += $"; {unconvergedSinkhorn} inner Sinkhorn solves stopped at {settings.SinkhornMaxIterations} sweeps before reaching their tolerance";
            if (violation > 1e-6)
                reason += $"; the last plan missed the marginals by {violation:G2} (L1) and was rounded onto U(p, q)";
            double seconds = clock.Elapsed.TotalSeconds + (before?.Seconds ?? 0);
            string backend = $"{product.Name}, {precision}";
            var gw = new GwResult(result, finalLoss, iteration, state == GwState.Converged, reason, lastChange, sweeps,
                seconds, settings, backend, history)
            {
                State = state, Floor = floor, CappedSinkhornSolves = unconvergedSinkhorn, PrecisionUsed = precision, TruncatedSweeps = truncatedSweeps,
            };
            return (gw, new Phase(iteration, history, sweeps, truncatedSweeps, unconvergedSinkhorn, lastStep, observedLoss, sinkhorn.Potentials, seconds, backend));
        }

        /// <summary>
        /// Plan changes below this are rounding noise of type T, not movement: half of u · sensitivity (see
        /// <see cref="LossAndLogKernel(T[], T[], double?, out double)"/>). On THINGS (ε = 3) the float32 plan settles into
        /// noise of ‖ΔT‖_F ≈ 0.2 u · sensitivity, while the float64 run converges to 1e-9 on the same plan (same
        /// top-1, GW loss within 1e-5 relative), so the factor ½ leaves a margin of 2.5 over the observed noise.
        /// Zero for float64, whose noise lies far below any useful tolerance.
        /// </summary>
        static double ResolutionFloor(double sensitivity)
        {
            if (typeof(T) == typeof(double)) return 0;
            const double singleMachineEpsilon = 1.1920929e-7;
            return 0.5 * singleMachineEpsilon * sensitivity;
        }

        /// <summary>A plan sums to 1, so its sum is finite exactly when every entry is.</summary>
        static bool AllFinite(T[] values) => T.IsFinite(TensorPrimitives.Sum<T>(values));

        /// <summary>‖x − y‖_F, row blocks in parallel, each block's sum of squares in float64.</summary>
        double FrobeniusDistance(T[] x, T[] y)
        {
            var partial = new double[n];
            Parallel.For(0, n, i =>
            {
                T d = TensorPrimitives.Distance<T>(x.AsSpan(i * m, m), y.AsSpan(i * m, m));
                double di = double.CreateTruncating(d);
                partial[i] = di * di;
            });
            return Math.Sqrt(partial.Sum());
        }

        double[,] ToMatrix(T[] flat)
        {
            var result = new double[n, m];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++) result[i, j] = double.CreateTruncating(flat[i * m + j]);
            return result;
        }
    }
}
