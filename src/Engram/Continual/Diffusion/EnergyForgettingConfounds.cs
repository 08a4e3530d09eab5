using Engram.Numerics;

namespace Engram.Continual.Diffusion;

/// <summary>ρ(energy, forgetting) among the evaluated images of one class, and what separates the class from the others.</summary>
/// <param name="Class">The class label.</param>
/// <param name="Count">Evaluated images of the class.</param>
/// <param name="MedianEnergy">Median energy of its images.</param>
/// <param name="MeanForgetting">Mean forgetting of its images.</param>
/// <param name="EnergyClassRho">ρ(energy, 1[class = this one]) over all evaluated images: how strongly energy tells this class apart (0 with a single class).</param>
/// <param name="Rho">ρ(energy, forgetting) within the class with its percentile bootstrap 95 % interval (null below 3 images).</param>
/// <param name="Deciles">Mean forgetting per energy decile within the class (null below 10 images).</param>
public sealed record ClassCorrelation(int Class, int Count, double MedianEnergy, double MeanForgetting, double EnergyClassRho, Interval? Rho, double[]? Deciles);

/// <summary>
/// ρ(energy, forgetting) with the confounders of a class-split data set in view: pooled, within each class, and partial
/// given the class and given class and baseline error; every interval from a bootstrap that resamples images within
/// their class (so each resample keeps the class mix).
/// </summary>
/// <param name="Pooled">Spearman ρ over all images.</param>
/// <param name="Classes">Per-class statistics, by class label.</param>
/// <param name="GivenClass">Partial Spearman ρ given the class (ranks residualised within class).</param>
/// <param name="GivenClassAndBaseline">Partial Spearman ρ given the class and the baseline error (the error before the later tasks).</param>
/// <param name="EnergyInkRho">ρ(energy, ink), ink = the number of non-background (non-zero) pixels of the image.</param>
/// <param name="EnergyBaselineRho">ρ(energy, baseline error).</param>
/// <param name="BaselineForgettingRho">ρ(baseline error, forgetting).</param>
public sealed record ConfoundAnalysis(Interval Pooled, ClassCorrelation[] Classes, Interval GivenClass, Interval GivenClassAndBaseline,
    double EnergyInkRho, double EnergyBaselineRho, double BaselineForgettingRho);

/// <summary>The confound analysis of one seed, policy and forgetting score at the selection σ.</summary>
/// <param name="Seed">Experiment seed.</param>
/// <param name="Policy">The policy whose forgetting is analysed.</param>
/// <param name="Score">The forgetting score.</param>
/// <param name="Analysis">The statistics.</param>
public sealed record ConfoundedCorrelation(int Seed, ReplayPolicy Policy, ForgettingScore Score, ConfoundAnalysis Analysis);

/// <summary>
/// Energy predicts forgetting only if it does so among comparable images. In a class-split task, energy differs by
/// class (it follows the amount of ink) and so does forgetting (the later classes resemble some task-1 classes more
/// than others), so a pooled ρ can take its sign from the classes alone (Simpson's paradox). These functions separate
/// the two: ρ within each class, the partial ρ given the class (and the baseline error, which regression to the mean
/// ties to any difference score), with stratified bootstrap intervals, and the confounders' own correlations.
/// </summary>
public static class EnergyForgettingConfounds
{
    /// <summary>Analyses one set of evaluated images; every array holds one value per image.</summary>
    /// <param name="energy">Leave-one-out energy at the selection σ.</param>
    /// <param name="forgetting">Forgetting score.</param>
    /// <param name="classes">Class label.</param>
    /// <param name="baseline">Baseline error (after task 1).</param>
    /// <param name="ink">Number of non-background pixels.</param>
    /// <param name="resamples">Bootstrap resamples (≥ 100).</param>
    /// <param name="seed">Bootstrap seed.</param>
    /// <exception cref="ArgumentException">Arrays of different lengths, fewer than 3 images, or a constant variable.</exception>
    public static ConfoundAnalysis Analyse(double[] energy, double[] forgetting, int[] classes, double[] baseline, double[] ink, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentNullException.ThrowIfNull(forgetting);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(ink);
        int n = energy.Length;
        if (n < 3 || forgetting.Length != n || classes.Length != n || baseline.Length != n || ink.Length != n)
            throw new ArgumentException($"the confound analysis needs ≥ 3 images with one energy, forgetting, class, baseline error and ink each; got {n} energies.", nameof(energy));
        double Pick(double[] values, int[] indices, Func<double[], double[], double> statistic, double[] other) =>
            statistic(indices.Select(i => values[i]).ToArray(), indices.Select(i => other[i]).ToArray());
        static double Rho(double[] a, double[] b) => Correlation.TrySpearman(a, b, out double r) ? r : double.NaN;
        double Partial(int[] indices, bool baselineToo)
        {
            double[] x = indices.Select(i => energy[i]).ToArray(), y = indices.Select(i => forgetting[i]).ToArray();
            int[] g = indices.Select(i => classes[i]).ToArray();
            IReadOnlyList<double>[] covariates = baselineToo ? [indices.Select(i => baseline[i]).ToArray()] : [];
            return PartialSpearman.TryCompute(x, y, g, covariates, out double r) ? r : double.NaN;
        }
        Interval pooled = Bootstrap.StratifiedPercentile(classes, ix => Pick(energy, ix, Rho, forgetting), resamples, 0.95, seed);
        Interval givenClass = Bootstrap.StratifiedPercentile(classes, ix => Partial(ix, false), resamples, 0.95, Seeding.Derive(seed, 1));
        Interval givenBoth = Bootstrap.StratifiedPercentile(classes, ix => Partial(ix, true), resamples, 0.95, Seeding.Derive(seed, 2));
        var perClass = classes.Distinct().Order().Select(c =>
        {
            int[] members = Enumerable.Range(0, n).Where(i => classes[i] == c).ToArray();
            double[] e = members.Select(i => energy[i]).ToArray(), f = members.Select(i => forgetting[i]).ToArray();
            Interval? rho = members.Length >= 3 && Correlation.TrySpearman(e, f, out _)
                ? Bootstrap.Percentile(members.Length, ix => Pick(e, ix, Rho, f), resamples, 0.95, Seeding.Derive(seed, 100 + c))
                : null;
            double[] indicator = classes.Select(k => k == c ? 1.0 : 0.0).ToArray();
            return new ClassCorrelation(c, members.Length, Median(e), f.Average(), Correlation.SpearmanOrZero(energy, indicator), rho,
                members.Length >= 10 ? EnergyForgettingAnalysis.DecileMeans(e, f) : null);
        }).ToArray();
        return new ConfoundAnalysis(pooled, perClass, givenClass, givenBoth,
            Correlation.SpearmanOrZero(energy, ink), Correlation.SpearmanOrZero(energy, baseline), Correlation.SpearmanOrZero(baseline, forgetting));
    }

    /// <summary>
    /// The wording of prediction 1 (higher energy, more forgetting: ρ &gt; 0) that an interval allows: "holds" when it
    /// lies above 0, "does not hold" when it lies below 0, "not resolved" when it contains 0.
    /// </summary>
    public static string Verdict(Interval rho)
    {
        ArgumentNullException.ThrowIfNull(rho);
        return rho.Lower > 0 ? "holds" : rho.Upper < 0 ? "does not hold" : "not resolved";
    }

    static double Median(double[] values)
    {
        double[] sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
