using Engram.Data;

namespace Engram.Generative;

/// <summary>
/// The corruption applied to test images before repeated inference. A corrupted input should stay in the model's input
/// distribution: for a model trained on binarized images, <see cref="BitFlip"/>, <see cref="SaltPepper"/> and
/// <see cref="Occlusion"/> keep pixels at 0 or 1, while <see cref="Gaussian"/> turns them into grey levels the model
/// never saw (see <see cref="RepeatedInferenceSettings.CheckInputDistribution"/>).
/// </summary>
public enum NoiseKind
{
    /// <summary>x + level·N(0, 1) per pixel, clipped to [0, 1]: grey levels, for grey-level models.</summary>
    Gaussian,

    /// <summary>Each pixel, with probability level, set to 0 or 1 (equally likely).</summary>
    SaltPepper,

    /// <summary>A square patch covering the fraction level of the image, at a random position, set to 0.</summary>
    Occlusion,

    /// <summary>Each pixel, with probability level, replaced by 1 − x: a bit flip of a binary image (level 0.5 leaves no trace of it).</summary>
    BitFlip,
}

/// <summary>Corrupts images with noise of a level in [0, 1] (0 = unchanged).</summary>
public static class ImageNoise
{
    /// <summary>A corrupted copy of <paramref name="images"/>; draws come from <paramref name="random"/>.</summary>
    /// <exception cref="ArgumentException">A level outside [0, 1].</exception>
    public static ImageSet Apply(ImageSet images, NoiseKind kind, double level, Random random)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(random);
        RequireLevel(level);
        float[] x = (float[])images.Pixels.Clone();
        int size = images.PixelsPerImage;
        for (int image = 0; image < images.Count; image++)
        {
            Span<float> pixels = x.AsSpan(image * size, size);
            switch (kind)
            {
                case NoiseKind.Gaussian:
                    for (int i = 0; i < size; i++) pixels[i] = (float)Math.Clamp(pixels[i] + level * Numerics.StandardNormal.NextGaussian(random), 0, 1);
                    break;
                case NoiseKind.SaltPepper:
                    for (int i = 0; i < size; i++)
                    {
                        bool hit = random.NextDouble() < level;
                        bool salt = random.NextDouble() < 0.5;
                        if (hit) pixels[i] = salt ? 1 : 0;
                    }
                    break;
                case NoiseKind.Occlusion:
                    int side = (int)Math.Round(Math.Sqrt(level) * Math.Min(images.Height, images.Width));
                    int top = random.Next(images.Height - side + 1), left = random.Next(images.Width - side + 1);
                    for (int r = top; r < top + side; r++)
                        pixels.Slice(r * images.Width + left, side).Clear();
                    break;
                case NoiseKind.BitFlip:
                    for (int i = 0; i < size; i++)
                        if (random.NextDouble() < level) pixels[i] = 1 - pixels[i];
                    break;
                default:
                    throw new ArgumentException($"unknown noise kind {kind}.", nameof(kind));
            }
        }
        return images with { Pixels = x };
    }

    /// <summary>Throws unless 0 ≤ <paramref name="level"/> ≤ 1.</summary>
    public static void RequireLevel(double level)
    {
        if (!(level >= 0 && level <= 1)) throw new ArgumentException($"noise levels must lie in [0, 1]; got {level}.", nameof(level));
    }
}
