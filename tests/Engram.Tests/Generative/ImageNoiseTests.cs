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

    [Fact]
    public void Bit_flips_invert_the_requested_fraction_of_a_binary_image_and_keep_it_binary()
    {
        var random = new Random(5);
        ImageSet binary = new([.. Enumerable.Range(0, 50 * 100).Select(_ => random.NextDouble() < 0.3 ? 1f : 0f)], new int[50], 10, 10);
        float[] flipped = ImageNoise.Apply(binary, NoiseKind.BitFlip, 0.2, new Random(6)).Pixels;
        Assert.All(flipped, v => Assert.True(v is 0f or 1f));
        double changed = flipped.Zip(binary.Pixels).Count(p => p.First != p.Second) / (double)flipped.Length;
        Assert.InRange(changed, 0.18, 0.22);
        Assert.Equal(binary.Pixels.Select(v => 1 - v), ImageNoise.Apply(binary, NoiseKind.BitFlip, 1, new Random(7)).Pixels);
    }

    [Fact]
    public void Gaussian_noise_on_a_binarized_model_is_refused_unless_insisted_on_and_every_kind_suits_a_grey_model()
    {
        var gaussian = new RepeatedInferenceSettings { Noise = NoiseKind.Gaussian };
        var e = Assert.Throws<ArgumentException>(() => gaussian.CheckInputDistribution(binarized: true));
        Assert.Contains("--off-distribution", e.Message);
        (gaussian with { OffDistribution = true }).CheckInputDistribution(binarized: true);
        foreach (NoiseKind kind in Enum.GetValues<NoiseKind>())
        {
            new RepeatedInferenceSettings { Noise = kind }.CheckInputDistribution(binarized: false);
            if (kind != NoiseKind.Gaussian) new RepeatedInferenceSettings { Noise = kind }.CheckInputDistribution(binarized: true);
        }
        Assert.Equal(NoiseKind.BitFlip, RepeatedInferenceSettings.DefaultNoise(binarized: true));
        Assert.Equal(NoiseKind.Gaussian, RepeatedInferenceSettings.DefaultNoise(binarized: false));
    }
}
