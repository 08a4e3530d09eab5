using Engram.Numerics;

namespace Engram.Population;

/// <summary>Settings of <see cref="PopulationDynamics.Analyze"/>. Defaults follow Matsumoto et al. (2005): 50-sample windows, step 1.</summary>
public sealed record PopulationAnalysisSettings
{
    /// <summary>Window width in time points (default 50, i.e. 50 ms at 1 ms bins).</summary>
    public int Window { get; init; } = 50;

    /// <summary>Shift between consecutive windows in time points (default 1).</summary>
    public int Step { get; init; } = 1;

    /// <summary>Principal components kept per window (default 5).</summary>
    public int Components { get; init; } = 5;

    /// <summary>Time of the first sample, in time units (default 0; e.g. −100 when the stimulus starts at sample 100).</summary>
    public double TimeOrigin { get; init; }

    /// <summary>Duration of one sample in time units (default 1).</summary>
    public double TimeUnit { get; init; } = 1;

    /// <summary>An ARI counts as "recovered" once it exceeds this value (default 0.5).</summary>
    public double AriThreshold { get; init; } = 0.5;

    /// <summary>
    /// The Bayesian mixture fitted in every window; its <see cref="VariationalGaussianMixtureSettings.Components"/>
    /// is the most clusters a window can have (default 10), its seed is replaced per window by
    /// <c>Seeding.Derive(Seed, window)</c>. Default: scikit-learn's defaults but 3 initialisations (the best
    /// lower bound is kept): with one k-means start, scikit-learn's estimator (and this one) often splits a
    /// blob of a few dozen points in 4–5 dimensions in two.
    /// </summary>
    public VariationalGaussianMixtureSettings Mixture { get; init; } = new() { Initializations = 3 };

    /// <summary>Seed of the mixtures' initialisations.</summary>
    public int Seed { get; init; }
}

/// <summary>What the analysis found in one window.</summary>
/// <param name="Index">Window number (0-based).</param>
/// <param name="FirstSample">First time point of the window.</param>
/// <param name="Start">Start of the window in time units.</param>
/// <param name="End">End of the window (exclusive) in time units.</param>
/// <param name="Time">Centre of the window, (Start + End) / 2.</param>
/// <param name="Clusters">Distinct labels of the mixture's assignment of the stimuli.</param>
/// <param name="ActiveComponents">Mixture components with weight above the threshold.</param>
/// <param name="AriGlobal">Adjusted Rand index of the labels against the global labels (null without them).</param>
/// <param name="AriFine">Adjusted Rand index against the fine labels (null without them).</param>
/// <param name="ExplainedVariance">Fraction of the window's variance in the kept components.</param>
/// <param name="LowerBound">The mixture's final lower bound (NaN for a window without variance).</param>
/// <param name="Converged">Whether the mixture converged (true for a window without variance).</param>
/// <param name="Labels">Cluster of every stimulus.</param>
/// <param name="Scores">The stimuli in principal-component space (stimuli × components).</param>
public sealed record PopulationWindow(
    int Index,
    int FirstSample,
    double Start,
    double End,
    double Time,
    int Clusters,
    int ActiveComponents,
    double? AriGlobal,
    double? AriFine,
    double ExplainedVariance,
    double LowerBound,
    bool Converged,
    int[] Labels,
    double[,] Scores);

/// <summary>Result of <see cref="PopulationDynamics.Analyze"/>.</summary>
/// <param name="Settings">The settings used.</param>
/// <param name="Stimuli">Number of stimuli.</param>
/// <param name="Neurons">Number of neurons.</param>
/// <param name="TimePoints">Number of time points.</param>
/// <param name="Windows">Every window in time order.</param>
/// <param name="GlobalRecoveryTime">Centre time of the first window whose global ARI exceeds the threshold (null if none).</param>
/// <param name="FineRecoveryTime">Centre time of the first window whose fine ARI exceeds the threshold (null if none).</param>
public sealed record PopulationAnalysis(
    PopulationAnalysisSettings Settings,
    int Stimuli,
    int Neurons,
    int TimePoints,
    IReadOnlyList<PopulationWindow> Windows,
    double? GlobalRecoveryTime,
    double? FineRecoveryTime);

/// <summary>
/// Population-dynamics analysis of Matsumoto et al. (2005, Cereb. Cortex 15:1103; docs/science.md §1): for every
/// sliding window [t, t + w) the population vector of each stimulus is its neurons' mean activity,
/// v_s,n = (1/w) Σ_{τ∈window} a_s,n,τ; the stimuli × neurons matrix is reduced by PCA
/// (<see cref="PrincipalComponents"/>) and clustered by a variational Bayesian Gaussian mixture
/// (<see cref="VariationalGaussianMixture"/>) that chooses the number of clusters itself; the clusters are
/// compared with the global and fine stimulus categories by the adjusted Rand index
/// (<see cref="AdjustedRandIndex"/>). Window sums slide (add the entering sample, subtract the leaving one)
/// and are recomputed exactly at the start of every block of windows; blocks run in parallel.
/// </summary>
public static class PopulationDynamics
{
    /// <summary>Runs the sliding-window analysis.</summary>
    /// <param name="activity">Stimuli × neurons × time.</param>
    /// <param name="globalLabels">Global category of each stimulus (e.g. human / monkey / shape), or null.</param>
    /// <param name="fineLabels">Fine category of each stimulus (e.g. identity), or null.</param>
    /// <param name="settings">Window, PCA and mixture settings.</param>
    /// <param name="progress">Receives one report per finished window.</param>
    /// <exception cref="ArgumentException">Labels of the wrong length, a window wider than the series, too many
    /// components or clusters for the number of stimuli, or other invalid settings.</exception>
    public static PopulationAnalysis Analyze(PopulationActivity activity, int[]? globalLabels, int[]? fineLabels,
        PopulationAnalysisSettings? settings = null, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        settings ??= new PopulationAnalysisSettings();
        Validate(activity, globalLabels, fineLabels, settings);

        int s = activity.Stimuli, n = activity.Neurons, t = activity.TimePoints, w = settings.Window, step = settings.Step;
        int count = (t - w) / step + 1;
        var windows = new PopulationWindow[count];
        int blocks = Math.Min(count, Math.Max(1, Environment.ProcessorCount * 4));
        int done = 0;
        Parallel.For(0, blocks, block =>
        {
            int first = (int)((long)count * block / blocks), last = (int)((long)count * (block + 1) / blocks);
            var sums = new double[s * n];
            var means = new double[s * n];
            for (int index = first; index < last; index++)
            {
                int start = index * step;
                if (index == first || step >= w) WindowSums(activity, start, w, sums);
                else Slide(activity, start - step, step, w, sums);
                for (int i = 0; i < sums.Length; i++) means[i] = sums[i] / w;
                windows[index] = AnalyzeWindow(index, start, means, s, n, globalLabels, fineLabels, settings);
                int finished = Interlocked.Increment(ref done);
                progress?.Report(new WorkProgress("windows", finished, count));
            }
        });

        double? Recovery(Func<PopulationWindow, double?> ari) =>
            windows.FirstOrDefault(x => ari(x) > settings.AriThreshold)?.Time;
        return new PopulationAnalysis(settings, s, n, t, windows, Recovery(x => x.AriGlobal), Recovery(x => x.AriFine));
    }

    static void Validate(PopulationActivity activity, int[]? globalLabels, int[]? fineLabels, PopulationAnalysisSettings settings)
    {
        int s = activity.Stimuli;
        if (s < 2) throw new ArgumentException($"the analysis clusters stimuli and needs at least 2; the activity has {s}.", nameof(activity));
        if (globalLabels is not null && globalLabels.Length != s)
            throw new ArgumentException($"global labels have {globalLabels.Length} entries but the activity has {s} stimuli; give one label per stimulus.", nameof(globalLabels));
        if (fineLabels is not null && fineLabels.Length != s)
            throw new ArgumentException($"fine labels have {fineLabels.Length} entries but the activity has {s} stimuli; give one label per stimulus.", nameof(fineLabels));
        if (settings.Window < 1) throw new ArgumentException($"the window must be ≥ 1 time point; got {settings.Window}.", nameof(settings));
        if (settings.Window > activity.TimePoints)
            throw new ArgumentException($"the window ({settings.Window} time points) is wider than the series ({activity.TimePoints} time points).", nameof(settings));
        if (settings.Step < 1) throw new ArgumentException($"the step must be ≥ 1 time point; got {settings.Step}.", nameof(settings));
        int maxComponents = Math.Min(s, activity.Neurons);
        if (settings.Components < 1 || settings.Components > maxComponents)
            throw new ArgumentException($"the number of principal components must be in [1, min(stimuli, neurons)] = [1, {maxComponents}]; got {settings.Components}.", nameof(settings));
        if (settings.Mixture.Components < 1 || settings.Mixture.Components > s)
            throw new ArgumentException($"the most clusters must be in [1, stimuli] = [1, {s}]; got {settings.Mixture.Components}.", nameof(settings));
        if (!(settings.TimeUnit > 0) || !double.IsFinite(settings.TimeUnit))
            throw new ArgumentException($"the time unit must be finite and > 0; got {settings.TimeUnit}.", nameof(settings));
        if (!double.IsFinite(settings.TimeOrigin))
            throw new ArgumentException($"the time origin must be finite; got {settings.TimeOrigin}.", nameof(settings));
        if (!double.IsFinite(settings.AriThreshold))
            throw new ArgumentException($"the ARI threshold must be finite; got {settings.AriThreshold}.", nameof(settings));
    }

    static void WindowSums(PopulationActivity activity, int start, int width, double[] sums)
    {
        double[] a = activity.Values;
        int t = activity.TimePoints;
        for (int row = 0; row < sums.Length; row++)
        {
            ReadOnlySpan<double> span = a.AsSpan(row * t + start, width);
            double sum = 0;
            foreach (double v in span) sum += v;
            sums[row] = sum;
        }
    }

    /// <summary>Moves window sums from [previous, previous + w) to [previous + step, previous + step + w), step &lt; w.</summary>
    static void Slide(PopulationActivity activity, int previous, int step, int width, double[] sums)
    {
        double[] a = activity.Values;
        int t = activity.TimePoints;
        for (int row = 0; row < sums.Length; row++)
        {
            int offset = row * t + previous;
            double delta = 0;
            for (int k = 0; k < step; k++) delta += a[offset + width + k] - a[offset + k];
            sums[row] += delta;
        }
    }

    static PopulationWindow AnalyzeWindow(int index, int start, double[] means, int s, int n, int[]? globalLabels, int[]? fineLabels,
        PopulationAnalysisSettings settings)
    {
        double startTime = settings.TimeOrigin + start * settings.TimeUnit;
        double endTime = settings.TimeOrigin + (start + settings.Window) * settings.TimeUnit;
        PcaResult pca = PrincipalComponents.Fit(means, s, n, settings.Components);

        // Components without variance carry nothing and would make the mixture's prior singular.
        double largest = pca.ExplainedVariance.Length > 0 ? pca.ExplainedVariance[0] : 0;
        int kept = pca.ExplainedVariance.Count(v => v > 1e-12 * Math.Max(largest, double.Epsilon) && v > 0);
        int[] labels;
        int clusters, active;
        double bound;
        bool converged;
        if (kept == 0)
        {
            labels = new int[s];
            clusters = active = 1;
            bound = double.NaN;
            converged = true;
        }
        else
        {
            var x = new double[s * kept];
            for (int i = 0; i < s; i++) for (int c = 0; c < kept; c++) x[i * kept + c] = pca.Scores[i, c];
            var mixture = settings.Mixture with { Seed = Seeding.Derive(settings.Seed, index) };
            VariationalGaussianMixtureFit fit = VariationalGaussianMixture.Fit(x, s, kept, mixture);
            labels = fit.Labels;
            clusters = fit.ClusterCount;
            active = fit.ActiveComponents;
            bound = fit.LowerBound;
            converged = fit.Converged;
        }
        double? ariGlobal = globalLabels is null ? null : AdjustedRandIndex.Compute(globalLabels, labels);
        double? ariFine = fineLabels is null ? null : AdjustedRandIndex.Compute(fineLabels, labels);
        return new PopulationWindow(index, start, startTime, endTime, 0.5 * (startTime + endTime), clusters, active, ariGlobal, ariFine,
            pca.ExplainedVarianceRatio.Sum(), bound, converged, labels, pca.Scores);
    }
}
