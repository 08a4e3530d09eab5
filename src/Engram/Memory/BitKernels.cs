using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Engram.Memory;

/// <summary>
/// Inner loops on bit-packed ±1 data (set bit ⇔ −1). All integer arithmetic, hence exact.
/// </summary>
static class BitKernels
{
    /// <summary>Σ_w popcount(a_w XOR b_w).</summary>
    public static int XorPopCount(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int c0 = 0, c1 = 0, c2 = 0, c3 = 0, w = 0, n = a.Length;
        ref ulong ra = ref Unsafe.AsRef(in a[0]);
        ref ulong rb = ref Unsafe.AsRef(in b[0]);
        for (; w + 4 <= n; w += 4)
        {
            c0 += BitOperations.PopCount(Unsafe.Add(ref ra, w) ^ Unsafe.Add(ref rb, w));
            c1 += BitOperations.PopCount(Unsafe.Add(ref ra, w + 1) ^ Unsafe.Add(ref rb, w + 1));
            c2 += BitOperations.PopCount(Unsafe.Add(ref ra, w + 2) ^ Unsafe.Add(ref rb, w + 2));
            c3 += BitOperations.PopCount(Unsafe.Add(ref ra, w + 3) ^ Unsafe.Add(ref rb, w + 3));
        }
        for (; w < n; w++) c0 += BitOperations.PopCount(Unsafe.Add(ref ra, w) ^ Unsafe.Add(ref rb, w));
        return c0 + c1 + c2 + c3;
    }

    // Lane k holds 2^k: (broadcast(bits) & lanes) == lanes selects lane k when bit k is set.
    // Built inline (the JIT folds it to a constant) rather than kept in a static field, whose
    // class-initialisation check made the JIT spill the accumulators on every iteration.
    static Vector512<int> Lanes16 => Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
    static Vector256<int> Lanes8 => Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);

    /// <summary>
    /// Σ over set bits μ of <paramref name="bits"/> of <paramref name="values"/>[μ].
    /// <paramref name="values"/> must have at least 64·bits.Length entries (zero-padded past the real count).
    /// </summary>
    public static long MaskedSum(ReadOnlySpan<ulong> bits, ReadOnlySpan<int> values)
    {
        ref int rv = ref Unsafe.AsRef(in values[0]);
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<int> acc0 = Vector512<int>.Zero, acc1 = Vector512<int>.Zero, lanes = Lanes16;
            for (int w = 0; w < bits.Length; w++)
            {
                ulong word = bits[w];
                if (word == 0) continue;
                ref int v = ref Unsafe.Add(ref rv, w * 64);
                var b0 = Vector512.Create((int)(word & 0xFFFF)) & lanes;
                var b1 = Vector512.Create((int)((word >> 16) & 0xFFFF)) & lanes;
                var b2 = Vector512.Create((int)((word >> 32) & 0xFFFF)) & lanes;
                var b3 = Vector512.Create((int)(word >> 48)) & lanes;
                acc0 += Vector512.ConditionalSelect(Vector512.Equals(b0, lanes), Vector512.LoadUnsafe(ref v), Vector512<int>.Zero);
                acc1 += Vector512.ConditionalSelect(Vector512.Equals(b1, lanes), Vector512.LoadUnsafe(ref v, 16), Vector512<int>.Zero);
                acc0 += Vector512.ConditionalSelect(Vector512.Equals(b2, lanes), Vector512.LoadUnsafe(ref v, 32), Vector512<int>.Zero);
                acc1 += Vector512.ConditionalSelect(Vector512.Equals(b3, lanes), Vector512.LoadUnsafe(ref v, 48), Vector512<int>.Zero);
            }
            return SumWide(acc0) + SumWide(acc1);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<int> acc0 = Vector256<int>.Zero, acc1 = Vector256<int>.Zero, lanes = Lanes8;
            for (int w = 0; w < bits.Length; w++)
            {
                ulong word = bits[w];
                if (word == 0) continue;
                ref int v = ref Unsafe.Add(ref rv, w * 64);
                for (int k = 0; k < 8; k += 2)
                {
                    var b0 = Vector256.Create((int)((word >> (8 * k)) & 0xFF)) & lanes;
                    var b1 = Vector256.Create((int)((word >> (8 * k + 8)) & 0xFF)) & lanes;
                    acc0 += Vector256.Equals(b0, lanes) & Vector256.LoadUnsafe(ref v, (nuint)(8 * k));
                    acc1 += Vector256.Equals(b1, lanes) & Vector256.LoadUnsafe(ref v, (nuint)(8 * k + 8));
                }
            }
            return SumWide(acc0) + SumWide(acc1);
        }
        long s = 0;
        for (int w = 0; w < bits.Length; w++)
        {
            ulong word = bits[w];
            while (word != 0)
            {
                s += Unsafe.Add(ref rv, w * 64 + BitOperations.TrailingZeroCount(word));
                word &= word - 1;
            }
        }
        return s;
    }

    /// <summary>
    /// values[μ] += delta·s^μ with s^μ = −1 where bit μ of <paramref name="bits"/> is set and +1 otherwise,
    /// for μ &lt; 64·bits.Length (callers keep padded entries and never read them).
    /// </summary>
    public static void AddSigned(ReadOnlySpan<ulong> bits, Span<int> values, int delta)
    {
        ref int rv = ref values[0];
        if (Vector512.IsHardwareAccelerated)
        {
            var plus = Vector512.Create(delta);
            var minus = Vector512.Create(-delta);
            var lanes = Lanes16;
            for (int w = 0; w < bits.Length; w++)
            {
                ulong word = bits[w];
                ref int v = ref Unsafe.Add(ref rv, w * 64);
                for (int k = 0; k < 4; k++)
                {
                    var b = Vector512.Create((int)((word >> (16 * k)) & 0xFFFF)) & lanes;
                    var d = Vector512.ConditionalSelect(Vector512.Equals(b, lanes), minus, plus);
                    (Vector512.LoadUnsafe(ref v, (nuint)(16 * k)) + d).StoreUnsafe(ref v, (nuint)(16 * k));
                }
            }
            return;
        }
        for (int w = 0; w < bits.Length; w++)
        {
            ulong word = bits[w];
            for (int b = 0; b < 64; b++)
                Unsafe.Add(ref rv, w * 64 + b) += ((word >> b) & 1UL) != 0 ? -delta : delta;
        }
    }

    static long SumWide(Vector512<int> v)
    {
        var (lo, hi) = Vector512.Widen(v);
        return Vector512.Sum(lo + hi);
    }

    static long SumWide(Vector256<int> v)
    {
        var (lo, hi) = Vector256.Widen(v);
        return Vector256.Sum(lo + hi);
    }

    /// <summary>
    /// Builds byte tables for <see cref="TableSum"/>: for group g of 8 consecutive values,
    /// table[256·g + b] = Σ over set bits k of b of values[8g + k].
    /// </summary>
    public static void BuildByteTables(ReadOnlySpan<int> values, Span<int> table)
    {
        int groups = table.Length / 256;
        for (int g = 0; g < groups; g++)
        {
            Span<int> t = table.Slice(256 * g, 256);
            ReadOnlySpan<int> v = values.Slice(8 * g, 8);
            t[0] = 0;
            for (int b = 1; b < 256; b++) t[b] = t[b & (b - 1)] + v[BitOperations.TrailingZeroCount(b)];
        }
    }

    /// <summary>Σ over set bits μ of <paramref name="bits"/> of values[μ], through byte tables from <see cref="BuildByteTables"/>.</summary>
    public static long TableSum(ReadOnlySpan<ulong> bits, ReadOnlySpan<int> table)
    {
        ref int rt = ref Unsafe.AsRef(in table[0]);
        long s0 = 0, s1 = 0;
        for (int w = 0; w < bits.Length; w++)
        {
            ulong word = bits[w];
            ref int t = ref Unsafe.Add(ref rt, w * 2048);
            s0 += Unsafe.Add(ref t, (int)(word & 0xFF)) + Unsafe.Add(ref t, 256 + (int)((word >> 8) & 0xFF))
                + Unsafe.Add(ref t, 512 + (int)((word >> 16) & 0xFF)) + Unsafe.Add(ref t, 768 + (int)((word >> 24) & 0xFF));
            s1 += Unsafe.Add(ref t, 1024 + (int)((word >> 32) & 0xFF)) + Unsafe.Add(ref t, 1280 + (int)((word >> 40) & 0xFF))
                + Unsafe.Add(ref t, 1536 + (int)((word >> 48) & 0xFF)) + Unsafe.Add(ref t, 1792 + (int)(word >> 56));
        }
        return s0 + s1;
    }

    /// <summary>
    /// Transposes a 64 × 64 bit matrix in place: afterwards bit j of a[i] is what bit i of a[j] was
    /// (recursive block swaps, Hacker's Delight §7-3, least-significant-bit-first).
    /// </summary>
    public static void Transpose64(Span<ulong> a)
    {
        ulong m = 0x00000000FFFFFFFFUL;
        for (int j = 32; j != 0; j >>= 1, m ^= m << j)
        {
            for (int k = 0; k < 64; k = ((k | j) + 1) & ~j)
            {
                ulong t = ((a[k] >> j) ^ a[k | j]) & m;
                a[k | j] ^= t;
                a[k] ^= t << j;
            }
        }
    }
}
