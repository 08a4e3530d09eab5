using Engram.Numerics;

namespace Engram.Population;

/// <summary>A principal component analysis of n samples × d features (see <see cref="PrincipalComponents"/>).</summary>
/// <param name="Samples">Number of samples n.</param>
/// <param name="Features">Number of features d.</param>
/// <param name="Mean">Feature means (length d) subtracted before the decomposition.</param>
/// <param name="Components">Principal axes as rows (k × d), orthonormal, in order of decreasing variance; each
/// row's entry of largest magnitude is positive. Axes of (numerically) zero variance found through the Gram
/// matrix are returned as zero rows.</param>
/// <param name="ExplainedVariance">Variance along each axis, λ_k / (n − 1) (length k).</param>
/// <param name="ExplainedVarianceRatio">ExplainedVariance / TotalVariance (length k); 0 when the data are constant.</param>
/// <param name="TotalVariance">Σ_j Var(column j) = ‖X − mean‖²_F / (n − 1).</param>
/// <param name="Scores">The centred samples projected on the axes, (X − mean) Componentsᵀ (n × k).</param>
public sealed record PcaResult(
    int Samples,
    int Features,
    double[] Mean,
    double[,] Components,
    double[] ExplainedVariance,
    double[] ExplainedVarianceRatio,
    double TotalVariance,
    double[,] Scores)
{
    /// <summary>Number of components k.</summary>
    public int Count => ExplainedVariance.Length;
}

/// <summary>
/// Principal component analysis (Pearson 1901; Hotelling 1933) of mean-centred data X (n × d) through a
/// symmetric eigen-decomposition in float64 (<see cref="SymmetricEigen"/>, reproducible to the last bit), of
/// whichever matrix is smaller:
/// <list type="bullet">
/// <item>n ≤ d: the Gram matrix G = X_c X_cᵀ (n × n) = U Λ Uᵀ; scores = U √Λ, axes = X_cᵀ U / √Λ;</item>
/// <item>n &gt; d: the scatter matrix S = X_cᵀ X_c (d × d) = V Λ Vᵀ; axes = V, scores = X_c V.</item>
/// </list>
/// Both give the SVD X_c = U √Λ Vᵀ. Explained variance λ / (n − 1) and its ratio to the total variance
/// match scikit-learn's <c>PCA</c>. Sign convention (deterministic): the entry of largest magnitude
/// of every axis is positive (the first one on ties), the scores follow.
/// </summary>
public static class PrincipalComponents
{
    /// <summary>PCA of <paramref name="data"/> (n samples × d features) to <paramref name="components"/> axes.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 samples, no features, k outside [1, min(n, d)], or a non-finite value.</exception>
    public static PcaResult Fit(double[,] data, int components)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.GetLength(0), d = data.GetLength(1);
        var flat = new double[data.Length];
        Buffer.BlockCopy(data, 0, flat, 0, data.Length * sizeof(double));
        return Fit(flat, n, d, components);
    }

    /// <summary>PCA of a row-major n × d matrix given as <paramref name="rowMajor"/>.</summary>
    /// <exception cref="ArgumentException">Shape mismatch, fewer than 2 samples, k outside [1, min(n, d)], or a non-finite value.</exception>
    public static PcaResult Fit(ReadOnlySpan<double> rowMajor, int samples, int features, int components)
    {
        if (samples < 2) throw new ArgumentException($"PCA needs at least 2 samples; got {samples}.", nameof(samples));
        if (features < 1) throw new ArgumentException($"PCA needs at least 1 feature; got {features}.", nameof(features));
        if (rowMajor.Length != (long)samples * features)
            throw new ArgumentException($"the data hold {rowMajor.Length} values, expected {samples} × {features} = {(long)samples * features}.", nameof(rowMajor));
        int maxK = Math.Min(samples, features);
        if (components < 1 || components > maxK)
            throw new ArgumentException($"the number of components must be in [1, min(samples, features)] = [1, {maxK}]; got {components}.", nameof(components));
        for (int i = 0; i < rowMajor.Length; i++)
            if (!double.IsFinite(rowMajor[i]))
                throw new ArgumentException($"data[{i / features}, {i % features}] is {rowMajor[i]}; PCA needs finite values.", nameof(rowMajor));

        int n = samples, d = features, k = components;
        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = rowMajor.Slice(i * d, d);
            for (int j = 0; j < d; j++) mean[j] += row[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        var centred = new double[n * d];
        double sumSquares = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                double v = rowMajor[i * d + j] - mean[j];
                centred[i * d + j] = v;
                sumSquares += v * v;
            }

        double[] lambda = new double[k];
        double[] axes = new double[k * d];   // k × d row-major
        double[] scores = new double[n * k]; // n × k row-major
        if (n <= d)
        {
            // Gram matrix of the samples (rows of X_c are contiguous).
            var (values, vectors) = SymmetricEigen.Decompose(Products(centred, n, d), n);
            double cutoff = 1e-12 * Math.Max(1, values[n - 1]) * n;
            for (int c = 0; c < k; c++)
            {
                int e = n - 1 - c; // descending
                double l = Math.Max(0, values[e]);
                lambda[c] = l;
                if (l <= cutoff) continue; // no variance: zero axis and zero scores
                double root = Math.Sqrt(l);
                for (int i = 0; i < n; i++) scores[i * k + c] = vectors[i * n + e] * root;
                for (int i = 0; i < n; i++)
                {
                    double u = vectors[i * n + e] / root;
                    ReadOnlySpan<double> row = centred.AsSpan(i * d, d);
                    Span<double> axis = axes.AsSpan(c * d, d);
                    for (int j = 0; j < d; j++) axis[j] += u * row[j];
                }
            }
        }
        else
        {
            // Scatter matrix of the features: transpose so that columns of X_c are contiguous.
            var columns = new double[d * n];
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) columns[j * n + i] = centred[i * d + j];
            var (values, vectors) = SymmetricEigen.Decompose(Products(columns, d, n), d);
            for (int c = 0; c < k; c++)
            {
                int e = d - 1 - c;
                lambda[c] = Math.Max(0, values[e]);
                for (int j = 0; j < d; j++) axes[c * d + j] = vectors[j * d + e];
                for (int i = 0; i < n; i++) scores[i * k + c] = DenseMatrix.Dot(centred.AsSpan(i * d, d), axes.AsSpan(c * d, d));
            }
        }

        var components2 = new double[k, d];
        var scores2 = new double[n, k];
        for (int c = 0; c < k; c++)
        {
            int best = 0;
            for (int j = 1; j < d; j++)
                if (Math.Abs(axes[c * d + j]) > Math.Abs(axes[c * d + best])) best = j;
            double sign = axes[c * d + best] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) components2[c, j] = sign * axes[c * d + j];
            for (int i = 0; i < n; i++) scores2[i, c] = sign * scores[i * k + c];
        }

        double total = sumSquares / (n - 1);
        var explained = lambda.Select(l => l / (n - 1)).ToArray();
        var ratio = explained.Select(e => total > 0 ? e / total : 0).ToArray();
        return new PcaResult(n, d, mean, components2, explained, ratio, total, scores2);
    }

    /// <summary>The symmetric matrix of all dot products of the <paramref name="count"/> rows of length <paramref name="length"/>.</summary>
    static double[] Products(double[] rows, int count, int length)
    {
        var g = new double[count * count];
        void Row(int i)
        {
            ReadOnlySpan<double> a = rows.AsSpan(i * length, length);
            for (int j = 0; j <= i; j++) g[i * count + j] = g[j * count + i] = DenseMatrix.Dot(a, rows.AsSpan(j * length, length));
        }
        if ((long)count * count * length < 4_000_000) for (int i = 0; i < count; i++) Row(i);
        else Parallel.For(0, count, Row);
        return g;
    }
}
