using Engram.Continual.Diffusion;
using Engram.Data;
using Engram.Generative;
using Engram.Tests.Data;
using Engram.Training;
using static TorchSharp.torch;

namespace Engram.Tests.Continual.Diffusion;

/// <summary>The convolutional autoencoder and the latent space of latent diffusion.</summary>
[Collection(nameof(TorchTraining))]
public sealed class LatentSpaceTests : IDisposable
{
    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    // Four classes of 28 × 28 images with structure an autoencoder can learn: a bright bar whose row depends on the
    // class, its length on the image, over faint noise.
    static ImageSet Bars(int perClass, int seed)
    {
        var random = new Random(seed);
        int n = 4 * perClass;
        var pixels = new float[n * 784];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 4;
            int row = 4 + 6 * labels[i], length = 8 + random.Next(16);
            for (int p = 0; p < 784; p++) pixels[i * 784 + p] = (float)(0.05 * random.NextDouble());
            for (int r = row; r < row + 3; r++)
                for (int c = 2; c < 2 + length; c++) pixels[i * 784 + r * 28 + c] = 1f;
        }
        return new ImageSet(pixels, labels, 28, 28);
    }

    static DiffusionContinualSettings Settings(int steps) => DiffusionContinualSettings.Quick() with
    {
        Tasks = [[0, 1], [2, 3]],
        ImagesPerClass = 24,
        Latent = new LatentSpaceSettings { Trainer = new TrainerSettings { Steps = steps, BatchSize = 32, LearningRate = 3e-3, CheckpointEvery = 20, LossEvery = 10 } },
    };

    [Fact]
    public void Codes_are_a_quarter_of_the_image_padded_to_a_multiple_of_16()
    {
        using var mnist = new ConvAutoencoder(28, 28, 3, seed: 0);
        Assert.Equal((3, 8, 8), mnist.LatentShape);
        using var digits = new ConvAutoencoder(8, 8, 2, seed: 0);
        Assert.Equal((2, 4, 4), digits.LatentShape);
        using var x = rand(5, 64);
        using var codes = digits.Encode(x);
        Assert.Equal(new long[] { 5, 2, 4, 4 }, codes.shape);
        using var logits = digits.DecodeLogits(codes);
        Assert.Equal(new long[] { 5, 64 }, logits.shape);
    }

    [Fact]
    public void A_trained_space_has_unit_rms_codes_reconstructs_better_than_the_mean_image_and_a_second_prepare_only_loads_it()
    {
        ImageSet data = Bars(24, seed: 1);
        var settings = Settings(steps: 120);
        using (LatentSpace space = LatentSpace.Prepare(data, settings, folder.Path, train: true))
        {
            Assert.Equal(0, space.Summary.ResumedFrom);
            Assert.Equal((2, 8, 8), space.Shape);
            using var pixels = tensor(data.Pixels, [data.Count, 784]);
            using var codes = space.Encode(pixels);
            Assert.Equal(1.0, Math.Sqrt(codes.square().mean().item<float>()), 3);
            using var decoded = space.Decode(codes);
            double rmse = Math.Sqrt((decoded - pixels).square().mean().item<float>());
            Assert.Equal(space.Summary.ReconstructionRmse, rmse, 4);
            // The mean image is what an autoencoder that learned nothing would give.
            double meanImage = Math.Sqrt((pixels - pixels.mean([0], keepdim: true)).square().mean().item<float>());
            Assert.True(rmse < 0.6 * meanImage, $"reconstruction RMSE {rmse:F4} against the mean image's {meanImage:F4}");
        }
        byte[] checkpoint = File.ReadAllBytes(LatentSpace.CheckpointPath(folder.Path));
        using LatentSpace again = LatentSpace.Prepare(data, settings, folder.Path, train: true);
        Assert.Equal(120, again.Summary.ResumedFrom);   // loaded, not trained again
        Assert.Equal(checkpoint, File.ReadAllBytes(LatentSpace.CheckpointPath(folder.Path)));
        using LatentSpace loaded = LatentSpace.Prepare(data, settings, folder.Path, train: false);
        Assert.Equal(again.Scale, loaded.Scale);
    }

    [Fact]
    public void Evaluation_refuses_a_space_never_trained_or_unfinished()
    {
        ImageSet data = Bars(24, seed: 2);
        Assert.Throws<FileNotFoundException>(() => LatentSpace.Prepare(data, Settings(steps: 20), folder.Path, train: false));
        LatentSpace.Prepare(data, Settings(steps: 20), folder.Path, train: true).Dispose();
        var e = Assert.Throws<InvalidDataException>(() => LatentSpace.Prepare(data, Settings(steps: 40), folder.Path, train: false));
        Assert.Contains("stopped at step 20 of 40", e.Message);
    }
}
