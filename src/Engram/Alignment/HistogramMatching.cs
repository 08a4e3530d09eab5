namespace Engram.Alignment;

/// <summary>How a representation's dissimilarities are matched to another's before alignment (GWTune's two ways).</summary>
public enum HistogramMatchingKind
{
    /// <summary>No matching.</summary>
    None,

    /// <summary>Rank mapping: the k-th smallest off-diagonal value becomes the target's k-th smallest (<see cref="HistogramMatching.MatchRanks"/>).</summary>
    Rank,

    /// <summary>Power transform α((1 + d)^λ − 1)/λ fitted to the target (<see cref="HistogramMatching.FitPower"/>).</summary>
    Power,
}

/// <summary>A fitted power transform f(d) = α((1 + d)^λ − 1)/λ (α log(1 + d) at λ = 0) and how close it brought the histograms.</summary>
/// <param name="Alpha">Scale α &gt; 0.</param>
/// <param name="Lambda">Exponent λ.</param>
/// <param name="Wasserstein">2-Wasserstein distance between the transformed and the target off-diagonal values.</param>
/// <param name="WassersteinBefore">The same distance before the transform.</param>
public sealed record PowerTransform(double Alpha, double Lambda, double Wasserstein, double WassersteinBefore)
{
    /// <summary>f(d) = α((1 + d)^λ − 1)/λ, continuous at λ = 0 (α log(1 + d)); increasing in d for α &gt; 0.</summary>
    public double Apply(double d) => Math.Abs(Lambda) < 1e-12 ? Alpha * double.LogP1(d) : Alpha * double.ExpM1(Lambda * double.LogP1(d)) / Lambda;
}

/// <summary>
/// Histogram matching of dissimilarity matrices before GW alignment (GWTune's <c>histogram_matching</c>): the off-diagonal
/// values of a source matrix are mapped monotonically so that their distribution matches a target matrix's, which leaves
/// the rank order of the source (all that GW needs in the limit) and makes the scales comparable. The diagonal stays 0 and
/// the result stays symmetric.
/// </summary>
public static class HistogramMatching
{
    /// <summary>
    /// Rank mapping: the source's upper-triangle values are sorted (ties in row-major order) and the k-th smallest gets
    /// the target's k-th smallest (for different item counts, the target's quantile (k + ½)/N, linearly interpolated).
    /// With equal counts the two value distributions become identical; the map is monotone: d_ij &lt; d_kl ⇒ f(d_ij) ≤ f(d_kl).
    /// </summary>
    public static double[,] MatchRanks(double[,] source, double[,] target)
    {
        double[] s = UpperTriangle(source, nameof(source)), t = UpperTriangle(target, nameof(target));
        Array.Sort(t);
        int[] order = Enumerable.Range(0, s.Length).ToArray();
        Array.Sort(order, (a, b) => s[a] != s[b] ? s[a].CompareTo(s[b]) : a.CompareTo(b));
        var mapped = new double[s.Length];
        for (int k = 0; k < order.Length; k++)
            mapped[order[k]] = s.Length == t.Length ? t[k] : Quantile(t, (k + 0.5) / s.Length);
        return FromUpperTriangle(mapped, source.GetLength(0));
    }

    /// <summary>
    /// Fits f(d) = α((1 + d)^λ − 1)/λ to carry <paramref name="source"/>'s off-diagonal values onto <paramref name="target"/>'s:
    /// minimises the 2-Wasserstein distance between the two value distributions, W₂² = ∫₀¹ (F⁻¹(u) − G⁻¹(u))² du over
    /// matched quantiles. For fixed λ the best α is closed-form (α = Σ gₖ tₖ / Σ gₖ², g the sorted transformed values at α = 1,
    /// t the target's at the same quantiles); λ is found by a grid over [−4, 6] refined by golden-section search.
    /// </summary>
    public static PowerTransform FitPower(double[,] source, double[,] target)
    {
        double[] s = UpperTriangle(source, nameof(source)), t = UpperTriangle(target, nameof(target));
        Array.Sort(s);
        Array.Sort(t);
        int count = Math.Max(s.Length, t.Length);
        double[] sq = Quantiles(s, count), tq = Quantiles(t, count);
        double before = Math.Sqrt(sq.Zip(tq, (a, b) => (a - b) * (a - b)).Average());
        (double Alpha, double Distance) Fit(double lambda)
        {
            var unit = new PowerTransform(1, lambda, 0, 0);
            double gt = 0, gg = 0;
            var g = new double[count];
            for (int k = 0; k < count; k++) { g[k] = unit.Apply(sq[k]); gt += g[k] * tq[k]; gg += g[k] * g[k]; }
            if (!(gg > 0) || !double.IsFinite(gg) || !(gt > 0)) return (1, double.PositiveInfinity);
            double alpha = gt / gg, sum = 0;
            for (int k = 0; k < count; k++) { double d = alpha * g[k] - tq[k]; sum += d * d; }
            return (alpha, Math.Sqrt(sum / count));
        }
        const double low = -4, high = 6, step = 0.1;
        double best = 0, bestDistance = double.PositiveInfinity;
        for (double lambda = low; lambda <= high + 1e-12; lambda += step)
        {
            double d = Fit(lambda).Distance;
            if (d < bestDistance) (best, bestDistance) = (lambda, d);
        }
        if (!double.IsFinite(bestDistance))
            throw new ArgumentException("no power transform maps the source's dissimilarities onto the target's (are they all zero?).", nameof(source));
        double a = Math.Max(low, best - step), b = Math.Min(high, best + step);
        double ratio = (Math.Sqrt(5) - 1) / 2;
        for (int i = 0; i < 60; i++)
        {
            double c = b - ratio * (b - a), e = a + ratio * (b - a);
            if (Fit(c).Distance <= Fit(e).Distance) b = e; else a = c;
        }
        double lambdaBest = (a + b) / 2;
        var fit = Fit(lambdaBest);
        if (fit.Distance > bestDistance) (lambdaBest, fit) = (best, Fit(best));
        return new PowerTransform(fit.Alpha, lambdaBest, fit.Distance, before);
    }

    /// <summary>Applies <paramref name="transform"/> to every off-diagonal entry of <paramref name="source"/>.</summary>
    public static double[,] ApplyPower(double[,] source, PowerTransform transform)
    {
        int n = source.GetLength(0);
        var result = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                result[i, j] = i == j ? 0 : transform.Apply(source[i, j]);
        return result;
    }

    /// <summary>Matches <paramref name="source"/> to <paramref name="target"/> the way <paramref name="kind"/> says.</summary>
    public static double[,] Match(double[,] source, double[,] target, HistogramMatchingKind kind) => kind switch
    {
        HistogramMatchingKind.Rank => MatchRanks(source, target),
        HistogramMatchingKind.Power => ApplyPower(source, FitPower(source, target)),
        _ => source,
    };

    /// <summary>The upper-triangle values (i &lt; j) in row-major order.</summary>
    public static double[] UpperTriangle(double[,] d, string name = "matrix")
    {
        int n = d.GetLength(0);
        if (d.GetLength(1) != n || n < 2)
            throw new ArgumentException($"histogram matching needs a square dissimilarity matrix of at least 2 items; got {n} × {d.GetLength(1)}.", name);
        var values = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) values[k++] = d[i, j];
        return values;
    }

    static double[,] FromUpperTriangle(double[] values, int n)
    {
        var d = new double[n, n];
        int k = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) d[i, j] = d[j, i] = values[k++];
        return d;
    }

    static double[] Quantiles(double[] sorted, int count) =>
        sorted.Length == count ? sorted : Enumerable.Range(0, count).Select(k => Quantile(sorted, (k + 0.5) / count)).ToArray();

    /// <summary>Linear interpolation of a sorted sample at level u ∈ (0, 1), value k at level (k + ½)/N.</summary>
    static double Quantile(double[] sorted, double u)
    {
        double position = u * sorted.Length - 0.5;
        if (position <= 0) return sorted[0];
        if (position >= sorted.Length - 1) return sorted[^1];
        int k = (int)position;
        double w = position - k;
        return sorted[k] * (1 - w) + sorted[k + 1] * w;
    }
}
