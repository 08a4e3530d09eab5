using Engram.Numerics;

namespace Engram.Training;

/// <summary>
/// Which samples form the minibatch of each step: epochs of ⌊N / B⌋ batches, each epoch a fresh permutation drawn
/// from (seed, epoch) alone (or the stored order, when not shuffled). A batch is therefore a function of the step number, so a resumed run sees exactly the
/// batches an uninterrupted run would have seen, with no generator state to store.
/// </summary>
public sealed class MinibatchSchedule
{
    readonly int samples, batchSize, seed;
    readonly bool shuffle;
    int cachedEpoch = -1;
    int[] permutation = [];

    /// <summary>
    /// A schedule over <paramref name="samples"/> samples in batches of <paramref name="batchSize"/> (at most N), each
    /// epoch in a fresh random order, or in the stored order when <paramref name="shuffle"/> is false.
    /// </summary>
    public MinibatchSchedule(int samples, int batchSize, int seed, bool shuffle = true)
    {
        if (samples < 1) throw new ArgumentException($"training needs at least one sample; got {samples}.", nameof(samples));
        if (batchSize < 1) throw new ArgumentException($"the batch size must be ≥ 1; got {batchSize}.", nameof(batchSize));
        this.samples = samples;
        this.batchSize = Math.Min(batchSize, samples);
        this.seed = seed;
        this.shuffle = shuffle;
    }

    /// <summary>Samples per batch (the requested size, or N when that is smaller).</summary>
    public int BatchSize => batchSize;

    /// <summary>Sample indices of the batch of step <paramref name="step"/> (0-based).</summary>
    public long[] Batch(long step)
    {
        long perEpoch = samples / batchSize;
        int epoch = checked((int)(step / perEpoch));
        int offset = (int)(step % perEpoch) * batchSize;
        if (epoch != cachedEpoch)
        {
            permutation = Permutation(Seeding.Derive(seed, epoch));
            cachedEpoch = epoch;
        }
        var batch = new long[batchSize];
        for (int i = 0; i < batchSize; i++) batch[i] = permutation[offset + i];
        return batch;
    }

    int[] Permutation(int epochSeed)
    {
        var random = Seeding.Create(epochSeed);
        int[] p = Enumerable.Range(0, samples).ToArray();
        if (!shuffle) return p;
        for (int i = samples - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
