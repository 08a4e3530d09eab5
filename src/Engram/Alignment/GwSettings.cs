using Engram.Numerics;

namespace Engram.Alignment;

/// <summary>Floating-point type of the GW iteration's matrices (plans, products, Sinkhorn kernel).</summary>
public enum Precision
{
    /// <summary>float32: twice the GEMM speed; plans agree with float64 to about 1e-4 relative.</summary>
    Single,

    /// <summary>float64: for agreement with POT to 1e-8 and for tolerances below float32 resolution.</summary>
    Double,

    /// <summary>
    /// float32 while the plan moves by more than float32 can resolve, then float64 from that plan (and the same Sinkhorn
    /// potentials) until ‖T − T_prev‖_F ≤ tol or max_iter: float32 speed for the bulk of the iterations, float64's answer.
    /// </summary>
    Auto,
}

/// <summary>How each inner Sinkhorn solve chooses its next column scaling. All three have the same fixed point and stopping test.</summary>
public enum SinkhornAcceleration
{
    /// <summary>
    /// Anderson acceleration of the log column scaling, memory 5, restarted when a step raises the marginal error
    /// (<see cref="Engram.Numerics.AndersonAcceleration"/>). Default: fewest sweeps at small ε (docs/benchmarks.md).
    /// </summary>
    Anderson,

    /// <summary>Over-relaxation with ω = 2 / (1 + √(1 − η)) from the rate η of sweeps 10–20 (Thibault et al. 2017).</summary>
    OverRelaxation,

    /// <summary>Plain Sinkhorn–Knopp sweeps, as POT.</summary>
    None,
}

/// <summary>
/// Settings of entropic Gromov–Wasserstein (<see cref="EntropicGromovWasserstein"/>), in POT's conventions
/// so an ε from POT or GWTune means the same here. Defaults: the GWTune tutorials' 200 iterations.
/// </summary>
public sealed record GwSettings
{
    /// <summary>Entropic regularisation ε (&gt; 0), the <c>epsilon</c> of POT's <c>entropic_gromov_wasserstein</c>.</summary>
    public required double Epsilon { get; init; }

    /// <summary>Most outer (mirror-descent) iterations, POT's <c>max_iter</c>.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Stop when ‖T − T_prev‖_F &lt; Tolerance (checked every <see cref="CheckEvery"/> iterations).</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>
    /// How often the plan change is checked: every iteration by default, since it is computed at every iteration anyway
    /// (POT checks every 10, starting at the first, which runs up to 9 iterations past convergence: on THINGS at ε = 3
    /// auto precision converges after 19 iterations instead of 31). 10 reproduces POT's iteration counts.
    /// </summary>
    public int CheckEvery { get; init; } = 1;

    /// <summary>The initial plan T₀.</summary>
    public InitialPlanKind Init { get; init; } = InitialPlanKind.Uniform;

    /// <summary>The plan for <see cref="InitialPlanKind.User"/>.</summary>
    public double[,]? UserPlan { get; init; }

    /// <summary>Seed of the random and permutation initial plans.</summary>
    public int Seed { get; init; }

    /// <summary>Auto (default: float32, then float64 to finish), float32 only, or float64 only.</summary>
    public Precision Precision { get; init; } = Precision.Auto;

    /// <summary>Inner Sinkhorn stops when the L1 violation of the column marginals after the row update falls below this (POT: L2, 1e-9).</summary>
    public double SinkhornTolerance { get; init; } = 1e-9;

    /// <summary>
    /// Inexact inner solves: each Sinkhorn solve stops once its marginal error is below
    /// max(<see cref="SinkhornTolerance"/>, κ · ‖T_t − T_{t−1}‖_F) with κ this value, since solving the inner problem far
    /// beyond the outer step is wasted work (inexact mirror descent). The first solve is always exact. 0 solves every
    /// inner problem to <see cref="SinkhornTolerance"/>, as POT does. Default 0.01: on THINGS (ε = 3) it needs a third of
    /// the sweeps for the same top-1 and a GW loss within 1e-5 relative (docs/benchmarks.md).
    /// </summary>
    public double InexactSinkhorn { get; init; } = 0.01;

    /// <summary>Most Sinkhorn sweeps per outer iteration (POT: 1000).</summary>
    public int SinkhornMaxIterations { get; init; } = 1000;

    /// <summary>
    /// Sweep over the kernel's entries that carry mass (Kᵢⱼ ≥ 1e-12 · pᵢ after each absorption) when at most a quarter do
    /// (Alignment/TruncatedKernel.cs; Schmitzer 2019). Every inner solve still ends on a sweep over the whole kernel, so
    /// the stopping test, the plan and <c>converged</c> are unchanged. Default true; false sweeps densely throughout.
    /// </summary>
    public bool TruncatedKernel { get; init; } = true;

    /// <summary>How the inner Sinkhorn sweeps are accelerated (default Anderson); changes the effort, not the fixed point.</summary>
    public SinkhornAcceleration SinkhornAcceleration { get; init; } = SinkhornAcceleration.Anderson;

    /// <summary>
    /// How often an observer passed to <see cref="EntropicGromovWasserstein.Solve"/> sees the GW loss: after every
    /// this many outer iterations (10, 20, …). Does not change the result unless the observer stops the solve.
    /// </summary>
    public int ObserveEvery { get; init; } = 10;

    /// <summary>
    /// Relative loss tolerance, 0 (default) for none. When &gt; 0 the solve also ends, with
    /// <see cref="GwState.LossStationary"/>, once the GW loss checked every <see cref="ObserveEvery"/> iterations changed
    /// by at most this fraction since the previous check: |L_k − L_(k−10)| ≤ loss_tol · |L_k|. For searches, which
    /// compare losses: near a stationary point the plan can keep creeping towards tol for many costly iterations while
    /// the loss no longer moves.
    /// </summary>
    public double LossTolerance { get; init; }

    /// <summary>
    /// Which implementation runs the products D1 T D2ᵀ: <see cref="GemmBackend.Auto"/> (the system OpenBLAS when it can
    /// be loaded, else libtorch) or a named one. Changes speed and the last bits, not the answer.
    /// </summary>
    public GemmBackend Gemm { get; init; } = GemmBackend.Auto;

    /// <summary>Checks every value and throws <see cref="ArgumentException"/> naming the first impossible one.</summary>
    public void Validate()
    {
        if (!(Epsilon > 0) || !double.IsFinite(Epsilon))
            throw new ArgumentException($"eps must be a finite number > 0; got {Epsilon}.", nameof(Epsilon));
        if (MaxIterations <= 0)
            throw new ArgumentException($"max_iter must be ≥ 1; got {MaxIterations}.", nameof(MaxIterations));
        if (!(Tolerance >= 0) || !double.IsFinite(Tolerance))
            throw new ArgumentException($"tol must be a finite number ≥ 0; got {Tolerance}.", nameof(Tolerance));
        if (CheckEvery <= 0)
            throw new ArgumentException($"the check interval must be ≥ 1; got {CheckEvery}.", nameof(CheckEvery));
        if (!(SinkhornTolerance > 0))
            throw new ArgumentException($"the Sinkhorn tolerance must be > 0; got {SinkhornTolerance}.", nameof(SinkhornTolerance));
        if (!(InexactSinkhorn >= 0) || double.IsInfinity(InexactSinkhorn))
            throw new ArgumentException($"the inexact-Sinkhorn factor must be a finite number ≥ 0; got {InexactSinkhorn}.", nameof(InexactSinkhorn));
        if (ObserveEvery <= 0)
            throw new ArgumentException($"the observation interval must be ≥ 1; got {ObserveEvery}.", nameof(ObserveEvery));
        if (!(LossTolerance >= 0) || !double.IsFinite(LossTolerance))
            throw new ArgumentException($"the loss tolerance must be a finite number ≥ 0; got {LossTolerance}.", nameof(LossTolerance));
        if (SinkhornMaxIterations <= 0)
            throw new ArgumentException($"the Sinkhorn iteration cap must be ≥ 1; got {SinkhornMaxIterations}.", nameof(SinkhornMaxIterations));
        if (Init == InitialPlanKind.User && UserPlan is null)
            throw new ArgumentException("init is 'user' but no initial plan was given.", nameof(UserPlan));
    }
}

/// <summary>One outer iteration of the GW solver, for convergence plots.</summary>
/// <param name="Iteration">0-based outer iteration.</param>
/// <param name="GwLoss">GW loss of the plan entering this iteration.</param>
/// <param name="SinkhornIterations">Sinkhorn sweeps this iteration needed.</param>
/// <param name="PlanChange">‖T − T_prev‖_F when checked this iteration, else null.</param>
public sealed record GwIterate(int Iteration, double GwLoss, int SinkhornIterations, double? PlanChange);

/// <summary>What an observer of a running solve sees every <see cref="GwSettings.ObserveEvery"/> iterations.</summary>
/// <param name="Iteration">Outer iterations done so far (a multiple of <see cref="GwSettings.ObserveEvery"/>).</param>
/// <param name="GwLoss">GW loss of the current plan, accumulated in float64 from products in the working precision.</param>
/// <param name="PlanChange">‖T − T_prev‖_F of the last iteration.</param>
public sealed record GwIntermediate(int Iteration, double GwLoss, double PlanChange);

/// <summary>An observer's answer: go on, or stop the solve now (a pruned study trial).</summary>
public enum IntermediateDecision
{
    /// <summary>Keep iterating.</summary>
    Continue,

    /// <summary>Stop now and return the current plan with <see cref="GwState.Stopped"/>.</summary>
    Stop,
}

/// <summary>How a GW solve ended. Exactly one holds for every result.</summary>
public enum GwState
{
    /// <summary>‖T − T_prev‖_F ≤ tol, measured in the precision that computed the plan.</summary>
    Converged,

    /// <summary>
    /// The plan stopped changing at the working precision before reaching tol: the change is at the rounding floor
    /// reported in <see cref="GwResult.Floor"/>, so further iterations cannot move it.
    /// </summary>
    Stalled,

    /// <summary>max_iter iterations were done with ‖T − T_prev‖_F still above tol.</summary>
    MaxIterations,

    /// <summary>The plan became non-finite; the last finite plan is returned.</summary>
    Failed,

    /// <summary>An observer asked to stop (e.g. a study pruned the trial).</summary>
    Stopped,

    /// <summary>
    /// The GW loss changed by at most <see cref="GwSettings.LossTolerance"/> (relative) over the last
    /// <see cref="GwSettings.ObserveEvery"/> iterations, while ‖T − T_prev‖_F was still above tol.
    /// </summary>
    LossStationary,
}

/// <summary>The result of a GW solve: the plan, its loss, and how the run went.</summary>
/// <param name="Plan">The transport plan T (n × m), rows sum to p, columns to q.</param>
/// <param name="GwLoss">
/// Σ_ijkl (D1_ik − D2_jl)² T_ij T_kl of the returned plan, in float64 after rounding onto U(p, q); when the caller stopped
/// the solve (<see cref="GwState.Stopped"/>) the products behind it are in the working precision (float32: about 1e-6 relative).
/// </param>
/// <param name="Iterations">Outer iterations done.</param>
/// <param name="Converged">Whether <see cref="State"/> is <see cref="GwState.Converged"/>.</param>
/// <param name="Reason">Why the run stopped, in words.</param>
/// <param name="LastPlanChange">‖T − T_prev‖_F at the last check.</param>
/// <param name="SinkhornIterations">Sinkhorn sweeps in all.</param>
/// <param name="Seconds">Wall-clock time of the solve.</param>
/// <param name="Settings">The settings that produced it.</param>
/// <param name="Backend">The GEMM implementation and product path used.</param>
/// <param name="History">Per-iteration loss and Sinkhorn effort.</param>
public sealed record GwResult(
    double[,] Plan, double GwLoss, int Iterations, bool Converged, string Reason, double LastPlanChange,
    long SinkhornIterations, double Seconds, GwSettings Settings, string Backend, IReadOnlyList<GwIterate> History)
{
    /// <summary>How the solve ended.</summary>
    public GwState State { get; init; } = Converged ? GwState.Converged : GwState.MaxIterations;

    /// <summary>For <see cref="GwState.Stalled"/>: the rounding floor of ‖T − T_prev‖_F in the working precision; else 0.</summary>
    public double Floor { get; init; }

    /// <summary>Of <see cref="SinkhornIterations"/>, the sweeps over the truncated kernel (<see cref="GwSettings.TruncatedKernel"/>).</summary>
    public long TruncatedSweeps { get; init; }

    /// <summary>Inner Sinkhorn solves that stopped at their sweep cap before reaching their tolerance.</summary>
    public int CappedSinkhornSolves { get; init; }

    /// <summary>The working precision of the iteration: "float32", "float64", or both when they were mixed.</summary>
    public string PrecisionUsed { get; init; } = "";
}
