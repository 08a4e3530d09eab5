using Engram.Data;
using static TorchSharp.torch;

namespace Engram.Generative;

/// <summary>
/// Concepts and memories in a VAE's latent space (Nagano, Karakida &amp; Okada): the memory of a training sample is its
/// code μ_φ(x); the concept of a class is the mean code of its training samples; the grand mean is the mean code of
/// all of them, and a superclass centre the mean over the classes' samples it groups. float64: these are the
/// reference points every distance is measured against.
/// </summary>
/// <param name="Concepts">The concept of each class (classes × latent).</param>
/// <param name="GrandMean">The mean code of all training samples.</param>
/// <param name="SuperclassCentres">Mean code of each superclass; null without a grouping.</param>
/// <param name="Superclass">The superclass of each class; null without a grouping.</param>
/// <param name="Memories">Codes of the stored memories (count × latent, row-major): all training samples, or a seeded subset.</param>
/// <param name="MemoryCount">Number of memories.</param>
public sealed record LatentGeometry(double[][] Concepts, double[] GrandMean, double[][]? SuperclassCentres, int[]? Superclass, double[] Memories, int MemoryCount)
{
    /// <summary>Latent dimension.</summary>
    public int Latent => GrandMean.Length;

    /// <summary>
    /// Encodes <paramref name="train"/> and builds the geometry; <paramref name="maxMemories"/> training samples (a
    /// permutation drawn from <paramref name="seed"/>) serve as memories, every sample counts for the concepts. The
    /// superclasses are <paramref name="superclass"/> when given, else, with <paramref name="superclassClusters"/> = K,
    /// the K groups of <see cref="ConceptClustering.AverageLinkage"/> on the concepts, else none.
    /// </summary>
    /// <exception cref="ArgumentException">A class without training samples, a superclass map of the wrong length, both a map and a cluster count, or K outside 1 … classes.</exception>
    public static LatentGeometry Build(VariationalAutoencoder vae, ImageSet train, int classes, IReadOnlyList<int>? superclass, int? superclassClusters, int maxMemories, int seed)
    {
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(train);
        if (superclass is not null && superclass.Count != classes) throw new ArgumentException($"the superclass map has {superclass.Count} entries for {classes} classes.", nameof(superclass));
        if (superclass is not null && superclassClusters is not null) throw new ArgumentException("give either a superclass map or a number of superclasses to find, not both.", nameof(superclassClusters));
        double[] codes = Encode(vae, train);
        int latent = vae.Architecture.Latent, n = train.Count;
        var concepts = new double[classes][];
        var counts = new int[classes];
        for (int c = 0; c < classes; c++) concepts[c] = new double[latent];
        var grand = new double[latent];
        for (int i = 0; i < n; i++)
        {
            int y = train.Labels[i];
            if (y < 0 || y >= classes) throw new ArgumentException($"training label {y} is outside 0…{classes - 1}.", nameof(train));
            counts[y]++;
            for (int j = 0; j < latent; j++) { concepts[y][j] += codes[i * latent + j]; grand[j] += codes[i * latent + j]; }
        }
        for (int c = 0; c < classes; c++)
        {
            if (counts[c] == 0) throw new ArgumentException($"class {c} has no training samples, so it has no concept.", nameof(train));
            for (int j = 0; j < latent; j++) concepts[c][j] /= counts[c];
        }
        for (int j = 0; j < latent; j++) grand[j] /= n;
        if (superclassClusters is { } k) superclass = ConceptClustering.AverageLinkage(concepts, k);
        double[][]? centres = null;
        if (superclass is not null)
        {
            int groups = superclass.Max() + 1;
            centres = new double[groups][];
            for (int g = 0; g < groups; g++)
            {
                centres[g] = new double[latent];
                int total = 0;
                for (int c = 0; c < classes; c++)
                {
                    if (superclass[c] != g) continue;
                    total += counts[c];
                    for (int j = 0; j < latent; j++) centres[g][j] += concepts[c][j] * counts[c];
                }
                for (int j = 0; j < latent; j++) centres[g][j] /= Math.Max(1, total);
            }
        }
        int m = Math.Min(maxMemories, n);
        int[] order = Enumerable.Range(0, n).ToArray();
        Numerics.Seeding.Create(seed).Shuffle(order);
        var memories = new double[m * latent];
        for (int i = 0; i < m; i++) Array.Copy(codes, order[i] * latent, memories, i * latent, latent);
        return new LatentGeometry(concepts, grand, centres, superclass?.ToArray(), memories, m);
    }

    /// <summary>The encoder means μ_φ(x) of every image, row-major (count × latent), in float64.</summary>
    public static double[] Encode(VariationalAutoencoder vae, ImageSet images)
    {
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(images);
        using var _ = no_grad();
        var codes = new double[(long)images.Count * vae.Architecture.Latent];
        const int chunk = 1000;
        Device device = vae.parameters().First().device;
        for (int start = 0; start < images.Count; start += chunk)
        {
            using var scope = NewDisposeScope();
            int rows = Math.Min(chunk, images.Count - start);
            Tensor x = tensor(images.Pixels.AsSpan(start * images.PixelsPerImage, rows * images.PixelsPerImage).ToArray(), [rows, images.PixelsPerImage], device: device);
            double[] part = vae.Encode(x).Mean.to(ScalarType.Float64).cpu().data<double>().ToArray();
            part.CopyTo(codes, (long)start * vae.Architecture.Latent);
        }
        return codes;
    }
}
