using Engram.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Analysis;

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
/// symmetric eigen-decomposition in float64 (<c>torch.linalg.eigh</c>), of whichever matrix is smaller:
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

        double[] lambda;
        double[] axes;   // k × d row-major
        double[] scores; // n × k row-major
        using (NewDisposeScope())
        {
            // float64 throughout: small eigenvalues and their ratios are results here.
            Tensor xc = tensor(centred, [n, d], float64, TorchRuntime.Device);
            if (n <= d)
            {
                var (values, vectors) = linalg.eigh(xc.matmul(xc.t()));            // ascending
                Tensor top = vectors.narrow(1, n - k, k).flip(1);                    // n × k, descending
                Tensor lam = values.narrow(0, n - k, k).flip(0).clamp_min(0);
                double cutoff = 1e-12 * Math.Max(1, lam[0].item<double>()) * n;
                Tensor keep = lam.gt(cutoff).to(float64);
                Tensor root = lam.sqrt();
                Tensor safeRoot = torch.where(lam.gt(cutoff), root, ones_like(root));
                scores = (top * root * keep).contiguous().data<double>().ToArray();
                axes = (xc.t().matmul(top) / safeRoot * keep).t().contiguous().data<double>().ToArray();
                lambda = lam.data<double>().ToArray();
            }
            else
            {
                var (values, vectors) = linalg.eigh(xc.t().matmul(xc));            // ascending
                Tensor top = vectors.narrow(1, d - k, k).flip(1);                    // d × k
                lambda = values.narrow(0, d - k, k).flip(0).clamp_min(0).contiguous().data<double>().ToArray();
                axes = top.t().contiguous().data<double>().ToArray();
                scores = xc.matmul(top).contiguous().data<double>().ToArray();
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
}
