using Engram.Numerics;

namespace Engram.Continual.Diffusion;

/// <summary>
/// The statistics of the diffusion experiment (docs/science.md §3, predictions): Spearman's ρ between energy and final
/// forgetting with a percentile bootstrap interval over images, per seed and σ; the same at the selection σ within class
/// and partial given class and baseline error (<see cref="EnergyForgettingConfounds"/>); forgetting by energy decile; and the
/// replay policies' mean forgetting (all images, top energy decile) over seeds with Student-t intervals.
/// </summary>
public static class EnergyForgettingAnalysis
{
    /// <summary>Builds the result record from the per-seed outcomes.</summary>
    public static DiffusionContinualResult Summarise(DiffusionContinualSettings settings, string kind, string space, double[] sigmas,
        SeedOutcome[] seeds, SampleGrid[] grids)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(sigmas);
        int selection = Array.IndexOf(settings.Timesteps, settings.SelectionTimestep);
        ReplayPolicy reference = settings.Policies.Contains(ReplayPolicy.None) ? ReplayPolicy.None : settings.Policies[0];
        var correlations = new List<EnergyForgettingCorrelation>();
        var confounds = new List<ConfoundedCorrelation>();
        foreach (SeedOutcome seed in seeds)
        {
            double[] forgetting = Final(seed, reference);
            double[] baseline = Enumerable.Range(0, seed.Images.Length).Select(j => seed.BaselineErrors.Average(row => row[j])).ToArray();
            PolicyOutcome outcome = seed.Policies.First(p => p.Policy == reference);
            var scores = new[]
            {
                (ForgettingScore.Absolute, outcome.Forgetting[^1], baseline),
                (ForgettingScore.Relative, outcome.RelativeForgetting[^1], baseline),
                (ForgettingScore.Reconstruction, outcome.ReconstructionForgetting, seed.ReconstructionBaseline),
            };
            foreach (var (score, values, before) in scores)
                confounds.Add(new ConfoundedCorrelation(seed.Seed, reference, score, EnergyForgettingConfounds.Analyse(seed.Energies[selection], values, seed.Classes,
                    before, seed.Ink, settings.Resamples, Seeding.Derive(seed.Seed, 31_000 + (int)score))));
            for (int i = 0; i < sigmas.Length; i++)
                correlations.Add(new EnergyForgettingCorrelation(seed.Seed, reference, settings.Timesteps[i], sigmas[i],
                    SpearmanInterval(seed.Energies[i], forgetting, settings.Resamples, Seeding.Derive(seed.Seed, 30_000 + i))));
        }
        Interval meanRho = Interval.StudentMean(correlations.Where(c => c.Timestep == settings.SelectionTimestep).Select(c => c.Rho.Estimate).ToArray());
        var deciles = settings.Policies.Select(p => new DecileForgetting(p,
            Enumerable.Range(0, 10).Select(d => seeds.Average(seed => DecileMeans(seed.Energies[selection], Final(seed, p))[d])).ToArray())).ToArray();
        double TopDecile(SeedOutcome seed, ReplayPolicy p) => DecileMeans(seed.Energies[selection], Final(seed, p))[9];
        var comparison = settings.Policies.Select(p => new PolicyComparison(p,
            Interval.StudentMean(seeds.Select(seed => Final(seed, p).Average()).ToArray()),
            Interval.StudentMean(seeds.Select(seed => TopDecile(seed, p)).ToArray()),
            p == ReplayPolicy.None ? null : Interval.StudentMean(seeds.Select(seed => seed.Policies.First(o => o.Policy == p).ReplayedForgetting.Average()).ToArray()))).ToArray();
        // Paired over seeds: each seed's policies share its task-1 model and held-out images, so the seed-to-seed spread
        // of the level cancels in the difference (a comparison of the per-policy intervals would keep it).
        TopKContrast[] contrasts = seeds.Length < 2 || !settings.Policies.Contains(ReplayPolicy.TopK) ? []
            : [.. settings.Policies.Where(p => p != ReplayPolicy.TopK).Select(p => new TopKContrast(p,
                Interval.StudentMean(seeds.Select(seed => TopDecile(seed, ReplayPolicy.TopK) - TopDecile(seed, p)).ToArray()),
                Interval.StudentMean(seeds.Select(seed => Final(seed, ReplayPolicy.TopK).Average() - Final(seed, p).Average()).ToArray())))];
        return new DiffusionContinualResult
        {
            Contrasts = contrasts,
            Settings = settings,
            Kind = kind,
            Space = space,
            Sigmas = sigmas,
            Seeds = seeds,
            Correlations = correlations.ToArray(),
            MeanRho = meanRho,
            Confounds = confounds.ToArray(),
            Deciles = deciles,
            Comparison = comparison,
            Grids = grids,
        };
    }

    /// <summary>Spearman's ρ of paired values with its percentile bootstrap interval (resampling pairs).</summary>
    /// <exception cref="ArgumentException">Different lengths, fewer than 2 pairs, or a constant side.</exception>
    public static Interval SpearmanInterval(double[] x, double[] y, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length) throw new ArgumentException($"ρ needs pairs; got {x.Length} and {y.Length} values.", nameof(y));
        return Bootstrap.Percentile(x.Length, indices =>
        {
            double[] a = indices.Select(i => x[i]).ToArray(), b = indices.Select(i => y[i]).ToArray();
            return Correlation.TrySpearman(a, b, out double rho) ? rho : double.NaN;
        }, resamples, 0.95, seed);
    }

    /// <summary>
    /// Mean of <paramref name="values"/> within each tenth of <paramref name="energies"/>: item i of n, at energy rank
    /// r (0-based, ties by position), falls in decile ⌊10 r / n⌋.
    /// </summary>
    public static double[] DecileMeans(double[] energies, double[] values)
    {
        ArgumentNullException.ThrowIfNull(energies);
        ArgumentNullException.ThrowIfNull(values);
        int n = energies.Length;
        if (n < 10 || values.Length != n) throw new ArgumentException($"deciles need ≥ 10 paired values; got {n} energies and {values.Length} values.", nameof(values));
        int[] order = Enumerable.Range(0, n).OrderBy(i => energies[i]).ThenBy(i => i).ToArray();
        var sums = new double[10];
        var counts = new int[10];
        for (int r = 0; r < n; r++)
        {
            int d = 10 * r / n;
            sums[d] += values[order[r]];
            counts[d]++;
        }
        return sums.Select((v, d) => v / counts[d]).ToArray();
    }

    static double[] Final(SeedOutcome seed, ReplayPolicy policy) => seed.Policies.First(p => p.Policy == policy).Forgetting[^1];
}
