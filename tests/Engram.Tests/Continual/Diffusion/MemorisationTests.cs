using Engram.Continual.Diffusion;
using static TorchSharp.torch;

namespace Engram.Tests.Continual.Diffusion;

public class MemorisationTests
{
    static Tensor Gaussian(int n, int d, int seed)
    {
        double[] values = Engram.Numerics.StandardNormal.Draw(new Random(seed), n * d);
        return tensor(values.Select(v => (float)v).ToArray(), [n, d]);
    }

    [Fact]
    public void Near_copies_of_training_items_are_memorised_and_fresh_draws_are_not()
    {
        using Tensor training = Gaussian(300, 16, seed: 1);
        // Copies of 40 training items moved by 1 % of the typical nearest-neighbour distance (≈ 3 in 16 dimensions).
        using Tensor copies = training.narrow(0, 0, 40) + 0.03 * Gaussian(40, 16, seed: 2) / 4;   // ‖noise‖ ≈ 0.03
        MemorisationMeasure copied = Memorisation.Measure(0, copies, training);
        Assert.Equal(40, copied.Memorised);
        Assert.True(copied.NearestRatio < 0.05, $"ratio {copied.NearestRatio}");

        using Tensor fresh = Gaussian(40, 16, seed: 3);
        MemorisationMeasure generalised = Memorisation.Measure(0, fresh, training);
        Assert.True(generalised.Memorised <= 1, $"{generalised.Memorised} of 40 fresh draws called memorised");
        Assert.InRange(generalised.NearestRatio, 0.8, 1.3);
    }

    [Fact]
    public void Distances_are_the_exact_nearest_and_a_training_item_is_not_its_own_neighbour()
    {
        // Training items on a line at 0, 1, 3, 7; one sample at 0.9 (nearest 1 at 0.1, second 0 at 0.9 → memorised),
        // one at 5 (nearest 3 or 7 at 2 → not).
        using Tensor training = tensor(new float[] { 0, 1, 3, 7 }, [4, 1]);
        using Tensor samples = tensor(new float[] { 0.9f, 5 }, [2, 1]);
        MemorisationMeasure m = Memorisation.Measure(4, samples, training);
        Assert.Equal(1, m.Memorised);
        Assert.Equal((0.1 + 2) / 2, m.MedianNearest, 6);
        Assert.Equal(1.5, m.MedianTrainingNearest, 6);   // own nearest distances 1, 1, 2, 4: median 1.5
        Assert.Equal(4, m.Seed);
    }

    [Fact]
    public void Too_few_training_items_or_other_shapes_are_refused()
    {
        using Tensor two = zeros(2, 3);
        Assert.Throws<ArgumentException>(() => Memorisation.Measure(0, zeros(1, 3), two));
        Assert.Throws<ArgumentException>(() => Memorisation.Measure(0, zeros(1, 4), zeros(5, 3)));
    }
}
