using Engram.Numerics;
namespace Engram.Continual;

/// <summary>
/// Result of <see cref="DriftExperiment.Run"/>. Group quantities are per-draw averages (over the cluster members,
/// over the outliers, over the ordered pairs) whose mean and standard error over draws are reported; they are
/// null for a user memory without groups. All gains are <b>net</b> gains (closed form minus the no-drift
/// baseline) unless named otherwise, matching the "net self-replay gain" of docs/science.md §3.
/// </summary>
public sealed record DriftExperimentResult
{
    /// <summary>The settings that produced this result.</summary>
    public required DriftExperimentSettings Settings { get; init; }

    /// <summary>The drift applied, in words.</summary>
    public required string Drift { get; init; }

    /// <summary>Engram version that computed it.</summary>
    public string Version { get; init; } = typeof(DriftExperimentResult).Assembly.GetName().Version?.ToString() ?? "?";

    /// <summary>Group of each pattern (cluster index, −1 outlier); null for a user memory.</summary>
    public int[]? Groups { get; init; }

    /// <summary>Mean over draws of E(x_k; X) averaged over the cluster members (docs/science.md §3, row "E(x_k; X)").</summary>
    public double? EnergyCluster { get; init; }
    /// <summary>Standard error of <see cref="EnergyCluster"/>.</summary>
    public double? EnergyClusterSe { get; init; }
    /// <summary>Mean of E(x_k; X) over the outliers.</summary>
    public double? EnergyOutlier { get; init; }
    /// <summary>Standard error of <see cref="EnergyOutlier"/>.</summary>
    public double? EnergyOutlierSe { get; init; }
    /// <summary>Mean of E(z*_k; X), the energy at the old fixed points, over the cluster members.</summary>
    public double? FixedPointEnergyCluster { get; init; }
    /// <summary>Mean of E(z*_k; X) over the outliers.</summary>
    public double? FixedPointEnergyOutlier { get; init; }

    /// <summary>Mean intrinsic forgetting ΔE_k over the cluster members.</summary>
    public double? DECluster { get; init; }
    /// <summary>Standard error of <see cref="DECluster"/>.</summary>
    public double? DEClusterSe { get; init; }
    /// <summary>Mean ΔE_k over the outliers.</summary>
    public double? DEOutlier { get; init; }
    /// <summary>Standard error of <see cref="DEOutlier"/>.</summary>
    public double? DEOutlierSe { get; init; }

    /// <summary>Net self-replay gain Δ_{k→k} − β⁻¹log(1 + p_{k|k}) over the cluster members.</summary>
    public double? GainSelfCluster { get; init; }
    /// <summary>Standard error of <see cref="GainSelfCluster"/>.</summary>
    public double? GainSelfClusterSe { get; init; }
    /// <summary>Net self-replay gain over the outliers.</summary>
    public double? GainSelfOutlier { get; init; }
    /// <summary>Standard error of <see cref="GainSelfOutlier"/>.</summary>
    public double? GainSelfOutlierSe { get; init; }
    /// <summary>Net gain Δ_{r→k} over ordered pairs r ≠ k in the same cluster.</summary>
    public double? GainWithin { get; init; }
    /// <summary>Standard error of <see cref="GainWithin"/>.</summary>
    public double? GainWithinSe { get; init; }
    /// <summary>Net gain over ordered pairs with one cluster member and one outlier (both directions).</summary>
    public double? GainCross { get; init; }
    /// <summary>Standard error of <see cref="GainCross"/>.</summary>
    public double? GainCrossSe { get; init; }

    /// <summary>Closed-form (not net) self gain Δ_{k→k} over the cluster members.</summary>
    public double? ClosedFormSelfCluster { get; init; }
    /// <summary>Closed-form self gain over the outliers.</summary>
    public double? ClosedFormSelfOutlier { get; init; }
    /// <summary>No-drift baseline β⁻¹log(1 + p_{k|k}) over the cluster members.</summary>
    public double? BaselineSelfCluster { get; init; }
    /// <summary>No-drift baseline of the self gain over the outliers.</summary>
    public double? BaselineSelfOutlier { get; init; }

    /// <summary>Mean ΔE over all patterns.</summary>
    public double DEAll { get; init; }
    /// <summary>Standard error of <see cref="DEAll"/>.</summary>
    public double DEAllSe { get; init; }

    /// <summary>Per pattern k: mean over draws of E(x_k; X).</summary>
    public required double[] PatternEnergy { get; init; }
    /// <summary>Per pattern k: mean over draws of E(z*_k; X).</summary>
    public required double[] FixedPointEnergy { get; init; }
    /// <summary>Per pattern k: mean over draws of ΔE_k.</summary>
    public required double[] EnergyIncrease { get; init; }
    /// <summary>Per pattern k: standard error of ΔE_k over draws.</summary>
    public required double[] EnergyIncreaseSe { get; init; }
    /// <summary>Per pattern k: mean net self-replay gain.</summary>
    public required double[] NetSelfGain { get; init; }

    /// <summary>Mean net gain matrix [r][k] (replayed r, measured at k).</summary>
    public required double[][] NetGain { get; init; }
    /// <summary>Mean closed-form gain matrix [r][k].</summary>
    public required double[][] ClosedFormGain { get; init; }
    /// <summary>Mean no-drift baseline matrix [r][k].</summary>
    public required double[][] BaselineGain { get; init; }

    /// <summary>Fixed-point iterations (over all draws and patterns) that hit the cap without converging.</summary>
    public int NotConverged { get; init; }
    /// <summary>Largest number of updates any fixed point needed.</summary>
    public int MaxFixedPointIterations { get; init; }
    /// <summary>Largest max_ij |VᵀV − I| over draws (0 for non-rotation drifts).</summary>
    public double MaxOrthogonalityError { get; init; }
    /// <summary>Largest |closed form − direct energy drop| over draws and (r, k).</summary>
    public double MaxClosedFormDirectDifference { get; init; }

    /// <summary>ΔE per draw [draw][k] (not in the JSON; written as an array file by the report).</summary>
    public double[][] EnergyIncreasePerDraw { get; init; } = [];
    /// <summary>Net self gain per draw [draw][k] (not in the JSON).</summary>
    public double[][] NetSelfGainPerDraw { get; init; } = [];

    internal static DriftExperimentResult Aggregate(DriftExperimentSettings settings, int[]? groups, DriftExperiment.DrawOutcome[] draws)
    {
        int m = draws.Length, n = draws[0].Forgetting.Count;
        double[][] dE = new double[m][], self = new double[m][], energy = new double[m][], fixedEnergy = new double[m][];
        for (int i = 0; i < m; i++)
        {
            var f = draws[i].Forgetting;
            dE[i] = f.EnergyIncrease;
            energy[i] = f.PatternEnergy;
            fixedEnergy[i] = f.OldEnergy;
            self[i] = new double[n];
            for (int k = 0; k < n; k++) self[i][k] = draws[i].Gains.Net[k, k];
        }
        var perPatternDE = new double[n];
        var perPatternDESe = new double[n];
        for (int k = 0; k < n; k++)
        {
            Estimate e = Estimate.Of(Column(dE, k));
            perPatternDE[k] = e.Mean;
            perPatternDESe[k] = e.StandardError;
        }
        Estimate all = Estimate.Of(dE.Select(row => row.Average()).ToArray());

        var result = new DriftExperimentResult
        {
            Settings = settings,
            Drift = settings.EffectiveDrift.Describe(),
            Groups = groups,
            DEAll = all.Mean,
            DEAllSe = all.StandardError,
            PatternEnergy = MeanColumns(energy),
            FixedPointEnergy = MeanColumns(fixedEnergy),
            EnergyIncrease = perPatternDE,
            EnergyIncreaseSe = perPatternDESe,
            NetSelfGain = MeanColumns(self),
            NetGain = MeanMatrix(draws, g => g.Net),
            ClosedFormGain = MeanMatrix(draws, g => g.ClosedForm),
            BaselineGain = MeanMatrix(draws, g => g.Baseline),
            NotConverged = draws.Sum(d => d.Forgetting.NotConverged),
            MaxFixedPointIterations = draws.Max(d => d.Forgetting.FixedPoints.Max(f => f.Iterations)),
            MaxOrthogonalityError = draws.Max(d => d.OrthogonalityError),
            MaxClosedFormDirectDifference = draws.Max(d => d.ClosedFormDirectDifference),
            EnergyIncreasePerDraw = dE,
            NetSelfGainPerDraw = self,
        };
        if (groups is null) return result;

        bool[] cluster = groups.Select(g => g >= 0).ToArray();
        bool[] outlier = groups.Select(g => g < 0).ToArray();
        Estimate? Per(Func<int, int, double> value, bool[] members) =>
            members.Any(b => b) ? Estimate.Of(Enumerable.Range(0, m).Select(i => MeanOver(members, k => value(i, k))).ToArray()) : null;
        Estimate? Pairs(Func<int, int, bool> include)
        {
            bool any = false;
            for (int r = 0; r < n && !any; r++) for (int k = 0; k < n && !any; k++) any = include(r, k);
            if (!any) return null;
            var perDraw = new double[m];
            for (int i = 0; i < m; i++)
            {
                double sum = 0; int count = 0;
                for (int r = 0; r < n; r++)
                    for (int k = 0; k < n; k++)
                        if (include(r, k)) { sum += draws[i].Gains.Net[r, k]; count++; }
                perDraw[i] = sum / count;
            }
            return Estimate.Of(perDraw);
        }

        Estimate? eC = Per((i, k) => energy[i][k], cluster), eO = Per((i, k) => energy[i][k], outlier);
        Estimate? fC = Per((i, k) => fixedEnergy[i][k], cluster), fO = Per((i, k) => fixedEnergy[i][k], outlier);
        Estimate? dC = Per((i, k) => dE[i][k], cluster), dO = Per((i, k) => dE[i][k], outlier);
        Estimate? sC = Per((i, k) => self[i][k], cluster), sO = Per((i, k) => self[i][k], outlier);
        Estimate? cC = Per((i, k) => draws[i].Gains.ClosedForm[k, k], cluster), cO = Per((i, k) => draws[i].Gains.ClosedForm[k, k], outlier);
        Estimate? bC = Per((i, k) => draws[i].Gains.Baseline[k, k], cluster), bO = Per((i, k) => draws[i].Gains.Baseline[k, k], outlier);
        Estimate? within = Pairs((r, k) => r != k && groups[r] >= 0 && groups[r] == groups[k]);
        Estimate? cross = Pairs((r, k) => (groups[r] >= 0) != (groups[k] >= 0));
        return result with
        {
            EnergyCluster = eC?.Mean, EnergyClusterSe = eC?.StandardError,
            EnergyOutlier = eO?.Mean, EnergyOutlierSe = eO?.StandardError,
            FixedPointEnergyCluster = fC?.Mean, FixedPointEnergyOutlier = fO?.Mean,
            DECluster = dC?.Mean, DEClusterSe = dC?.StandardError,
            DEOutlier = dO?.Mean, DEOutlierSe = dO?.StandardError,
            GainSelfCluster = sC?.Mean, GainSelfClusterSe = sC?.StandardError,
            GainSelfOutlier = sO?.Mean, GainSelfOutlierSe = sO?.StandardError,
            GainWithin = within?.Mean, GainWithinSe = within?.StandardError,
            GainCross = cross?.Mean, GainCrossSe = cross?.StandardError,
            ClosedFormSelfCluster = cC?.Mean, ClosedFormSelfOutlier = cO?.Mean,
            BaselineSelfCluster = bC?.Mean, BaselineSelfOutlier = bO?.Mean,
        };
    }

    static double MeanOver(bool[] members, Func<int, double> value)
    {
        double sum = 0; int count = 0;
        for (int k = 0; k < members.Length; k++) if (members[k]) { sum += value(k); count++; }
        return sum / count;
    }

    static double[] Column(double[][] rows, int k) => rows.Select(r => r[k]).ToArray();

    static double[] MeanColumns(double[][] rows) =>
        Enumerable.Range(0, rows[0].Length).Select(k => rows.Average(r => r[k])).ToArray();

    static double[][] MeanMatrix(DriftExperiment.DrawOutcome[] draws, Func<ReplayGainMatrix, double[,]> pick)
    {
        int n = draws[0].Forgetting.Count;
        var mean = new double[n][];
        for (int r = 0; r < n; r++)
        {
            mean[r] = new double[n];
            for (int k = 0; k < n; k++)
            {
                double sum = 0;
                foreach (var d in draws) sum += pick(d.Gains)[r, k];
                mean[r][k] = sum / draws.Length;
            }
        }
        return mean;
    }
}
