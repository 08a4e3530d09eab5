using Engram.Generative;
using Engram.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Continual.Diffusion;

/// <summary>
/// Denoising errors with fixed noise, and the forgetting scores computed from them. One draw of ε per (image, t) makes
/// an image's error a noisy estimate: an image whose draw happened to be hard gets a high error before and, by
/// regression to the mean, a lower increase after. K draws per (image, t), averaged, shrink that noise by 1/K; the
/// draws are a function of (seed, t, image, draw) alone, so every model compared sees the same ones.
/// </summary>
public static class DenoisingErrors
{
    /// <summary>
    /// The fixed noise of images <paramref name="images"/> (data indices) at step <paramref name="t"/>: [K, N, C, H, W],
    /// image n's K draws from a generator seeded by (seed, 20 000 + t, image).
    /// </summary>
    public static Tensor Noise(int seed, int t, IReadOnlyList<int> images, int draws, (int Channels, int Height, int Width) shape, Device device)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (draws < 1) throw new ArgumentException($"the noise draws must be ≥ 1; got {draws}.", nameof(draws));
        using var scope = NewDisposeScope();
        int stream = Seeding.Derive(seed, 20_000 + t);
        Tensor[] perImage = images.Select(image =>
        {
            using var generator = new Generator((ulong)Seeding.Derive(stream, image), CPU);
            return randn([draws, shape.Channels, shape.Height, shape.Width], generator: generator);
        }).ToArray();
        return stack(perImage, 1).to(device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The denoising error ‖ε − ε_θ(x_t, t)‖²/D of every image at every step, averaged over the K draws of
    /// <paramref name="noise"/>: result[i][n] for step <paramref name="timesteps"/>[i], image n.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="x0">Images [N, C, H, W].</param>
    /// <param name="timesteps">The steps.</param>
    /// <param name="noise">Per step, the draws [K, N, C, H, W] (from <see cref="Noise"/>).</param>
    public static double[][] Mean(Ddpm model, Tensor x0, IReadOnlyList<int> timesteps, IReadOnlyList<Tensor> noise)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(timesteps);
        ArgumentNullException.ThrowIfNull(noise);
        return timesteps.Select((t, i) =>
        {
            long draws = noise[i].shape[0];
            var sum = new double[x0.shape[0]];
            for (long k = 0; k < draws; k++)
            {
                using Tensor epsilon = noise[i][k];
                double[] errors = model.DenoisingError(x0, t, epsilon);
                for (int n = 0; n < sum.Length; n++) sum[n] += errors[n] / draws;
            }
            return sum;
        }).ToArray();
    }

    /// <summary>
    /// The reconstruction error of every image: noise it to step <paramref name="t"/> with each of the K draws of
    /// <paramref name="noise"/> ([K, N, C, H, W]), run the model back to 0 by DDIM over <paramref name="ddimSteps"/> steps
    /// (<see cref="Ddpm.Reconstruct"/>), and average ‖x̂_0 − x_0‖²/D over the draws. Deterministic given the weights and
    /// the noise, so an unchanged model scores the same.
    /// </summary>
    public static double[] Reconstruction(Ddpm model, Tensor x0, int t, Tensor noise, int ddimSteps, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(noise);
        long n = x0.shape[0], draws = noise.shape[0];
        var sum = new double[n];
        for (long k = 0; k < draws; k++)
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                long count = Math.Min(batchSize, n - start);
                Tensor x = x0.narrow(0, start, count);
                Tensor error = (model.Reconstruct(x, t, noise[k].narrow(0, start, count), ddimSteps) - x).square().flatten(1).mean([1]).to(ScalarType.Float64).cpu();
                double[] values = error.data<double>().ToArray();
                for (int i = 0; i < count; i++) sum[start + i] += values[i] / draws;
            }
        return sum;
    }

    /// <summary>
    /// The forgetting of each image from its errors before and after ([step][image]): the increase e_after − e_before
    /// (<see cref="ForgettingScore.Absolute"/>) or (e_after − e_before) / e_before (<see cref="ForgettingScore.Relative"/>),
    /// averaged over the steps.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes differ, or a relative score of a zero error.</exception>
    public static double[] Forgetting(double[][] before, double[][] after, ForgettingScore score)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Length == 0 || after.Length != before.Length || after.Zip(before).Any(p => p.First.Length != p.Second.Length))
            throw new ArgumentException("the errors before and after need the same steps and images.", nameof(after));
        if (score == ForgettingScore.Relative && before.Any(row => row.Any(e => !(e > 0))))
            throw new ArgumentException("a relative increase needs errors > 0 before.", nameof(before));
        return Enumerable.Range(0, before[0].Length).Select(n => Enumerable.Range(0, before.Length).Average(i =>
            score == ForgettingScore.Relative ? (after[i][n] - before[i][n]) / before[i][n] : after[i][n] - before[i][n])).ToArray();
    }
}
