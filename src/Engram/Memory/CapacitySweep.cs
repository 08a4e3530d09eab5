using System.Diagnostics;
using Engram.Numerics;

namespace Engram.Memory;

/// <summary>Settings of a storage-capacity sweep (<see cref="CapacitySweep.Run"/>).</summary>
public sealed record CapacitySettings
{
    /// <summary>Number of neurons N (default 2000).</summary>
    public int N { get; init; } = 2000;

    /// <summary>Loads α = P/N to test; P = max(1, round(αN)). Default 0.05 … 0.25 by 0.01.</summary>
    public IReadOnlyList<double> Alphas { get; init; } = Enumerable.Range(0, 21).Select(k => Math.Round(0.05 + 0.01 * k, 10)).ToArray();

    /// <summary>Independent networks (fresh patterns) per load (default 10).</summary>
    public int Trials { get; init; } = 10;

    /// <summary>Random seed: trial k at load index a uses sub-stream Derive(Derive(seed, a), k).</summary>
    public int Seed { get; init; }

    /// <summary>Update rule (default synchronous).</summary>
    public UpdateMode Mode { get; init; } = UpdateMode.Synchronous;

    /// <summary>Most steps per retrieval (default 100); a run stops earlier at a fixed point or a 2-cycle.</summary>
    public int MaxSteps { get; init; } = 100;

    /// <summary>Fraction of bits of the stored pattern flipped in the cue (default 0: start from the pattern itself).</summary>
    public double CueNoise { get; init; }

    /// <summary>Overlap threshold that defines the α_c estimate (default 0.5).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (N <= 0) throw new ArgumentException($"N must be > 0; got {N}.", nameof(N));
        if (Alphas is null || Alphas.Count == 0) throw new ArgumentException("the α grid is empty; give at least one load.", nameof(Alphas));
        foreach (double a in Alphas)
            if (!(a > 0) || double.IsInfinity(a)) throw new ArgumentException($"every α must be a finite number > 0; got {a}.", nameof(Alphas));
        if (Trials <= 0) throw new ArgumentException($"trials must be > 0; got {Trials}.", nameof(Trials));
        if (MaxSteps <= 0) throw new ArgumentException($"max steps must be > 0; got {MaxSteps}.", nameof(MaxSteps));
        if (!(CueNoise >= 0 && CueNoise <= 1)) throw new ArgumentException($"the cue noise must be in [0, 1]; got {CueNoise}.", nameof(CueNoise));
        if (!(Threshold > -1 && Threshold < 1)) throw new ArgumentException($"the threshold must be in (−1, 1); got {Threshold}.", nameof(Threshold));
        foreach (double a in Alphas)
            if ((long)Math.Round(a * N) * N > 1L << 35) throw new ArgumentException($"α = {a} at N = {N} stores too many patterns (N·P > 2^35).", nameof(Alphas));
    }
}

/// <summary>Retrieval at one load.</summary>
/// <param name="Alpha">Requested load α.</param>
/// <param name="Patterns">Patterns stored, P = max(1, round(αN)); the actual load is P/N.</param>
/// <param name="MeanOverlap">Mean over trials of the final overlap with the cued pattern.</param>
/// <param name="StdOverlap">Sample standard deviation (n − 1) of the final overlaps; 0 for one trial.</param>
/// <param name="Overlaps">Final overlap of every trial.</param>
/// <param name="MeanSteps">Mean number of steps run.</param>
/// <param name="ConvergedFraction">Fraction of trials that ended on a fixed point.</param>
public sealed record CapacityPoint(double Alpha, int Patterns, double MeanOverlap, double StdOverlap, double[] Overlaps, double MeanSteps, double ConvergedFraction);

/// <summary>Result of a capacity sweep.</summary>
/// <param name="Settings">What produced it.</param>
/// <param name="Points">One point per load, in the order of the grid.</param>
/// <param name="AlphaCEstimate">
/// The threshold-crossing estimate: scanning α upward, the first load whose mean overlap is below the
/// threshold, linearly interpolated with the load before it. NaN when the grid does not bracket a crossing.
/// </param>
/// <param name="AlphaCSteepest">Midpoint of the grid interval with the steepest fall of the mean overlap per unit α (NaN for one point).</param>
/// <param name="TheoryOverlaps">Amari–Maginu m_T at each load from the same initial overlap, T = max steps (synchronous theory).</param>
/// <param name="TheoryAlphaC">Load at which the Amari–Maginu m_T crosses the threshold.</param>
/// <param name="Elapsed">Wall-clock time of the sweep.</param>
public sealed record CapacityResult(
    CapacitySettings Settings,
    CapacityPoint[] Points,
    double AlphaCEstimate,
    double AlphaCSteepest,
    double[] TheoryOverlaps,
    double TheoryAlphaC,
    TimeSpan Elapsed)
{
    /// <summary>The equilibrium capacity of Amit, Gutfreund &amp; Sompolinsky (1985).</summary>
    public const double TheoreticalAlphaC = 0.138;

    /// <summary>
    /// The Amari–Maginu curve m_T(α) drawn beside the simulation: 121 loads evenly spaced from min(0.01, smallest α) to
    /// max(0.3, largest α), from the cue's overlap, T = max steps (see <see cref="AmariMaginu.Curve"/>).
    /// </summary>
    public IReadOnlyList<TheoryPoint> TheoryCurve { get; init; } = [];
}

/// <summary>
/// Storage capacity by simulation: for each load α, store P = round(αN) random patterns, cue the network
/// with stored pattern 0 (optionally noisy), run to a fixed point (or the step cap) and record the final
/// overlap with it; repeat over independent trials. Trials run in parallel (each network single-threaded).
/// </summary>
public static class CapacitySweep
{
    /// <summary>Runs the sweep.</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    public static CapacityResult Run(CapacitySettings settings, IProgress<WorkProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var clock = Stopwatch.StartNew();
        int loads = settings.Alphas.Count, trials = settings.Trials, n = settings.N;
        var finals = new double[loads, trials];
        var steps = new int[loads, trials];
        var converged = new bool[loads, trials];
        long done = 0, total = (long)loads * trials;
        // Largest loads first: they take longest, so the two cores finish together.
        int[] jobs = Enumerable.Range(0, loads * trials).OrderByDescending(j => settings.Alphas[j / trials]).ToArray();
        Parallel.ForEach(jobs, new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = Environment.ProcessorCount }, job =>
        {
            int a = job / trials, k = job % trials;
            int p = Math.Max(1, (int)Math.Round(settings.Alphas[a] * n));
            var random = Seeding.Create(Seeding.Derive(Seeding.Derive(settings.Seed, a), k));
            var net = new ClassicalHopfieldNetwork(PatternSet.Random(p, n, random)) { UseParallelism = false };
            SpinVector cue = net.Patterns.Pattern(0);
            if (settings.CueNoise > 0) cue = cue.WithFlips(settings.CueNoise, random);
            var run = net.Retrieve(cue, new RetrievalSettings
            {
                Mode = settings.Mode, MaxSteps = settings.MaxSteps, TrackedPatterns = [0], Seed = random.Next(),
            });
            finals[a, k] = run.FinalOverlap();
            steps[a, k] = run.Steps;
            converged[a, k] = run.Converged;
            long d = Interlocked.Increment(ref done);
            progress?.Report(new WorkProgress("capacity", d, total, $"α = {settings.Alphas[a]:0.###}"));
        });

        var points = new CapacityPoint[loads];
        for (int a = 0; a < loads; a++)
        {
            double[] o = Enumerable.Range(0, trials).Select(k => finals[a, k]).ToArray();
            double mean = o.Average();
            double std = trials > 1 ? Math.Sqrt(o.Sum(v => (v - mean) * (v - mean)) / (trials - 1)) : 0;
            points[a] = new CapacityPoint(settings.Alphas[a], Math.Max(1, (int)Math.Round(settings.Alphas[a] * n)), mean, std, o,
                Enumerable.Range(0, trials).Average(k => steps[a, k]), Enumerable.Range(0, trials).Count(k => converged[a, k]) / (double)trials);
        }
        double m0 = 1 - 2 * Math.Round(settings.CueNoise * n, MidpointRounding.AwayFromZero) / n;
        double[] theory = settings.Alphas.Select(alpha => AmariMaginu.FinalOverlap(alpha, m0, settings.MaxSteps)).ToArray();
        double low = Math.Min(0.01, settings.Alphas.Min()), high = Math.Max(0.3, settings.Alphas.Max());
        return new CapacityResult(settings, points, ThresholdCrossing(points, settings.Threshold), SteepestDrop(points), theory,
            AmariMaginu.CriticalLoad(m0, settings.MaxSteps, settings.Threshold), clock.Elapsed)
        {
            TheoryCurve = AmariMaginu.Curve(low, high, 121, m0, settings.MaxSteps),
        };
    }

    /// <summary>
    /// Threshold-crossing estimator: points sorted by α; the first point whose mean overlap is below
    /// <paramref name="threshold"/>, interpolated linearly with the point before it. NaN if not bracketed.
    /// </summary>
    public static double ThresholdCrossing(IReadOnlyList<CapacityPoint> points, double threshold)
    {
        var sorted = points.OrderBy(p => p.Alpha).ToArray();
        for (int k = 1; k < sorted.Length; k++)
        {
            if (sorted[k - 1].MeanOverlap >= threshold && sorted[k].MeanOverlap < threshold)
            {
                double m1 = sorted[k - 1].MeanOverlap, m2 = sorted[k].MeanOverlap;
                return sorted[k - 1].Alpha + (m1 - threshold) / (m1 - m2) * (sorted[k].Alpha - sorted[k - 1].Alpha);
            }
        }
        return double.NaN;
    }

    /// <summary>Midpoint of the grid interval where the mean overlap falls fastest per unit α; NaN for fewer than two points.</summary>
    public static double SteepestDrop(IReadOnlyList<CapacityPoint> points)
    {
        var sorted = points.OrderBy(p => p.Alpha).ToArray();
        double best = double.NegativeInfinity, at = double.NaN;
        for (int k = 1; k < sorted.Length; k++)
        {
            double da = sorted[k].Alpha - sorted[k - 1].Alpha;
            if (da <= 0) continue;
            double slope = (sorted[k - 1].MeanOverlap - sorted[k].MeanOverlap) / da;
            if (slope > best) { best = slope; at = 0.5 * (sorted[k].Alpha + sorted[k - 1].Alpha); }
        }
        return at;
    }
}
