using System.Runtime.Intrinsics;
using Engram.Memory;

namespace Engram.Tests.Memory;

/// <summary>Each instruction-set path of the bit kernels against the bit-by-bit scalar reference, on random data.</summary>
public class BitKernelsTests
{
    static (ulong[] Bits, int[] Values) RandomInput(int words, int seed)
    {
        var random = new Random(seed);
        var bits = new ulong[words];
        for (int w = 0; w < words; w++) bits[w] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        bits[0] = 0;                    // the vector paths skip all-zero words
        if (words > 1) bits[1] = ulong.MaxValue;
        int[] values = [.. Enumerable.Range(0, 64 * words).Select(_ => random.Next(-100_000, 100_000))];
        return (bits, values);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(157)]
    public void Masked_sum_paths_agree_with_the_scalar_reference(int words)
    {
        var (bits, values) = RandomInput(words, words);
        long expected = 0;
        for (int mu = 0; mu < values.Length; mu++) if ((bits[mu / 64] >> (mu % 64) & 1) != 0) expected += values[mu];
        Assert.Equal(expected, BitKernels.MaskedSumScalar(bits, values));
        if (Vector256.IsHardwareAccelerated) Assert.Equal(expected, BitKernels.MaskedSum256(bits, values));
        if (Vector512.IsHardwareAccelerated)
        {
            Assert.Equal(expected, BitKernels.MaskedSum512(bits, values));
            int[] interleaved = new int[values.Length];
            BitKernels.Interleave512(values, interleaved);
            Assert.Equal(expected, BitKernels.MaskedSumInterleaved512(bits, interleaved));
        }
        Assert.Equal(expected, BitKernels.MaskedSum(bits, values));
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(5, -7)]
    [InlineData(64, 1)]
    public void Signed_add_paths_agree_with_the_scalar_reference(int words, int delta)
    {
        var (bits, values) = RandomInput(words, 100 + words);
        int[] expected = [.. values.Select((v, mu) => v + ((bits[mu / 64] >> (mu % 64) & 1) != 0 ? -delta : delta))];
        int[] scalar = (int[])values.Clone();
        BitKernels.AddSignedScalar(bits, scalar, delta);
        Assert.Equal(expected, scalar);
        if (Vector256.IsHardwareAccelerated)
        {
            int[] wide = (int[])values.Clone();
            BitKernels.AddSigned256(bits, wide, delta);
            Assert.Equal(expected, wide);
        }
        if (Vector512.IsHardwareAccelerated)
        {
            int[] widest = (int[])values.Clone();
            BitKernels.AddSigned512(bits, widest, delta);
            Assert.Equal(expected, widest);
        }
    }

    [Fact]
    public void Xor_popcount_counts_differing_bits()
    {
        var (a, _) = RandomInput(13, 5);
        var (b, _) = RandomInput(13, 6);
        int expected = 0;
        for (int w = 0; w < 13; w++) for (int k = 0; k < 64; k++) if (((a[w] ^ b[w]) >> k & 1) != 0) expected++;
        Assert.Equal(expected, BitKernels.XorPopCount(a, b));
    }
}
