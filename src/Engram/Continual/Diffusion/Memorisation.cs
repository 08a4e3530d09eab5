using static TorchSharp.torch;

namespace Engram.Continual.Diffusion;

/// <summary>
/// How close a model's samples lie to its training set, in the diffusion space.
/// </summary>
/// <param name="Seed">Experiment seed of the model.</param>
/// <param name="Samples">Samples drawn.</param>
/// <param name="Memorised">Samples whose nearest training item is closer than a third of their second nearest (d₁/d₂ &lt; 1/3).</param>
/// <param name="MedianNearest">Median over samples of d₁, the distance to the nearest training item.</param>
/// <param name="MedianTrainingNearest">Median over training items of the distance to their nearest other training item.</param>
public sealed record MemorisationMeasure(int Seed, int Samples, int Memorised, double MedianNearest, double MedianTrainingNearest)
{
    /// <summary>Fraction of samples memorised.</summary>
    public double Fraction => Samples == 0 ? 0 : (double)Memorised / Samples;

    /// <summary>
    /// Median d₁ over the training set's own median nearest-neighbour distance: near 1 or above when samples are new
    /// images as far from the training items as those are from each other, far below 1 when they are copies.
    /// </summary>
    public double NearestRatio => MedianNearest / MedianTrainingNearest;
}

/// <summary>
/// The memorisation criterion of Yoon et al. 2023 ("Diffusion probabilistic models generalize when they fail to
/// memorize", ICML workshop) and Gu et al. 2023 ("On memorization in diffusion models", arXiv:2310.02664): a sample x̂
/// is memorised when ‖x̂ − NN₁(x̂)‖ &lt; ⅓ ‖x̂ − NN₂(x̂)‖, with NN₁, NN₂ its nearest and second-nearest training items
/// (Euclidean, in the space the model learns). The energy ↔ optimal-denoiser link of docs/science.md §3 holds in this
/// regime; a model whose samples are new images is in the generalisation regime.
/// </summary>
public static class Memorisation
{
    const int Chunk = 512;

    /// <summary>The criterion for <paramref name="samples"/> [M, …] against <paramref name="training"/> [N ≥ 3, …] (same item shape).</summary>
    /// <exception cref="ArgumentException">Fewer than three training items, no samples, or shapes that differ.</exception>
    public static MemorisationMeasure Measure(int seed, Tensor samples, Tensor training)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(training);
        if (training.shape[0] < 3) throw new ArgumentException($"the criterion needs ≥ 3 training items; got {training.shape[0]}.", nameof(training));
        if (samples.shape[0] < 1) throw new ArgumentException("give at least one sample.", nameof(samples));
        using var scope = NewDisposeScope();
        Tensor x = samples.reshape(samples.shape[0], -1).to(ScalarType.Float64).cpu();
        Tensor y = training.reshape(training.shape[0], -1).to(ScalarType.Float64).cpu();
        if (x.shape[1] != y.shape[1])
            throw new ArgumentException($"samples have {x.shape[1]} numbers each, training items {y.shape[1]}.", nameof(samples));
        var (d1, d2) = TwoNearest(x, y, excludeSelf: false);
        int memorised = 0;
        for (int i = 0; i < d1.Length; i++) if (d1[i] < d2[i] / 3) memorised++;
        var (own, _) = TwoNearest(y, y, excludeSelf: true);
        return new MemorisationMeasure(seed, d1.Length, memorised, Median(d1), Median(own));
    }

    // Distances to the nearest and second-nearest rows of y for every row of x, in chunks of rows (an N × N matrix of
    // the paper preset's 12 000 task-1 images would not fit); with excludeSelf, row i of x is row i of y and skips it.
    static (double[] First, double[] Second) TwoNearest(Tensor x, Tensor y, bool excludeSelf)
    {
        long m = x.shape[0];
        var first = new double[m];
        var second = new double[m];
        for (long start = 0; start < m; start += Chunk)
        {
            using var scope = NewDisposeScope();
            long count = Math.Min(Chunk, m - start);
            Tensor d = cdist(x.narrow(0, start, count), y);
            if (excludeSelf)
                d.narrow(1, start, count).diagonal().fill_(double.PositiveInfinity);
            var (values, _) = d.topk(2, dim: 1, largest: false);
            double[] v = values.contiguous().data<double>().ToArray();
            for (int i = 0; i < count; i++)
            {
                first[start + i] = v[2 * i];
                second[start + i] = v[2 * i + 1];
            }
        }
        return (first, second);
    }

    static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
