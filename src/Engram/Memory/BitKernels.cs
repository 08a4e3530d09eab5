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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // called P times a step: see MaskedSumInterleaved512
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
    /// Dispatches to the widest instruction set present (AVX-512, AVX2 or scalar); all three give the same exact sum.
    /// </summary>
    public static long MaskedSum(ReadOnlySpan<ulong> bits, ReadOnlySpan<int> values) =>
        Vector512.IsHardwareAccelerated ? MaskedSum512(bits, values)
        : Vector256.IsHardwareAccelerated ? MaskedSum256(bits, values)
        : MaskedSumScalar(bits, values);

    /// <summary><see cref="MaskedSum"/> with 16-lane masks (AVX-512); callers check <see cref="Vector512.IsHardwareAccelerated"/>.</summary>
    internal static long MaskedSum512(ReadOnlySpan<ulong> bits, ReadOnlySpan<int> values)
    {
        ref int rv = ref Unsafe.AsRef(in values[0]);
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

    /// <summary>
    /// <paramref name="values"/> in the order the interleaved kernels read them, for vectors of <paramref name="lanes"/>
    /// 32-bit lanes (16: <see cref="MaskedSumInterleaved512"/>, 8: <see cref="MaskedSumInterleaved256"/>). With h = lanes/2,
    /// vector k of each block of 64 holds values h·k … h·k+h−1 in its even lanes and 32+h·k … 32+h·k+h−1 in its odd lanes,
    /// so that one 64-bit word broadcast over the 32-bit lanes (its low half in the even lanes, its high half in the odd)
    /// selects them.
    /// </summary>
    public static void Interleave(ReadOnlySpan<int> values, Span<int> interleaved, int lanes)
    {
        if (lanes is not (8 or 16)) throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "lanes must be 8 or 16.");
        if (values.Length % 64 != 0 || interleaved.Length != values.Length)
            throw new ArgumentException($"values must be whole blocks of 64 ({values.Length}) and interleaved as long ({interleaved.Length}).");
        int half = lanes / 2;
        for (int b = 0; b < values.Length; b += 64)
            for (int k = 0; k < 64 / lanes; k++)
                for (int j = 0; j < half; j++)
                {
                    interleaved[b + lanes * k + 2 * j] = values[b + half * k + j];
                    interleaved[b + lanes * k + 2 * j + 1] = values[b + 32 + half * k + j];
                }
    }

    /// <summary>
    /// <see cref="MaskedSum"/> over values laid out by <see cref="Interleave"/> for 16 lanes: one broadcast per 64-bit word
    /// instead of four (AVX-512); callers check <see cref="Vector512.IsHardwareAccelerated"/>.
    /// </summary>
    // Optimised at once: a step calls it once per neuron, so a benchmark or a short run would otherwise spend its first
    // thousands of calls in the unoptimised tier (measured: 2.4 ms a step against 0.35 ms once optimised).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static long MaskedSumInterleaved512(ReadOnlySpan<ulong> bits, ReadOnlySpan<int> interleaved)
    {
        ref int rv = ref Unsafe.AsRef(in interleaved[0]);
        Vector512<int> acc0 = Vector512<int>.Zero, acc1 = Vector512<int>.Zero;
        // Quarter q: lanes 2j and 2j+1 hold 2^(8q+j), the bit of the low and of the high half. Created here, not in
        // properties, so that the JIT keeps them in registers.
        var q0 = Vector512.Create(1, 1, 2, 2, 4, 4, 8, 8, 16, 16, 32, 32, 64, 64, 128, 128);
        var q1 = q0 << 8;
        var q2 = q0 << 16;
        var q3 = q0 << 24;
        for (int w = 0; w < bits.Length; w++)
        {
            ref int v = ref Unsafe.Add(ref rv, w * 64);
            var b = Vector512.Create(bits[w]).AsInt32();
            // acc + (selected ? v : 0) as select(mask, acc + v, acc): the JIT emits one masked add with a memory operand.
            acc0 = Vector512.ConditionalSelect(Vector512.Equals(b & q0, q0), acc0 + Vector512.LoadUnsafe(ref v), acc0);
            acc1 = Vector512.ConditionalSelect(Vector512.Equals(b & q1, q1), acc1 + Vector512.LoadUnsafe(ref v, 16), acc1);
            acc0 = Vector512.ConditionalSelect(Vector512.Equals(b & q2, q2), acc0 + Vector512.LoadUnsafe(ref v, 32), acc0);
            acc1 = Vector512.ConditionalSelect(Vector512.Equals(b & q3, q3), acc1 + Vector512.LoadUnsafe(ref v, 48), acc1);
        }
        // A lane adds two values of size ≤ N per word, at most P·N/32 ≤ 2^30 in all (ClassicalHopfieldNetwork keeps
        // N·P ≤ 2^35); the two accumulators together could reach 2^31, so each is widened on its own.
        return SumWide(acc0) + SumWide(acc1);
    }

    /// <summary>
    /// <see cref="MaskedSum"/> over values laid out by <see cref="Interleave"/> for 8 lanes: one broadcast per 64-bit word
    /// instead of eight (AVX2); callers check <see cref="Vector256.IsHardwareAccelerated"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // as MaskedSumInterleaved512
    internal static long MaskedSumInterleaved256(ReadOnlySpan<ulong> bits, ReadOnlySpan<int> interleaved)
    {
        ref int rv = ref Unsafe.AsRef(in interleaved[0]);
        Vector256<int> acc0 = Vector256<int>.Zero, acc1 = Vector256<int>.Zero, acc2 = Vector256<int>.Zero, acc3 = Vector256<int>.Zero;
        // Vector k: lanes 2j and 2j+1 hold 2^(4k+j), the bit of the low and of the high half.
        var q0 = Vector256.Create(1, 1, 2, 2, 4, 4, 8, 8);
        var q1 = q0 << 4;
        var q2 = q0 << 8;
        var q3 = q0 << 12;
        var q4 = q0 << 16;
        var q5 = q0 << 20;
        var q6 = q0 << 24;
        var q7 = q0 << 28;
        for (int w = 0; w < bits.Length; w++)
        {
            ref int v = ref Unsafe.Add(ref rv, w * 64);
            var b = Vector256.Create(bits[w]).AsInt32();
            // No masked add before AVX-512: the compare's all-ones mask selects the loaded values.
            acc0 += Vector256.Equals(b & q0, q0) & Vector256.LoadUnsafe(ref v);
            acc1 += Vector256.Equals(b & q1, q1) & Vector256.LoadUnsafe(ref v, 8);
            acc2 += Vector256.Equals(b & q2, q2) & Vector256.LoadUnsafe(ref v, 16);
            acc3 += Vector256.Equals(b & q3, q3) & Vector256.LoadUnsafe(ref v, 24);
            acc0 += Vector256.Equals(b & q4, q4) & Vector256.LoadUnsafe(ref v, 32);
            acc1 += Vector256.Equals(b & q5, q5) & Vector256.LoadUnsafe(ref v, 40);
            acc2 += Vector256.Equals(b & q6, q6) & Vector256.LoadUnsafe(ref v, 48);
            acc3 += Vector256.Equals(b & q7, q7) & Vector256.LoadUnsafe(ref v, 56);
        }
        // Two values a word per lane and accumulator: ≤ P·N/32 ≤ 2^30 each, widened on its own (see above).
        return SumWide(acc0) + SumWide(acc1) + SumWide(acc2) + SumWide(acc3);
    }

    /// <summary><see cref="MaskedSum"/> with 8-lane masks (AVX2); callers check <see cref="Vector256.IsHardwareAccelerated"/>.</summary>
    internal static long MaskedSum256(ReadOnlySpan<ulong> bits, ReadOnlySpan<int> values)
    {
        ref int rv = ref Unsafe.AsRef(in values[0]);
        // Four accumulators, each adding two values a word per lane, so no lane can pass 2^31 (see MaskedSumInterleaved512).
        Vector256<int> acc0 = Vector256<int>.Zero, acc1 = Vector256<int>.Zero, acc2 = Vector256<int>.Zero, acc3 = Vector256<int>.Zero, lanes = Lanes8;
        for (int w = 0; w < bits.Length; w++)
        {
            ulong word = bits[w];
            if (word == 0) continue;
            ref int v = ref Unsafe.Add(ref rv, w * 64);
            for (int k = 0; k < 8; k += 4)
            {
                var b0 = Vector256.Create((int)((word >> (8 * k)) & 0xFF)) & lanes;
                var b1 = Vector256.Create((int)((word >> (8 * k + 8)) & 0xFF)) & lanes;
                var b2 = Vector256.Create((int)((word >> (8 * k + 16)) & 0xFF)) & lanes;
                var b3 = Vector256.Create((int)((word >> (8 * k + 24)) & 0xFF)) & lanes;
                acc0 += Vector256.Equals(b0, lanes) & Vector256.LoadUnsafe(ref v, (nuint)(8 * k));
                acc1 += Vector256.Equals(b1, lanes) & Vector256.LoadUnsafe(ref v, (nuint)(8 * k + 8));
                acc2 += Vector256.Equals(b2, lanes) & Vector256.LoadUnsafe(ref v, (nuint)(8 * k + 16));
                acc3 += Vector256.Equals(b3, lanes) & Vector256.LoadUnsafe(ref v, (nuint)(8 * k + 24));
            }
        }
        return SumWide(acc0) + SumWide(acc1) + SumWide(acc2) + SumWide(acc3);
    }

    /// <summary><see cref="MaskedSum"/> bit by bit: the reference the vector paths are tested against.</summary>
    internal static long MaskedSumScalar(ReadOnlySpan<ulong> bits, ReadOnlySpan<int> values)
    {
        ref int rv = ref Unsafe.AsRef(in values[0]);
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
    /// for μ &lt; 64·bits.Length (callers keep padded entries and never read them). Dispatches like <see cref="MaskedSum"/>.
    /// </summary>
    public static void AddSigned(ReadOnlySpan<ulong> bits, Span<int> values, int delta)
    {
        if (Vector512.IsHardwareAccelerated) AddSigned512(bits, values, delta);
        else if (Vector256.IsHardwareAccelerated) AddSigned256(bits, values, delta);
        else AddSignedScalar(bits, values, delta);
    }

    /// <summary><see cref="AddSigned"/> with 16-lane masks (AVX-512).</summary>
    internal static void AddSigned512(ReadOnlySpan<ulong> bits, Span<int> values, int delta)
    {
        ref int rv = ref values[0];
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
    }

    /// <summary><see cref="AddSigned"/> with 8-lane masks (AVX2).</summary>
    internal static void AddSigned256(ReadOnlySpan<ulong> bits, Span<int> values, int delta)
    {
        ref int rv = ref values[0];
        var plus = Vector256.Create(delta);
        var minus = Vector256.Create(-delta);
        var lanes = Lanes8;
        for (int w = 0; w < bits.Length; w++)
        {
            ulong word = bits[w];
            ref int v = ref Unsafe.Add(ref rv, w * 64);
            for (int k = 0; k < 8; k++)
            {
                var b = Vector256.Create((int)((word >> (8 * k)) & 0xFF)) & lanes;
                var d = Vector256.ConditionalSelect(Vector256.Equals(b, lanes), minus, plus);
                (Vector256.LoadUnsafe(ref v, (nuint)(8 * k)) + d).StoreUnsafe(ref v, (nuint)(8 * k));
            }
        }
    }

    /// <summary><see cref="AddSigned"/> bit by bit: the reference the vector paths are tested against.</summary>
    internal static void AddSignedScalar(ReadOnlySpan<ulong> bits, Span<int> values, int delta)
    {
        ref int rv = ref values[0];
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
