using Engram.Numerics;

namespace Engram.Memory;

/// <summary>Settings of <see cref="ModernRetrievalStudy"/>.</summary>
public sealed record ModernRetrievalSettings
{
    /// <summary>Pattern dimension d (default 64).</summary>
    public int Dimension { get; init; } = 64;

    /// <summary>Stored patterns n (default 32; at most d − 1 for the separation sweep).</summary>
    public int Patterns { get; init; } = 32;

    /// <summary>Inverse temperatures for the β sweep (default 10^−1 … 10^2.5).</summary>
    public IReadOnlyList<double> Betas { get; init; } = Enumerable.Range(0, 15).Select(k => Math.Round(Math.Pow(10, -1 + 0.25 * k), 6)).ToArray();

    /// <summary>Pattern separations Δ = 1 − c for the separation sweep (default 0.05 … 0.95).</summary>
    public IReadOnlyList<double> Separations { get; init; } = Enumerable.Range(1, 19).Select(k => k * 0.05).ToArray();

    /// <summary>Inverse temperatures drawn in the separation sweep (default 4, 8, 16, 32).</summary>
    public IReadOnlyList<double> SeparationBetas { get; init; } = [4, 8, 16, 32];

    /// <summary>Norm of the Gaussian noise added to a unit pattern to make a query, relative to the pattern (default 0.2).</summary>
    public double QueryNoise { get; init; } = 0.2;

    /// <summary>Independent draws (default 10).</summary>
    public int Trials { get; init; } = 10;

    /// <summary>Binary dense memories: neurons N (default 100).</summary>
    public int DenseN { get; init; } = 100;

    /// <summary>Binary dense memories: stored pattern counts (default 5 … 3000).</summary>
    public IReadOnlyList<int> DensePatternCounts { get; init; } = [5, 10, 20, 30, 50, 100, 200, 400, 700, 1000, 2000, 3000];

    /// <summary>Binary dense memories: polynomial degrees (default 2, 3, 4); the exponential memory is added.</summary>
    public IReadOnlyList<int> DenseDegrees { get; init; } = [2, 3, 4];

    /// <summary>Binary dense memories: fraction of bits flipped in the cue (default 0.1).</summary>
    public double DenseCueNoise { get; init; } = 0.1;

    /// <summary>Random seed.</summary>
    public int Seed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Dimension <= 1) throw new ArgumentException($"the dimension d must be > 1; got {Dimension}.", nameof(Dimension));
        if (Patterns <= 0) throw new ArgumentException($"the number of patterns must be > 0; got {Patterns}.", nameof(Patterns));
        if (Patterns >= Dimension) throw new ArgumentException($"the separation sweep needs n < d orthonormal directions; got n = {Patterns}, d = {Dimension}.", nameof(Patterns));
        if (Betas is null || Betas.Count == 0) throw new ArgumentException("the β grid is empty.", nameof(Betas));
        foreach (double b in Betas.Concat(SeparationBetas)) if (!(b > 0) || double.IsInfinity(b)) throw new ArgumentException($"every β must be a finite number > 0; got {b}.", nameof(Betas));
        if (Separations is null || Separations.Count == 0) throw new ArgumentException("the separation grid is empty.", nameof(Separations));
        foreach (double s in Separations) if (!(s > 0 && s <= 1)) throw new ArgumentException($"every separation must be in (0, 1]; got {s}.", nameof(Separations));
        if (!(QueryNoise >= 0) || double.IsInfinity(QueryNoise)) throw new ArgumentException($"the query noise must be a finite number ≥ 0; got {QueryNoise}.", nameof(QueryNoise));
        if (Trials <= 0) throw new ArgumentException($"trials must be > 0; got {Trials}.", nameof(Trials));
        if (DenseN <= 0) throw new ArgumentException($"N must be > 0; got {DenseN}.", nameof(DenseN));
        foreach (int p in DensePatternCounts) if (p <= 0) throw new ArgumentException($"every pattern count must be > 0; got {p}.", nameof(DensePatternCounts));
        foreach (int k in DenseDegrees) if (k < 1) throw new ArgumentException($"every degree must be ≥ 1; got {k}.", nameof(DenseDegrees));
        if (!(DenseCueNoise >= 0 && DenseCueNoise <= 1)) throw new ArgumentException($"the cue noise must be in [0, 1]; got {DenseCueNoise}.", nameof(DenseCueNoise));
    }
}

/// <summary>One point of a retrieval-error curve.</summary>
/// <param name="X">β or separation Δ.</param>
/// <param name="MeanError">Mean relative error ‖z₁ − x_μ‖ / ‖x_μ‖ after one update from the query.</param>
/// <param name="StdError">Standard deviation of the error over all queries.</param>
/// <param name="Accuracy">Fraction of queries whose z₁ is closest (largest dot) to the right pattern.</param>
public sealed record ErrorPoint(double X, double MeanError, double StdError, double Accuracy);

/// <summary>Capacity curve of one dense binary memory.</summary>
/// <param name="Label">e.g. "u^3" or "exp(u)".</param>
/// <param name="Kind">Interaction kind.</param>
/// <param name="Degree">Polynomial degree (0 for exp).</param>
/// <param name="PatternCounts">P values.</param>
/// <param name="MeanOverlap">Mean final overlap with the cued pattern.</param>
public sealed record DenseCapacityCurve(string Label, DenseEnergyKind Kind, int Degree, int[] PatternCounts, double[] MeanOverlap);

/// <summary>Result of <see cref="ModernRetrievalStudy.Run"/>.</summary>
/// <param name="Settings">What produced it.</param>
/// <param name="ErrorVsBeta">One-step retrieval error vs β for random unit patterns.</param>
/// <param name="ErrorVsSeparation">Per β of <see cref="ModernRetrievalSettings.SeparationBetas"/>: error vs separation Δ.</param>
/// <param name="DenseCapacity">Dense binary memories: final overlap vs number of stored patterns.</param>
public sealed record ModernRetrievalResult(ModernRetrievalSettings Settings, ErrorPoint[] ErrorVsBeta, IReadOnlyDictionary<double, ErrorPoint[]> ErrorVsSeparation,
    DenseCapacityCurve[] DenseCapacity);

/// <summary>
/// Retrieval in modern Hopfield networks (Ramsauer et al. 2020) and dense associative memories
/// (Krotov &amp; Hopfield 2016): one-step retrieval error against β and against pattern separation
/// Δ = x_μᵀx_μ − max_{ν≠μ} x_μᵀx_ν (the theory predicts an error falling like exp(−βΔ) once βΔ is large),
/// and capacity curves of binary dense memories with F(u) = u^k and exp(u).
/// <para>Separation sweep patterns: x_k = √c u + √(1 − c) v_k with orthonormal u, v_k, so every pair has
/// dot product c and Δ = 1 − c exactly (the construction of docs/science.md §3).</para>
/// </summary>
public static class ModernRetrievalStudy
{
    /// <summary>Runs all three sweeps.</summary>
    public static ModernRetrievalResult Run(ModernRetrievalSettings settings, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        int d = settings.Dimension, n = settings.Patterns, trials = settings.Trials;

        // β sweep: random unit patterns, the same draws for every β.
        var draws = Enumerable.Range(0, trials).Select(t =>
        {
            var random = Seeding.Create(Seeding.Derive(settings.Seed, t));
            double[,] x = RandomUnitRows(n, d, random);
            return (x, Queries(x, settings.QueryNoise, random));
        }).ToArray();
        var beta = settings.Betas.Select(b => Measure(b, draws)).ToArray();
        progress?.Report(new WorkProgress("modern", 1, 3));

        var separation = new Dictionary<double, ErrorPoint[]>();
        foreach (double b in settings.SeparationBetas)
        {
            separation[b] = settings.Separations.Select(delta =>
            {
                var sets = Enumerable.Range(0, trials).Select(t =>
                {
                    var random = Seeding.Create(Seeding.Derive(settings.Seed, 1000 + t));
                    double[,] x = EquicorrelatedRows(n, d, 1 - delta, random);
                    return (x, Queries(x, settings.QueryNoise, random));
                }).ToArray();
                return Measure(b, sets) with { X = delta };
            }).ToArray();
        }
        progress?.Report(new WorkProgress("modern", 2, 3));

        var curves = new List<DenseCapacityCurve>();
        var kinds = settings.DenseDegrees.Select(k => (DenseEnergyKind.Polynomial, k, $"u^{k}")).Append((DenseEnergyKind.Exponential, 0, "exp(u)")).ToArray();
        foreach (var (kind, k, label) in kinds)
        {
            double[] overlaps = new double[settings.DensePatternCounts.Count];
            Parallel.For(0, overlaps.Length, j =>
            {
                int p = settings.DensePatternCounts[j];
                double sum = 0;
                int count = 0;
                for (int t = 0; t < trials; t++)
                {
                    var random = Seeding.Create(Seeding.Derive(Seeding.Derive(settings.Seed, 2000 + j), t));
                    var memory = new DenseAssociativeMemory(PatternSet.Random(p, settings.DenseN, random), kind, Math.Max(1, k));
                    int cues = Math.Min(p, 5);
                    for (int c = 0; c < cues; c++)
                    {
                        SpinVector target = memory.Patterns.Pattern(c);
                        sum += memory.Retrieve(target.WithFlips(settings.DenseCueNoise, random), 30, random.Next()).Final.Overlap(target);
                        count++;
                    }
                }
                overlaps[j] = sum / count;
            });
            curves.Add(new DenseCapacityCurve(label, kind, k, settings.DensePatternCounts.ToArray(), overlaps));
        }
        progress?.Report(new WorkProgress("modern", 3, 3));
        return new ModernRetrievalResult(settings, beta, separation, curves.ToArray());
    }

    static ErrorPoint Measure(double beta, (double[,] X, double[,] Q)[] sets)
    {
        var errors = new List<double>();
        int correct = 0;
        foreach (var (x, q) in sets)
        {
            var net = new ModernHopfield(x, beta);
            double[,] z = net.Retrieve(q, 1);
            int n = x.GetLength(0), d = x.GetLength(1);
            for (int mu = 0; mu < n; mu++)
            {
                double e2 = 0, n2 = 0;
                for (int j = 0; j < d; j++) { double diff = z[mu, j] - x[mu, j]; e2 += diff * diff; n2 += x[mu, j] * x[mu, j]; }
                errors.Add(Math.Sqrt(e2 / n2));
                int best = 0;
                double bestDot = double.NegativeInfinity;
                for (int nu = 0; nu < n; nu++)
                {
                    double dot = 0;
                    for (int j = 0; j < d; j++) dot += z[mu, j] * x[nu, j];
                    if (dot > bestDot) { bestDot = dot; best = nu; }
                }
                if (best == mu) correct++;
            }
        }
        double mean = errors.Average();
        double std = Math.Sqrt(errors.Sum(e => (e - mean) * (e - mean)) / Math.Max(1, errors.Count - 1));
        return new ErrorPoint(beta, mean, std, (double)correct / errors.Count);
    }

    /// <summary>n rows of Gaussian directions normalised to unit length.</summary>
    public static double[,] RandomUnitRows(int n, int d, Random random)
    {
        var x = new double[n, d];
        for (int i = 0; i < n; i++)
        {
            double norm = 0;
            for (int j = 0; j < d; j++) { x[i, j] = random.NextGaussian(); norm += x[i, j] * x[i, j]; }
            norm = Math.Sqrt(norm);
            for (int j = 0; j < d; j++) x[i, j] /= norm;
        }
        return x;
    }

    /// <summary>x_k = √c u + √(1 − c) v_k with orthonormal u, v_1 … v_n (Gram–Schmidt of Gaussians): unit rows, pairwise dot c.</summary>
    public static double[,] EquicorrelatedRows(int n, int d, double c, Random random)
    {
        if (n + 1 > d) throw new ArgumentException($"need n + 1 ≤ d orthonormal directions; got n = {n}, d = {d}.", nameof(n));
        var q = new double[n + 1][];
        for (int k = 0; k <= n; k++)
        {
            var v = new double[d];
            for (int j = 0; j < d; j++) v[j] = random.NextGaussian();
            for (int pass = 0; pass < 2; pass++)
                for (int m = 0; m < k; m++)
                {
                    double dot = 0;
                    for (int j = 0; j < d; j++) dot += v[j] * q[m][j];
                    for (int j = 0; j < d; j++) v[j] -= dot * q[m][j];
                }
            double norm = Math.Sqrt(v.Sum(t => t * t));
            for (int j = 0; j < d; j++) v[j] /= norm;
            q[k] = v;
        }
        var x = new double[n, d];
        double a = Math.Sqrt(c), b = Math.Sqrt(1 - c);
        for (int k = 0; k < n; k++)
            for (int j = 0; j < d; j++) x[k, j] = a * q[0][j] + b * q[k + 1][j];
        return x;
    }

    static double[,] Queries(double[,] x, double noise, Random random)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var q = new double[n, d];
        for (int i = 0; i < n; i++)
        {
            var e = new double[d];
            double norm = 0;
            for (int j = 0; j < d; j++) { e[j] = random.NextGaussian(); norm += e[j] * e[j]; }
            norm = Math.Sqrt(norm);
            double xn = 0;
            for (int j = 0; j < d; j++) xn += x[i, j] * x[i, j];
            double scale = noise * Math.Sqrt(xn) / norm;
            for (int j = 0; j < d; j++) q[i, j] = x[i, j] + scale * e[j];
        }
        return q;
    }
}
