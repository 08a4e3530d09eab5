namespace Engram.Numerics;

/// <summary>
/// Reproducible randomness: every random draw in Engram goes through a <see cref="Random"/> made
/// here from an explicit seed, so the same seed gives the same result on every machine.
/// </summary>
public static class Seeding
{
    /// <summary>A generator for <paramref name="seed"/>; sub-streams use <see cref="Derive"/>.</summary>
    public static Random Create(int seed) => new(seed);

    /// <summary>
    /// A seed for the <paramref name="stream"/>-th independent sub-stream of <paramref name="seed"/>
    /// (e.g. one per trial or draw), so that trials can run in any order or in parallel and still
    /// give the same numbers. SplitMix64 finaliser over (seed, stream).
    /// </summary>
    public static int Derive(int seed, int stream)
    {
        ulong z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)(uint)stream + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
