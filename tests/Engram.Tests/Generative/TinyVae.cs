using Engram.Data;
using Engram.Generative;
using Engram.Training;

namespace Engram.Tests.Generative;

/// <summary>Tiny models and data shared by the VAE and trainer tests (fast: well under a second of training each).</summary>
internal static class TinyVae
{
    static readonly Lazy<(ImageSet Train, ImageSet Test)> bundled = new(() =>
    {
        string folder = Path.GetDirectoryName(BundledData.PathOf("fashion-mnist-small/train-images-idx3-ubyte.gz"))!;
        return (FashionMnist.Load(folder, test: false), FashionMnist.Load(folder, test: true));
    });

    /// <summary>The bundled 600-image training and 200-image test subsets of Fashion-MNIST.</summary>
    public static (ImageSet Train, ImageSet Test) Bundled => bundled.Value;

    /// <summary>A small MLP VAE on 28 × 28 images.</summary>
    public static VaeArchitecture Architecture(int latent = 4, int hidden = 32) => new() { Latent = latent, Hidden = hidden };

    /// <summary>Trainer settings for a few dozen steps.</summary>
    public static TrainerSettings Trainer(int steps, int seed = 1, double? ema = 0.9) =>
        new() { Steps = steps, BatchSize = 32, LearningRate = 2e-3, EmaDecay = ema, CheckpointEvery = 5, LossEvery = 5, Seed = seed };

    /// <summary>Every parameter's values, flattened, in order.</summary>
    public static float[] Weights(VariationalAutoencoder vae) =>
        vae.parameters().SelectMany(p => p.detach().cpu().contiguous().data<float>().ToArray()).ToArray();

}
