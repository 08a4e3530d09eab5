using Engram.Data;
using Engram.Generative;

namespace Engram.Tests.Generative;

public class ImageNoiseTests
{
    static ImageSet Grey(int count) => new(Enumerable.Repeat(0.5f, count * 100).ToArray(), new int[count], 10, 10);

    [Fact]
    public void Level_zero_leaves_images_unchanged_for_every_kind()
    {
        ImageSet images = Grey(3);
        foreach (NoiseKind kind in Enum.GetValues<NoiseKind>())
            Assert.Equal(images.Pixels, ImageNoise.Apply(images, kind, 0, new Random(1)).Pixels);
    }

    [Fact]
    public void Salt_and_pepper_hits_the_requested_fraction_and_occlusion_blanks_the_requested_area()
    {
        ImageSet images = Grey(50);
        float[] salted = ImageNoise.Apply(images, NoiseKind.SaltPepper, 0.3, new Random(2)).Pixels;
        double hit = salted.Count(v => v != 0.5f) / (double)salted.Length;
        Assert.InRange(hit, 0.27, 0.33);
        float[] occluded = ImageNoise.Apply(images, NoiseKind.Occlusion, 0.25, new Random(3)).Pixels;
        Assert.Equal(50 * 25, occluded.Count(v => v == 0));    // a 5 × 5 patch in each 10 × 10 image
        float[] gaussian = ImageNoise.Apply(images, NoiseKind.Gaussian, 1, new Random(4)).Pixels;
        Assert.All(gaussian, v => Assert.InRange(v, 0f, 1f));
    }
}
