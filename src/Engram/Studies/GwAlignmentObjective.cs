using Engram.Alignment;
using Engram.Alignment.Evaluation;
using Engram.Data;

namespace Engram.Studies;

/// <summary>
/// The ε search of GWTune as a study objective: a trial runs the alignment pipeline (<see cref="AlignmentPipeline.Run"/>)
/// with ε from the parameter <c>eps</c> and, when the space has it, the initial plan from the categorical <c>init</c>; the
/// trial's seed seeds a random initial plan. The value is the GW loss (the study minimises it); the GW loss every
/// <see cref="GwSettings.ObserveEvery"/> (10) iterations is an intermediate value, and the pruner can stop the solve there;
/// every evaluation measure (top-k, category, k-NN, RSA), the iterations and the seconds become user attributes; the plan
/// is the trial's artefact (<c>plan.npy</c>). A degenerate result (a solve that became non-finite, a plan that lost mass, or
/// a GW loss of zero between inputs that differ, the failure POT's plain Sinkhorn shows at small ε) is recorded as failed
/// with the reason, never as a best trial.
/// </summary>
/// <param name="Inputs">The two prepared sides (and categories).</param>
/// <param name="Settings">Alignment settings; ε, init and seed are replaced per trial.</param>
public sealed class GwAlignmentObjective(AlignmentInputs Inputs, AlignmentSettings Settings) : IStudyObjective
{
    /// <summary>The two prepared sides.</summary>
    public AlignmentInputs Inputs { get; } = Inputs;

    /// <summary>The settings every trial starts from.</summary>
    public AlignmentSettings Settings { get; } = Settings;

    /// <summary>
    /// The alignment settings of trial <paramref name="trial"/>. A trial of an annealed search that warms from an earlier
    /// trial (<see cref="AnnealSampler.WarmFrom"/>) starts from that trial's plan: kept from this process's recent trials,
    /// or else re-computed from its stored parameters and seed (recursively along the descent), which gives the same
    /// plan, so a trial's result does not depend on which worker ran its predecessor.
    /// </summary>
    public AlignmentSettings SettingsOf(TrialRun trial, CancellationToken cancellation = default)
    {
        var settings = Settings with
        {
            Gw = Settings.Gw with
            {
                Epsilon = trial.Float("eps"),
                Init = trial.Study.Space.Parameters.Any(p => p.Name == "init") ? Enum.Parse<InitialPlanKind>(trial.Choice("init"), ignoreCase: true) : Settings.Gw.Init,
                Seed = trial.Seed,
            },
        };
        return AnnealSampler.WarmFrom(trial.Trial) is int source
            ? settings with { Gw = settings.Gw with { Init = InitialPlanKind.User, UserPlan = PlanOf(trial, source, cancellation) } }
            : settings;
    }

    /// <summary>Plans of the latest descent trials this process solved (the next descent step starts from one of them).</summary>
    readonly List<(int Number, double[,] Plan)> recentPlans = [];
    const int RecentPlansKept = 2;

    double[,] PlanOf(TrialRun trial, int number, CancellationToken cancellation)
    {
        lock (recentPlans)
            foreach (var (n, plan) in recentPlans)
                if (n == number) return plan;
        Trial source = trial.Earlier(number)
            ?? throw new InvalidOperationException($"trial {trial.Number} starts from trial {number}, which the study does not hold.");
        if (source.State != TrialState.Complete)
            throw new InvalidOperationException($"trial {trial.Number} starts from trial {number}, which is {source.State.ToString().ToLowerInvariant()}, not complete.");
        var replay = new TrialRun(trial.Study, source, (_, _) => false, trial.Progress, trial.Earlier);
        AlignmentResult result = AlignmentPipeline.Run(Inputs, SettingsOf(replay, cancellation) with { Evaluate = false }, trial.Progress, cancellation);   // only the plan is needed
        Remember(number, result.Plan);
        return result.Plan;
    }

    void Remember(int number, double[,] plan)
    {
        lock (recentPlans)
        {
            recentPlans.RemoveAll(p => p.Number == number);
            recentPlans.Add((number, plan));
            if (recentPlans.Count > RecentPlansKept) recentPlans.RemoveAt(0);
        }
    }

    /// <inheritdoc/>
    public ObjectiveResult Evaluate(TrialRun trial, CancellationToken cancellation)
    {
        bool pruned = false;
        AlignmentResult result = AlignmentPipeline.Run(Inputs, SettingsOf(trial, cancellation), trial.Progress, cancellation, step =>
        {
            pruned = trial.Report(step.Iteration, step.GwLoss);
            return pruned ? IntermediateDecision.Stop : IntermediateDecision.Continue;
        });
        if (pruned) throw new TrialPrunedException($"pruned at iteration {result.Entropic.Iterations} with GW loss {result.GwLoss:G6}");
        var attributes = new Dictionary<string, double>
        {
            ["gw_loss"] = result.GwLoss, ["iterations"] = result.Entropic.Iterations, ["converged"] = result.State == GwState.Converged ? 1 : 0,
            ["sinkhorn_sweeps"] = result.Entropic.SinkhornIterations, ["solve_seconds"] = Math.Round(result.Timings.Solve, 3),
            ["evaluation_seconds"] = Math.Round(result.Timings.Evaluate, 3),
        };
        if (result.Scores is { } scores) AddScores(attributes, scores);
        string? degenerate = Degeneracy(result, Inputs);
        if (degenerate is not null) return new ObjectiveResult(double.NaN, attributes) { Failure = degenerate };
        double[,] plan = result.Plan;
        if (AnnealSampler.Stage(trial.Trial) >= 0) Remember(trial.Number, plan);
        return new ObjectiveResult(result.GwLoss, attributes)
        {
            WriteArtefacts = dir =>
            {
                Npy.Write(Path.Combine(dir, PlanFile), NpyArray.FromMatrix(plan));
                File.WriteAllText(Path.Combine(dir, SolveFile), StudySettingsJson.Write(StoredSolve.Of(result)));
            },
        };
    }

    /// <summary>The best trial's plan among its artefacts.</summary>
    public const string PlanFile = "plan.npy";

    /// <summary>How the best trial's solve went (everything of its result but the plan), among its artefacts.</summary>
    public const string SolveFile = "solve.json";

    /// <summary>
    /// The result of <paramref name="trial"/> rebuilt from its stored artefacts (plan and solve record) in
    /// <paramref name="folder"/> instead of solving again: the same plan, loss, iterations and history; the scores are
    /// evaluated again from the plan (they depend only on it). Null when the artefacts are missing or do not fit the inputs.
    /// </summary>
    public AlignmentResult? FromArtefacts(string folder, TrialRun trial)
    {
        string planPath = Path.Combine(folder, PlanFile), solvePath = Path.Combine(folder, SolveFile);
        if (!File.Exists(planPath) || !File.Exists(solvePath)) return null;
        double[,] plan;
        StoredSolve solve;
        try
        {
            plan = Npy.Read(planPath).ToMatrix(planPath);
            solve = StudySettingsJson.Read<StoredSolve>(File.ReadAllText(solvePath));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or FormatException)
        {
            return null;   // damaged or from another version: solve again
        }
        if (plan.GetLength(0) != Inputs.First.Size || plan.GetLength(1) != Inputs.Second.Size) return null;
        var settings = Settings with
        {
            Gw = Settings.Gw with
            {
                Epsilon = trial.Float("eps"), Seed = trial.Seed,
                Init = AnnealSampler.WarmFrom(trial.Trial) is not null ? InitialPlanKind.User
                    : trial.Study.Space.Parameters.Any(p => p.Name == "init") ? Enum.Parse<InitialPlanKind>(trial.Choice("init"), ignoreCase: true) : Settings.Gw.Init,
            },
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        AlignmentScores? scores = settings.Evaluate
            ? AlignmentEvaluation.Evaluate(plan, Inputs.First, Inputs.Second,
                Inputs.Categories is not null && Inputs.First.Size == Inputs.Second.Size ? Inputs.Categories.PrimaryCategory() : null)
            : null;
        var entropic = new GwResult(plan, solve.GwLoss, solve.Iterations, solve.State == GwState.Converged, solve.Reason, solve.LastPlanChange,
            solve.SinkhornIterations, solve.Seconds, settings.Gw, solve.Backend, solve.History)
        {
            State = solve.State, Floor = solve.Floor, CappedSinkhornSolves = solve.CappedSinkhornSolves, PrecisionUsed = solve.PrecisionUsed,
        };
        return new AlignmentResult
        {
            Settings = settings, Inputs = Inputs, Entropic = entropic, Scores = scores,
            Timings = new AlignmentTimings(Inputs.PrepareSeconds, solve.Seconds, 0, settings.Evaluate ? clock.Elapsed.TotalSeconds : 0),
            Warnings = [.. Inputs.First.Warnings, .. Inputs.Second.Warnings],
        };
    }

    /// <summary>What a trial's solve record keeps: <see cref="GwResult"/> without its plan and settings (those are the plan file and the study's).</summary>
    internal sealed record StoredSolve
    {
        public double GwLoss { get; init; }
        public int Iterations { get; init; }
        public GwState State { get; init; }
        public string Reason { get; init; } = "";
        public double LastPlanChange { get; init; }
        public long SinkhornIterations { get; init; }
        public double Seconds { get; init; }
        public string Backend { get; init; } = "";
        public IReadOnlyList<GwIterate> History { get; init; } = [];
        public double Floor { get; init; }
        public int CappedSinkhornSolves { get; init; }
        public string PrecisionUsed { get; init; } = "";

        public static StoredSolve Of(AlignmentResult result)
        {
            GwResult r = result.Entropic;
            return new StoredSolve
            {
                GwLoss = r.GwLoss, Iterations = r.Iterations, State = r.State, Reason = r.Reason, LastPlanChange = r.LastPlanChange,
                SinkhornIterations = r.SinkhornIterations, Seconds = r.Seconds, Backend = r.Backend, History = r.History, Floor = r.Floor,
                CappedSinkhornSolves = r.CappedSinkhornSolves, PrecisionUsed = r.PrecisionUsed,
            };
        }
    }

    static void AddScores(Dictionary<string, double> attributes, AlignmentScores s)
    {
        void Add(string name, double? value) { if (value is double v) attributes[name] = v; }
        Add("top1", s.Top1); Add("top5", s.Top5); Add("top10", s.Top10);
        Add("category_top1", s.CategoryTop1); Add("category_top5", s.CategoryTop5); Add("category_top10", s.CategoryTop10);
        Add("knn_top1", s.KnnTop1); Add("knn_top5", s.KnnTop5); Add("knn_top10", s.KnnTop10);
        Add("rsa_pearson", s.RsaPearson); Add("rsa_spearman", s.RsaSpearman);
    }

    /// <summary>Why a run's result cannot be a trial's answer, or null when it is sound.</summary>
    internal static string? Degeneracy(AlignmentResult result, AlignmentInputs inputs)
    {
        if (result.State == GwState.Failed) return $"degenerate: {result.Entropic.Reason}";
        if (!double.IsFinite(result.GwLoss)) return $"degenerate: the GW loss is {result.GwLoss}";
        double mass = 0;
        foreach (double v in result.Plan)
        {
            if (!double.IsFinite(v)) return "degenerate: the plan has non-finite entries";
            mass += v;
        }
        if (Math.Abs(mass - 1) > 1e-6) return $"degenerate: the plan carries mass {mass:G6} instead of 1";
        // A loss of zero means D1 and D2 are matched exactly; between inputs that differ it means the plan collapsed.
        double[,] d1 = inputs.First.Dissimilarity, d2 = inputs.Second.Dissimilarity;
        double scale = MaxSquare(d1) + MaxSquare(d2);
        if (result.GwLoss <= 1e-12 * scale && !(d1.GetLength(0) == d2.GetLength(0) && d1.Cast<double>().SequenceEqual(d2.Cast<double>())))
            return $"degenerate: GW loss {result.GwLoss:G3} between different inputs (the plan collapsed){(result.Scores?.Top1 is double t ? $", top-1 {t:F1} %" : "")}";
        return null;
    }

    static double MaxSquare(double[,] d)
    {
        double max = 0;
        foreach (double v in d) max = Math.Max(max, v * v);
        return max;
    }
}
