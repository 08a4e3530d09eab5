using System.Numerics;
using System.Runtime.InteropServices;

namespace Engram.Memory;

/// <summary>
/// A vector of N binary spins x_i ∈ {−1, +1}, bit-packed 64 to a <see cref="ulong"/> word.
/// <para>Bit convention (the "sign bit" convention): bit i set ⇔ x_i = −1; bit i clear ⇔ x_i = +1.
/// Padding bits past N in the last word are always clear, so the dot product of two vectors is
/// x·y = N − 2·popcount(x XOR y) over all words.</para>
/// </summary>
public sealed class SpinVector : IEquatable<SpinVector>
{
    readonly ulong[] words;

    /// <summary>A vector of <paramref name="length"/> spins, all +1.</summary>
    /// <exception cref="ArgumentException"><paramref name="length"/> ≤ 0.</exception>
    public SpinVector(int length)
    {
        if (length <= 0) throw new ArgumentException($"a spin vector needs N > 0 neurons; got N = {length}.", nameof(length));
        Length = length;
        words = new ulong[WordCount(length)];
    }

    SpinVector(int length, ulong[] words)
    {
        Length = length;
        this.words = words;
    }

    /// <summary>Number of spins N.</summary>
    public int Length { get; }

    /// <summary>The packed words (⌈N/64⌉ of them; bit i of word w is spin 64w + i; set bit ⇔ −1). Writable: keep padding bits clear.</summary>
    public Span<ulong> Words => words;

    /// <summary>Number of 64-bit words needed for <paramref name="length"/> spins.</summary>
    public static int WordCount(int length) => (length + 63) >> 6;

    /// <summary>Spin i as −1 or +1.</summary>
    public int this[int i]
    {
        get => ((words[i >> 6] >> (i & 63)) & 1UL) != 0 ? -1 : 1;
        set
        {
            if (value != 1 && value != -1) throw new ArgumentException($"a spin is −1 or +1; got {value}.", nameof(value));
            ulong bit = 1UL << (i & 63);
            if (value < 0) words[i >> 6] |= bit; else words[i >> 6] &= ~bit;
        }
    }

    /// <summary>Flips spin i (x_i ← −x_i).</summary>
    public void Flip(int i) => words[i >> 6] ^= 1UL << (i & 63);

    /// <summary>Number of −1 spins.</summary>
    public int CountNegative()
    {
        int c = 0;
        foreach (ulong w in words) c += BitOperations.PopCount(w);
        return c;
    }

    /// <summary>Dot product x·y = Σ_i x_i y_i (an integer in [−N, N]).</summary>
    /// <exception cref="ArgumentException">Different lengths.</exception>
    public int Dot(SpinVector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Length != Length) throw new ArgumentException($"spin vectors have lengths {Length} and {other.Length}; they must match.", nameof(other));
        return Length - 2 * BitKernels.XorPopCount(words, other.words);
    }

    /// <summary>Overlap (direction cosine) m = (1/N) Σ_i x_i y_i ∈ [−1, 1].</summary>
    public double Overlap(SpinVector other) => (double)Dot(other) / Length;

    /// <summary>Hamming distance: number of positions where the spins differ.</summary>
    public int HammingDistance(SpinVector other) => (Length - Dot(other)) / 2;

    /// <summary>A deep copy.</summary>
    public SpinVector Clone() => new(Length, (ulong[])words.Clone());

    /// <summary>Copies the spins of <paramref name="source"/> (same length) into this vector.</summary>
    public void CopyFrom(SpinVector source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length != Length) throw new ArgumentException($"cannot copy {source.Length} spins into a vector of {Length}.", nameof(source));
        source.words.CopyTo(words, 0);
    }

    /// <summary>Uniformly random spins, Prob[x_i = ±1] = 1/2, from <paramref name="random"/>.</summary>
    public static SpinVector Random(int length, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var v = new SpinVector(length);
        random.NextBytes(MemoryMarshal.AsBytes(v.words.AsSpan()));
        v.ClearPadding();
        return v;
    }

    /// <summary>Packs spins given as −1/+1 (any negative value is −1, anything else +1).</summary>
    public static SpinVector FromSigns(ReadOnlySpan<sbyte> spins)
    {
        var v = new SpinVector(spins.Length);
        for (int i = 0; i < spins.Length; i++) if (spins[i] < 0) v.words[i >> 6] |= 1UL << (i & 63);
        return v;
    }

    /// <summary>Packs sgn(values) with sgn(0) = +1; NaN is rejected.</summary>
    /// <exception cref="ArgumentException">A NaN entry.</exception>
    public static SpinVector FromSigns(ReadOnlySpan<double> values)
    {
        var v = new SpinVector(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            if (double.IsNaN(x)) throw new ArgumentException($"entry {i} is NaN; a spin needs a sign.", nameof(values));
            if (x < 0) v.words[i >> 6] |= 1UL << (i & 63);
        }
        return v;
    }

    /// <summary>Wraps packed words (copied). Padding bits past <paramref name="length"/> are cleared.</summary>
    public static SpinVector FromWords(int length, ReadOnlySpan<ulong> packed)
    {
        var v = new SpinVector(length);
        if (packed.Length != v.words.Length) throw new ArgumentException($"{length} spins need {v.words.Length} words; got {packed.Length}.", nameof(packed));
        packed.CopyTo(v.words);
        v.ClearPadding();
        return v;
    }

    /// <summary>The spins as −1/+1 bytes.</summary>
    public sbyte[] ToSbytes()
    {
        var s = new sbyte[Length];
        for (int i = 0; i < Length; i++) s[i] = (sbyte)this[i];
        return s;
    }

    /// <summary>The spins as −1.0/+1.0.</summary>
    public double[] ToDoubles()
    {
        var s = new double[Length];
        for (int i = 0; i < Length; i++) s[i] = this[i];
        return s;
    }

    /// <summary>
    /// A noisy copy: exactly round(<paramref name="fraction"/>·N) distinct spins, chosen uniformly at
    /// random, are flipped, so the copy's overlap with this vector is 1 − 2·round(fN)/N.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="fraction"/> outside [0, 1] or NaN.</exception>
    public SpinVector WithFlips(double fraction, Random random)
    {
        if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentException($"the fraction of flipped bits must be in [0, 1]; got {fraction}.", nameof(fraction));
        ArgumentNullException.ThrowIfNull(random);
        var copy = Clone();
        int flips = (int)Math.Round(fraction * Length, MidpointRounding.AwayFromZero);
        // Partial Fisher–Yates: the first `flips` entries of a random permutation.
        int[] index = new int[Length];
        for (int i = 0; i < Length; i++) index[i] = i;
        for (int k = 0; k < flips; k++)
        {
            int j = random.Next(k, Length);
            (index[k], index[j]) = (index[j], index[k]);
            copy.Flip(index[k]);
        }
        return copy;
    }

    /// <summary>Sets every spin to −x_i.</summary>
    public void Negate()
    {
        for (int w = 0; w < words.Length; w++) words[w] = ~words[w];
        ClearPadding();
    }

    internal ulong[] RawWords => words;

    internal void ClearPadding()
    {
        int r = Length & 63;
        if (r != 0) words[^1] &= (1UL << r) - 1;
    }

    /// <inheritdoc/>
    public bool Equals(SpinVector? other) =>
        other is not null && other.Length == Length && words.AsSpan().SequenceEqual(other.words);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SpinVector v && Equals(v);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Length);
        foreach (ulong w in words) h.Add(w);
        return h.ToHashCode();
    }
}
