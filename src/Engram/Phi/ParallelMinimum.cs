namespace Engram.Phi;

/// <summary>
/// argmin of f over an index range on all cores, with a result independent of the number of threads and their
/// scheduling: the range is cut into fixed chunks, each chunk keeps its first minimum, and the chunks are combined
/// in index order (ties go to the smallest index).
/// </summary>
static class ParallelMinimum
{
    const long ChunkSize = 1 << 14;

    public static (double Value, long Index) Find(long start, long end, Func<long, double> f, Action<long>? reportDone, CancellationToken cancellation)
    {
        long chunks = (end - start + ChunkSize - 1) / ChunkSize;
        var values = new double[chunks];
        var indices = new long[chunks];
        long done = 0;
        Parallel.For(0, chunks, new ParallelOptions { CancellationToken = cancellation }, c =>
        {
            long from = start + c * ChunkSize, to = Math.Min(end, from + ChunkSize);
            double best = double.PositiveInfinity;
            long bestIndex = from;
            for (long k = from; k < to; k++)
            {
                double v = f(k);
                if (v < best) { best = v; bestIndex = k; }
            }
            values[c] = best;
            indices[c] = bestIndex;
            long total = Interlocked.Add(ref done, to - from);
            reportDone?.Invoke(total);
        });
        double value = double.PositiveInfinity;
        long index = start;
        for (long c = 0; c < chunks; c++)
            if (values[c] < value) { value = values[c]; index = indices[c]; }
        return (value, index);
    }
}
