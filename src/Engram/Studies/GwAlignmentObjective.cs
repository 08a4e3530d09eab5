using System.Diagnostics;
using Engram.Alignment;
using Engram.Alignment.Evaluation;
using Engram.Data;
using Engram.Numerics;

namespace Engram.Studies;

/// <summary>
/// The ε search of GWTune as a study objective: a trial solves entropic GW (<see cref="EntropicGromovWasserstein.Solve"/>)
/// with ε from the parameter <c>eps</c> and, when the space has it, the initial plan from the categorical <c>init</c>; the
/// trial's seed seeds a random initial plan. The value is the GW loss (the study minimises it); the GW loss of every 10th
/// iteration is reported as an intermediate value for pruning; every evaluation measure (top-k, category, k-NN, RSA),
/// the iterations and the seconds become user attributes; the plan is the trial's artefact (<c>plan.npy</c>).
/// A degenerate result (non-finite loss, a plan that lost mass, or a GW loss of zero between inputs that differ, the
/// failure POT's plain Sinkhorn shows at small ε) is recorded as failed with the reason, never as a best trial.
/// </summary>
/// <param name="X">First representation.</param>
/// <param name="Y">Second representation.</param>
/// <param name="Settings">GW settings; ε, init and seed are replaced per trial.</param>
/// <param name="Categories">Category index of every item (same order on both sides), or null.</param>
public sealed class GwAlignmentObjective(Representation X, Representation Y, GwSettings Settings, IReadOnlyList<int>? Categories = null) : IStudyObjective
{
    /// <summary>Iterations between intermediate values.</summary>
    public const int ReportEvery = 10;

    readonly GwProblem problem = new(X.Dissimilarity, Y.Dissimilarity, factors1: X.Factors(), factors2: Y.Factors());

    /// <summary>The GW settings of trial <paramref name="trial"/>.</summary>
    public GwSettings SettingsOf(TrialRun trial) => Settings with
    {
        Epsilon = trial.Float("eps"),
        Init = trial.Study.Space.Parameters.Any(p => p.Name == "init") ? Enum.Parse<InitialPlanKind>(trial.Choice("init"), ignoreCase: true) : Settings.Init,
        Seed = trial.Seed,
    };

    /// <inheritdoc/>
    public ObjectiveResult Evaluate(TrialRun trial, CancellationToken cancellation)
    {
        GwSettings settings = SettingsOf(trial);
        var iterates = new ReportingSink(trial);
        GwResult result = EntropicGromovWasserstein.Solve(problem, settings, trial.Progress, cancellation, iterates);
        var clock = Stopwatch.StartNew();
        string? degenerate = Degeneracy(result);
        AlignmentScores? scores = double.IsFinite(result.GwLoss) && AllFinite(result.Plan)
            ? AlignmentEvaluation.Evaluate(result.Plan, X, Y, Categories) : null;
        var attributes = new Dictionary<string, double>
        {
            ["gw_loss"] = result.GwLoss, ["iterations"] = result.Iterations, ["converged"] = result.Converged ? 1 : 0,
            ["sinkhorn_sweeps"] = result.SinkhornIterations, ["solve_seconds"] = Math.Round(result.Seconds, 3),
            ["evaluation_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
        };
        if (scores is not null) AddScores(attributes, scores);
        if (degenerate is not null)
            return new ObjectiveResult(double.NaN, attributes) { Failure = degenerate };
        double[,] plan = result.Plan;
        return new ObjectiveResult(result.GwLoss, attributes)
        {
            WriteArtefacts = dir => Npy.Write(Path.Combine(dir, "plan.npy"), NpyArray.FromMatrix(plan)),
        };
    }

    static void AddScores(Dictionary<string, double> attributes, AlignmentScores s)
    {
        void Add(string name, double? value) { if (value is double v) attributes[name] = v; }
        Add("top1", s.Top1); Add("top5", s.Top5); Add("top10", s.Top10);
        Add("category_top1", s.CategoryTop1); Add("category_top5", s.CategoryTop5); Add("category_top10", s.CategoryTop10);
        Add("knn_top1", s.KnnTop1); Add("knn_top5", s.KnnTop5); Add("knn_top10", s.KnnTop10);
        Add("rsa_pearson", s.RsaPearson); Add("rsa_spearman", s.RsaSpearman);
    }

    /// <summary>Why a solve's result cannot be a trial's answer, or null when it is sound.</summary>
    string? Degeneracy(GwResult result)
    {
        if (!double.IsFinite(result.GwLoss)) return $"degenerate: the GW loss is {result.GwLoss}";
        if (!AllFinite(result.Plan)) return "degenerate: the plan has non-finite entries";
        double mass = 0;
        foreach (double v in result.Plan) mass += v;
        if (Math.Abs(mass - 1) > 1e-6) return $"degenerate: the plan carries mass {mass:G6} instead of 1";
        // A loss of zero means D1 and D2 are matched exactly; between inputs that differ it means the plan collapsed.
        double scale = MaxSquare(problem.D1) + MaxSquare(problem.D2);
        if (result.GwLoss <= 1e-12 * scale && !SameMatrices(problem.D1, problem.D2))
            return $"degenerate: GW loss {result.GwLoss:G3} between different inputs (the plan collapsed)";
        return result.Reason.StartsWith("the plan became non-finite", StringComparison.Ordinal) ? $"degenerate: {result.Reason}" : null;
    }

    static bool AllFinite(double[,] m)
    {
        foreach (double v in m) if (!double.IsFinite(v)) return false;
        return true;
    }

    static double MaxSquare(double[,] d)
    {
        double max = 0;
        foreach (double v in d) max = Math.Max(max, v * v);
        return max;
    }

    static bool SameMatrices(double[,] a, double[,] b) =>
        a.GetLength(0) == b.GetLength(0) && a.Cast<double>().SequenceEqual(b.Cast<double>());

    /// <summary>Reports the loss of every <see cref="ReportEvery"/>-th iteration to the trial, on the solver's thread (so pruning interrupts the solve).</summary>
    sealed class ReportingSink(TrialRun trial) : IProgress<GwIterate>
    {
        public void Report(GwIterate value)
        {
            if (value.Iteration > 0 && value.Iteration % ReportEvery == 0) trial.Report(value.Iteration, value.GwLoss);
        }
    }
}
