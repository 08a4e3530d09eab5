using Engram.Numerics;

namespace Engram.Continual;

/// <summary>
/// Settings of the drift sweeps: ΔE against ε (expected ΔE ∝ ε², because the first-order term z*ᵀΩz* vanishes
/// at a fixed point) and ΔE against the energy of the stored patterns (varying the cluster correlation c).
/// </summary>
public sealed record DriftSweepSettings
{
    /// <summary>The protocol every point of the sweep starts from (ε and c are overridden per point).</summary>
    public DriftExperimentSettings Base { get; init; } = new() { Draws = 100 };

    /// <summary>ε values of the log–log sweep (each &gt; 0).</summary>
    public IReadOnlyList<double> Epsilons { get; init; } = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1];

    /// <summary>Cluster correlations c of the energy sweep (each in [0, 1)); empty skips it.</summary>
    public IReadOnlyList<double> Correlations { get; init; } = [0.0, 0.1, 0.2, 0.35, 0.5, 0.6, 0.7];

    /// <summary>Checks the grids and the base settings.</summary>
    /// <exception cref="ArgumentException">Fewer than two distinct ε, ε ≤ 0, or c outside [0, 1).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Base);
        Base.Validate();
        if (Epsilons is null || Epsilons.Distinct().Count() < 2)
            throw new ArgumentException($"the ε grid needs at least two distinct values to fit a slope; got {Epsilons?.Count ?? 0} value(s).", nameof(Epsilons));
        foreach (double e in Epsilons)
            if (!(e > 0) || double.IsInfinity(e)) throw new ArgumentException($"every ε of a log–log sweep must be a finite number > 0; got {e}.", nameof(Epsilons));
        foreach (double c in Correlations ?? [])
            if (!(c >= 0 && c < 1)) throw new ArgumentException($"every correlation c must be in [0, 1); got {c}.", nameof(Correlations));
        if (Base.Patterns is not null) throw new ArgumentException("the sweep runs on generated memories; a user memory is not supported here.", nameof(Base));
    }
}

/// <summary>One point of the ε sweep.</summary>
/// <param name="Epsilon">ε.</param>
/// <param name="DECluster">Mean ΔE over the cluster members.</param>
/// <param name="DEClusterSe">Its standard error over draws.</param>
/// <param name="DEOutlier">Mean ΔE over the outliers (NaN-free; null without outliers).</param>
/// <param name="DEOutlierSe">Its standard error.</param>
public sealed record EpsilonPoint(double Epsilon, double DECluster, double DEClusterSe, double? DEOutlier, double? DEOutlierSe);

/// <summary>One point of the energy sweep (one cluster correlation c).</summary>
/// <param name="Correlation">c.</param>
/// <param name="EnergyCluster">E(x_k; X) of the cluster members.</param>
/// <param name="DECluster">Mean ΔE of the cluster members.</param>
/// <param name="DEClusterSe">Its standard error.</param>
/// <param name="EnergyOutlier">E(x_k; X) of the outliers (null without outliers).</param>
/// <param name="DEOutlier">Mean ΔE of the outliers.</param>
/// <param name="DEOutlierSe">Its standard error.</param>
public sealed record CorrelationPoint(double Correlation, double EnergyCluster, double DECluster, double DEClusterSe,
    double? EnergyOutlier, double? DEOutlier, double? DEOutlierSe);

/// <summary>A least-squares line log ΔE = log a + slope · log ε.</summary>
/// <param name="Slope">Fitted exponent (2 for second-order forgetting).</param>
/// <param name="Intercept">log a.</param>
/// <param name="SlopeStandardError">Standard error of the slope from the fit residuals (0 with two points).</param>
public sealed record PowerLawFit(double Slope, double Intercept, double SlopeStandardError)
{
    /// <summary>Fits log y against log x by ordinary least squares.</summary>
    /// <exception cref="ArgumentException">Fewer than two points, or a value ≤ 0.</exception>
    public static PowerLawFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count || x.Count < 2) throw new ArgumentException($"a power-law fit needs ≥ 2 (x, y) pairs; got {x.Count} and {y.Count} values.", nameof(x));
        int n = x.Count;
        var lx = new double[n];
        var ly = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!(x[i] > 0) || !(y[i] > 0)) throw new ArgumentException($"a log–log fit needs positive values; got ({x[i]}, {y[i]}).", nameof(y));
            lx[i] = Math.Log(x[i]);
            ly[i] = Math.Log(y[i]);
        }
        double mx = lx.Average(), my = ly.Average(), sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) { sxx += (lx[i] - mx) * (lx[i] - mx); sxy += (lx[i] - mx) * (ly[i] - my); }
        if (!(sxx > 0)) throw new ArgumentException("a power-law fit needs at least two distinct x values.", nameof(x));
        double slope = sxy / sxx, intercept = my - slope * mx, rss = 0;
        for (int i = 0; i < n; i++) { double r = ly[i] - intercept - slope * lx[i]; rss += r * r; }
        double se = n > 2 ? Math.Sqrt(rss / (n - 2) / sxx) : 0;
        return new PowerLawFit(slope, intercept, se);
    }
}

/// <summary>Result of <see cref="DriftSweep.Run"/>.</summary>
/// <param name="Settings">What produced it.</param>
/// <param name="EpsilonPoints">ΔE per ε.</param>
/// <param name="SlopeCluster">log–log fit of the cluster ΔE against ε.</param>
/// <param name="SlopeOutlier">log–log fit of the outlier ΔE against ε (null without outliers).</param>
/// <param name="CorrelationPoints">Energy and ΔE per cluster correlation.</param>
public sealed record DriftSweepResult(
    DriftSweepSettings Settings,
    IReadOnlyList<EpsilonPoint> EpsilonPoints,
    PowerLawFit SlopeCluster,
    PowerLawFit? SlopeOutlier,
    IReadOnlyList<CorrelationPoint> CorrelationPoints);

/// <summary>
/// Sweeps of the drift experiment. Every point reuses the same seed, so draw i sees the same memory and the same
/// Gaussian A at every ε (common random numbers): the curve ΔE(ε) is smooth and its log–log slope is measured
/// without sampling noise between points.
/// </summary>
public static class DriftSweep
{
    /// <summary>Runs the ε sweep, fits the slopes, then the correlation (energy) sweep at the base ε.</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    public static DriftSweepResult Run(DriftSweepSettings settings, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        int total = settings.Epsilons.Count + settings.Correlations.Count, done = 0;
        var epsilonPoints = new List<EpsilonPoint>();
        foreach (double eps in settings.Epsilons)
        {
            DriftExperimentResult r = DriftExperiment.Run(settings.Base with { Epsilon = eps }, null, cancellation);
            epsilonPoints.Add(new EpsilonPoint(eps, r.DECluster!.Value, r.DEClusterSe!.Value, r.DEOutlier, r.DEOutlierSe));
            progress?.Report(new WorkProgress("drift sweep", ++done, total, $"ε = {eps:G3}"));
        }
        var correlationPoints = new List<CorrelationPoint>();
        foreach (double c in settings.Correlations)
        {
            DriftExperimentResult r = DriftExperiment.Run(settings.Base with { Correlation = c }, null, cancellation);
            correlationPoints.Add(new CorrelationPoint(c, r.EnergyCluster!.Value, r.DECluster!.Value, r.DEClusterSe!.Value,
                r.EnergyOutlier, r.DEOutlier, r.DEOutlierSe));
            progress?.Report(new WorkProgress("drift sweep", ++done, total, $"c = {c:G3}"));
        }
        double[] epsilons = epsilonPoints.Select(p => p.Epsilon).ToArray();
        PowerLawFit cluster = PowerLawFit.Fit(epsilons, epsilonPoints.Select(p => p.DECluster).ToArray());
        PowerLawFit? outlier = settings.Base.Outliers > 0
            ? PowerLawFit.Fit(epsilons, epsilonPoints.Select(p => p.DEOutlier!.Value).ToArray())
            : null;
        return new DriftSweepResult(settings, epsilonPoints, cluster, outlier, correlationPoints);
    }
}
