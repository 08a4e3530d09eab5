using Engram.Numerics;

namespace Engram.Population;

/// <summary>Result of <see cref="KMeans.Fit"/>.</summary>
/// <param name="Labels">Cluster of every sample (length n), in [0, k).</param>
/// <param name="Centers">Cluster centres, row-major k × d.</param>
/// <param name="Inertia">Σ_i ‖x_i − c_{label i}‖².</param>
/// <param name="Iterations">Lloyd iterations run.</param>
public sealed record KMeansResult(int[] Labels, double[] Centers, double Inertia, int Iterations);

/// <summary>
/// k-means clustering (Lloyd 1982) with k-means++ seeding (Arthur &amp; Vassilvitskii 2007, greedy variant
/// with 2 + ⌊ln k⌋ candidates per centre as in scikit-learn). Used to initialise
/// <see cref="VariationalGaussianMixture"/> (scikit-learn's <c>init_params="kmeans"</c>). Stops when the
/// squared centre shift falls below <c>tolerance</c> × (mean per-feature variance), or after
/// <c>maxIterations</c>; an empty cluster takes the sample farthest from its centre.
/// </summary>
public static class KMeans
{
    /// <summary>Clusters the rows of <paramref name="x"/> (row-major n × d) into <paramref name="k"/> groups.</summary>
    /// <exception cref="ArgumentException">Shape mismatch or k outside [1, n].</exception>
    public static KMeansResult Fit(ReadOnlySpan<double> x, int n, int d, int k, int seed, int maxIterations = 300, double tolerance = 1e-4)
    {
        if (n < 1 || d < 1 || x.Length != (long)n * d)
            throw new ArgumentException($"k-means needs an n × d matrix with n, d ≥ 1; got {x.Length} values for {n} × {d}.", nameof(x));
        if (k < 1 || k > n) throw new ArgumentException($"k must be in [1, n] = [1, {n}]; got {k}.", nameof(k));
        if (maxIterations < 1) throw new ArgumentException($"maxIterations must be ≥ 1; got {maxIterations}.", nameof(maxIterations));

        var random = Seeding.Create(seed);
        double[] centers = PlusPlus(x, n, d, k, random);

        double varianceMean = 0;
        for (int j = 0; j < d; j++)
        {
            double m = 0, s = 0;
            for (int i = 0; i < n; i++) m += x[i * d + j];
            m /= n;
            for (int i = 0; i < n; i++) { double v = x[i * d + j] - m; s += v * v; }
            varianceMean += s / n;
        }
        double threshold = tolerance * varianceMean / d;

        var labels = new int[n];
        var distances = new double[n];
        var sums = new double[k * d];
        var counts = new int[k];
        int iteration = 0;
        while (true)
        {
            Assign(x, n, d, centers, k, labels, distances);
            iteration++;
            Array.Clear(sums);
            Array.Clear(counts);
            for (int i = 0; i < n; i++)
            {
                int c = labels[i];
                counts[c]++;
                for (int j = 0; j < d; j++) sums[c * d + j] += x[i * d + j];
            }
            for (int c = 0; c < k; c++)
            {
                if (counts[c] > 0) continue;
                // Empty cluster: move it onto the sample farthest from its own centre.
                int far = 0;
                for (int i = 1; i < n; i++) if (distances[i] > distances[far]) far = i;
                int old = labels[far];
                counts[old]--;
                for (int j = 0; j < d; j++) sums[old * d + j] -= x[far * d + j];
                labels[far] = c;
                counts[c] = 1;
                distances[far] = 0;
                for (int j = 0; j < d; j++) sums[c * d + j] = x[far * d + j];
            }
            double shift = 0;
            for (int c = 0; c < k; c++)
                for (int j = 0; j < d; j++)
                {
                    double updated = sums[c * d + j] / counts[c];
                    double delta = updated - centers[c * d + j];
                    shift += delta * delta;
                    centers[c * d + j] = updated;
                }
            if (shift <= threshold || iteration >= maxIterations) break;
        }
        Assign(x, n, d, centers, k, labels, distances);
        double inertia = 0;
        foreach (double v in distances) inertia += v;
        return new KMeansResult(labels, centers, inertia, iteration);
    }

    static void Assign(ReadOnlySpan<double> x, int n, int d, double[] centers, int k, int[] labels, double[] distances)
    {
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = x.Slice(i * d, d);
            double best = double.PositiveInfinity;
            int label = 0;
            for (int c = 0; c < k; c++)
            {
                double s = SquaredDistance(row, centers.AsSpan(c * d, d));
                if (s < best) { best = s; label = c; }
            }
            labels[i] = label;
            distances[i] = best;
        }
    }

    static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++) { double v = a[j] - b[j]; s += v * v; }
        return s;
    }

    /// <summary>Greedy k-means++: each new centre is the best of 2 + ⌊ln k⌋ D²-weighted candidates.</summary>
    static double[] PlusPlus(ReadOnlySpan<double> x, int n, int d, int k, Random random)
    {
        var centers = new double[k * d];
        int trials = 2 + (int)Math.Log(k);
        int first = random.Next(n);
        x.Slice(first * d, d).CopyTo(centers.AsSpan(0, d));
        var closest = new double[n];
        double potential = 0;
        for (int i = 0; i < n; i++) potential += closest[i] = SquaredDistance(x.Slice(i * d, d), centers.AsSpan(0, d));
        var candidate = new double[n];
        var bestCandidate = new double[n];
        for (int c = 1; c < k; c++)
        {
            double bestPotential = double.PositiveInfinity;
            int bestIndex = -1;
            for (int t = 0; t < trials; t++)
            {
                int index = SampleByWeight(closest, potential, random);
                ReadOnlySpan<double> center = x.Slice(index * d, d);
                double p = 0;
                for (int i = 0; i < n; i++) p += candidate[i] = Math.Min(closest[i], SquaredDistance(x.Slice(i * d, d), center));
                if (p < bestPotential)
                {
                    bestPotential = p;
                    bestIndex = index;
                    Array.Copy(candidate, bestCandidate, n);
                }
            }
            x.Slice(bestIndex * d, d).CopyTo(centers.AsSpan(c * d, d));
            Array.Copy(bestCandidate, closest, n);
            potential = bestPotential;
        }
        return centers;
    }

    static int SampleByWeight(double[] weights, double total, Random random)
    {
        if (!(total > 0)) return random.Next(weights.Length); // all samples coincide with centres
        double u = random.NextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (u < cumulative) return i;
        }
        return weights.Length - 1;
    }
}
