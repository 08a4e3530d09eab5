using Engram.Memory;
using Engram.Numerics;

namespace Engram.Continual;

/// <summary>
/// Settings of the replay-selection experiment (docs/science.md §3, "Energy-based replay selection"). Defaults: a memory
/// of three clusters (20, 10, 5 patterns, c = 0.3) and 10 outliers in d = 128, β = 8, rotation drift ε = 0.05,
/// budgets 1…32, 20 trials.
/// </summary>
public sealed record ReplayExperimentSettings : ForgettingSettings
{
    /// <summary>Pattern dimension d (generated memories).</summary>
    public int Dimension { get; init; } = 128;

    /// <summary>The generated memory's clusters and outliers.</summary>
    public MemoryLayout Layout { get; init; } = MemoryLayout.ReplayDefault;

    /// <summary>Replay budgets K (each between 1 and the memory size).</summary>
    public IReadOnlyList<int> Budgets { get; init; } = [1, 2, 4, 8, 16, 32];

    /// <summary>Independent trials (memory, drift and random selections drawn afresh).</summary>
    public int Trials { get; init; } = 20;

    /// <summary>Number of stored samples n.</summary>
    public int MemorySize => Patterns?.GetLength(0) ?? Layout.Count;

    /// <summary>Checks every value; messages name the setting, the rule and the value.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        ValidateModel();
        if (Trials < 1) throw new ArgumentException($"trials must be ≥ 1; got {Trials}.", nameof(Trials));
        if (Patterns is null)
        {
            ArgumentNullException.ThrowIfNull(Layout);
            Layout.Validate(Dimension);
        }
        if (Budgets is null || Budgets.Count == 0) throw new ArgumentException("at least one replay budget K is needed.", nameof(Budgets));
        foreach (int k in Budgets)
            if (k < 1 || k > MemorySize)
                throw new ArgumentException($"replay budget K must be between 1 and the memory size {MemorySize}; got {k}.", nameof(Budgets));
    }
}

/// <summary>Forgetting left after replaying K samples chosen by one policy (means over trials).</summary>
/// <param name="Policy">The selection rule.</param>
/// <param name="Budget">K.</param>
/// <param name="MeanForgetting">Mean over samples of E(z*_k; Y ∪ R) − E(z*_k; X).</param>
/// <param name="MeanForgettingSe">Its standard error over trials.</param>
/// <param name="MeanNetForgetting">Mean over samples of E(z*_k; Y ∪ R) − E(z*_k; X ∪ R) (replay's no-drift gain discounted).</param>
/// <param name="MeanNetForgettingSe">Its standard error over trials.</param>
/// <param name="NetGainPerReplayed">Σ_k [ΔE_k − net forgetting_k] / K: drift-forgetting recovered per replayed sample.</param>
/// <param name="PerSampleForgetting">Per stored sample k, mean over trials of the forgetting after replay.</param>
/// <param name="PerSampleNetForgetting">Per stored sample k, mean over trials of the net forgetting after replay.</param>
/// <param name="ReplayedFirstTrial">The indices replayed in trial 0.</param>
public sealed record PolicyOutcome(
    ReplayPolicy Policy,
    int Budget,
    double MeanForgetting,
    double MeanForgettingSe,
    double MeanNetForgetting,
    double MeanNetForgettingSe,
    double NetGainPerReplayed,
    double[] PerSampleForgetting,
    double[] PerSampleNetForgetting,
    int[] ReplayedFirstTrial);

/// <summary>Result of <see cref="ReplayExperiment.Run"/>.</summary>
public sealed record ReplayExperimentResult
{
    /// <summary>What produced it.</summary>
    public required ReplayExperimentSettings Settings { get; init; }

    /// <summary>The drift applied, in words.</summary>
    public required string Drift { get; init; }

    /// <summary>Group of each sample (cluster index, −1 outlier); null for a user memory.</summary>
    public int[]? Groups { get; init; }

    /// <summary>Mean ΔE over samples without replay, with its standard error over trials.</summary>
    public required Estimate NoReplayForgetting { get; init; }

    /// <summary>Per sample: mean over trials of E(x_k; X), the selection score.</summary>
    public required double[] PatternEnergy { get; init; }

    /// <summary>Per sample: mean over trials of ΔE_k (no replay).</summary>
    public required double[] EnergyIncrease { get; init; }

    /// <summary>Per sample r: mean net self-replay gain Δ_{r→r} − β⁻¹log(1 + p_{r|r}).</summary>
    public required double[] SelfNetGain { get; init; }

    /// <summary>Per sample r: mean total net gain Σ_k (Δ_{r→k} − baseline) of replaying r alone.</summary>
    public required double[] TotalNetGain { get; init; }

    /// <summary>Spearman rank correlation between sample energy and self net gain.</summary>
    public double SpearmanEnergySelfGain { get; init; }

    /// <summary>Spearman rank correlation between sample energy and ΔE.</summary>
    public double SpearmanEnergyForgetting { get; init; }

    /// <summary>Spearman rank correlation between sample energy and total net gain.</summary>
    public double SpearmanEnergyTotalGain { get; init; }

    /// <summary>One entry per (policy, budget), policies in enum order, budgets ascending.</summary>
    public required IReadOnlyList<PolicyOutcome> Outcomes { get; init; }

    /// <summary>Fixed-point iterations (all trials and samples) that hit the cap.</summary>
    public int NotConverged { get; init; }

    /// <summary>The outcome of <paramref name="policy"/> at <paramref name="budget"/>.</summary>
    public PolicyOutcome Outcome(ReplayPolicy policy, int budget) =>
        Outcomes.First(o => o.Policy == policy && o.Budget == budget);
}

/// <summary>
/// The replay-selection experiment: in each trial a memory X, a drift X → Y and the old fixed points z*_k; for every
/// budget K and policy, the K chosen samples are added to the drifted memory (Y ∪ R) and the energy of every old
/// sample is measured again. Also the gain of replaying each sample alone against its energy.
/// </summary>
public static class ReplayExperiment
{
    static readonly ReplayPolicy[] Policies = [ReplayPolicy.TopK, ReplayPolicy.Random, ReplayPolicy.BottomK];

    /// <summary>Runs all trials (in parallel, one seeded stream each) and aggregates them in trial order.</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    public static ReplayExperimentResult Run(ReplayExperimentSettings settings, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        int[] budgets = settings.Budgets.Distinct().Order().ToArray();
        var trials = new TrialOutcome[settings.Trials];
        long done = 0;
        Parallel.For(0, settings.Trials, new ParallelOptions { CancellationToken = cancellation }, t =>
        {
            trials[t] = RunTrial(settings, budgets, t);
            progress?.Report(new WorkProgress("replay trials", Interlocked.Increment(ref done), settings.Trials));
        });

        int n = settings.MemorySize, m = trials.Length;
        double[] energy = MeanOf(trials, t => t.Forgetting.PatternEnergy, n);
        double[] increase = MeanOf(trials, t => t.Forgetting.EnergyIncrease, n);
        double[] self = MeanOf(trials, t => t.SelfNetGain, n);
        double[] total = MeanOf(trials, t => t.TotalNetGain, n);
        var outcomes = new List<PolicyOutcome>();
        for (int p = 0; p < Policies.Length; p++)
            for (int b = 0; b < budgets.Length; b++)
            {
                int cell = p * budgets.Length + b;
                Estimate left = Estimate.Of(trials.Select(t => t.Left[cell].Average()).ToArray());
                Estimate net = Estimate.Of(trials.Select(t => t.Net[cell].Average()).ToArray());
                double recovered = trials.Average(t => t.Forgetting.EnergyIncrease.Sum() - t.Net[cell].Sum()) / budgets[b];
                outcomes.Add(new PolicyOutcome(Policies[p], budgets[b], left.Mean, left.StandardError, net.Mean, net.StandardError, recovered,
                    MeanOf(trials, t => t.Left[cell], n), MeanOf(trials, t => t.Net[cell], n), trials[0].Replayed[cell]));
            }
        return new ReplayExperimentResult
        {
            Settings = settings,
            Drift = settings.EffectiveDrift.Describe(),
            Groups = settings.Patterns is null ? settings.Layout.Groups() : null,
            NoReplayForgetting = Estimate.Of(trials.Select(t => t.Forgetting.EnergyIncrease.Average()).ToArray()),
            PatternEnergy = energy,
            EnergyIncrease = increase,
            SelfNetGain = self,
            TotalNetGain = total,
            SpearmanEnergySelfGain = Correlation.SpearmanOrZero(energy, self),
            SpearmanEnergyForgetting = Correlation.SpearmanOrZero(energy, increase),
            SpearmanEnergyTotalGain = Correlation.SpearmanOrZero(energy, total),
            Outcomes = outcomes,
            NotConverged = trials.Sum(t => t.Forgetting.NotConverged),
        };
    }

    sealed record TrialOutcome(ForgettingResult Forgetting, double[] SelfNetGain, double[] TotalNetGain, double[][] Left, double[][] Net, int[][] Replayed);

    static TrialOutcome RunTrial(ReplayExperimentSettings settings, int[] budgets, int trial)
    {
        Random random = Seeding.Create(Seeding.Derive(settings.Seed, trial));
        double[,] x = settings.Patterns ?? ClusteredMemory.Generate(settings.Layout, settings.Dimension, random).Patterns;
        double[,] y = settings.EffectiveDrift.Apply(x, random);
        ForgettingResult f = IntrinsicForgetting.Measure(new ModernHopfield(x, settings.Beta), new ModernHopfield(y, settings.Beta), settings.Tolerance, settings.MaxIterations);
        ReplayGainMatrix gains = ReplayGain.Matrix(f, settings.Beta);
        int n = f.Count;
        var self = new double[n];
        var total = new double[n];
        for (int r = 0; r < n; r++)
        {
            self[r] = gains.Net[r, r];
            for (int k = 0; k < n; k++) total[r] += gains.Net[r, k];
        }
        int cells = Policies.Length * budgets.Length;
        var left = new double[cells][];
        var net = new double[cells][];
        var replayed = new int[cells][];
        for (int p = 0; p < Policies.Length; p++)
            for (int b = 0; b < budgets.Length; b++)
            {
                int cell = p * budgets.Length + b;
                replayed[cell] = ReplaySelection.Select(f.PatternEnergy, budgets[b], Policies[p], random);
                (left[cell], net[cell]) = ReplayGain.AfterReplay(f, settings.Beta, replayed[cell]);
            }
        return new TrialOutcome(f, self, total, left, net, replayed);
    }

    static double[] MeanOf(TrialOutcome[] trials, Func<TrialOutcome, double[]> pick, int n)
    {
        var mean = new double[n];
        foreach (TrialOutcome t in trials)
        {
            double[] v = pick(t);
            for (int k = 0; k < n; k++) mean[k] += v[k];
        }
        for (int k = 0; k < n; k++) mean[k] /= trials.Length;
        return mean;
    }
}
