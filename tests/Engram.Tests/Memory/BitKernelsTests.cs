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
        AssertEveryPath(expected, bits, values);
    }

    static void AssertEveryPath(long expected, ulong[] bits, int[] values)
    {
        Assert.Equal(expected, BitKernels.MaskedSumScalar(bits, values));
        int[] interleaved = new int[values.Length];
        if (Vector256.IsHardwareAccelerated)
        {
            Assert.Equal(expected, BitKernels.MaskedSum256(bits, values));
            BitKernels.Interleave(values, interleaved, 8);
            Assert.Equal(expected, BitKernels.MaskedSumInterleaved256(bits, interleaved));
        }
        if (Vector512.IsHardwareAccelerated)
        {
            Assert.Equal(expected, BitKernels.MaskedSum512(bits, values));
            BitKernels.Interleave(values, interleaved, 16);
            Assert.Equal(expected, BitKernels.MaskedSumInterleaved512(bits, interleaved));
        }
        Assert.Equal(expected, BitKernels.MaskedSum(bits, values));
    }

    [Theory]
    [InlineData(157, 1)]
    [InlineData(157, -1)]
    [InlineData(2, 1)]
    public void Masked_sums_stay_exact_at_the_largest_fields_the_network_allows(int words, int sign)
    {
        // ClassicalHopfieldNetwork allows N·P ≤ 2^35 and an overlap d_μ is at most N in size: every pattern bit set and
        // every value ±N with N = 2^35/P is the largest sum a step can ask for (2^35 in size), which overflows any 32-bit
        // lane that adds more than P/16 of them.
        int p = 64 * words, n = (int)((1L << 35) / p);
        ulong[] bits = [.. Enumerable.Repeat(ulong.MaxValue, words)];
        int[] values = [.. Enumerable.Repeat(sign * n, p)];
        AssertEveryPath((long)sign * n * p, bits, values);
    }

    [Fact]
    public void Interleaving_places_each_value_where_its_bit_selects_it()
    {
        int[] values = [.. Enumerable.Range(0, 128)];
        int[] eight = new int[128], sixteen = new int[128];
        BitKernels.Interleave(values, eight, 8);
        BitKernels.Interleave(values, sixteen, 16);
        // 8 lanes: vector k holds 4k…4k+3 (even lanes) and 32+4k… (odd lanes); 16 lanes: 8k…8k+7 and 32+8k….
        Assert.Equal([0, 32, 1, 33, 2, 34, 3, 35, 4, 36], eight[..10]);
        Assert.Equal([64 + 28, 64 + 60, 64 + 29, 64 + 61, 64 + 30, 64 + 62, 64 + 31, 64 + 63], eight[120..]);
        Assert.Equal([0, 32, 1, 33, 2, 34, 3, 35, 4, 36, 5, 37, 6, 38, 7, 39, 8, 40], sixteen[..18]);
        Assert.Equal(values, eight.Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => BitKernels.Interleave(values, eight, 4));
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
