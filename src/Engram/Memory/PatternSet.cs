using System.Runtime.InteropServices;

namespace Engram.Memory;

/// <summary>
/// P binary patterns ξ^μ ∈ {−1, +1}^N, bit-packed (same bit convention as <see cref="SpinVector"/>:
/// set bit ⇔ −1). Stored row-major (pattern μ is ⌈N/64⌉ consecutive words) and, built on first
/// use, transposed (neuron i is ⌈P/64⌉ consecutive words holding ξ_i^1 … ξ_i^P), which the local
/// field and asynchronous dynamics need. Immutable after construction.
/// </summary>
public sealed class PatternSet
{
    readonly ulong[] rows;               // P × WordsPerPattern
    readonly Lazy<ulong[]> transposed;   // N × WordsPerNeuron

    PatternSet(int count, int length, ulong[] rows)
    {
        Count = count;
        Length = length;
        WordsPerPattern = SpinVector.WordCount(length);
        WordsPerNeuron = SpinVector.WordCount(count);
        this.rows = rows;
        transposed = new Lazy<ulong[]>(Transpose, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Number of patterns P.</summary>
    public int Count { get; }

    /// <summary>Number of neurons N (length of each pattern).</summary>
    public int Length { get; }

    /// <summary>Words per pattern row, ⌈N/64⌉.</summary>
    public int WordsPerPattern { get; }

    /// <summary>Words per transposed neuron row, ⌈P/64⌉.</summary>
    public int WordsPerNeuron { get; }

    /// <summary>Component ξ_i^μ as −1 or +1.</summary>
    public int this[int mu, int i] => ((rows[mu * WordsPerPattern + (i >> 6)] >> (i & 63)) & 1UL) != 0 ? -1 : 1;

    /// <summary>The packed words of pattern μ (read-only view, ⌈N/64⌉ words).</summary>
    public ReadOnlySpan<ulong> PatternWords(int mu) => rows.AsSpan(mu * WordsPerPattern, WordsPerPattern);

    /// <summary>The packed words of neuron i across patterns: bit μ is ξ_i^μ (⌈P/64⌉ words).</summary>
    public ReadOnlySpan<ulong> NeuronWords(int i) => transposed.Value.AsSpan(i * WordsPerNeuron, WordsPerNeuron);

    /// <summary>Pattern μ as a new <see cref="SpinVector"/>.</summary>
    public SpinVector Pattern(int mu)
    {
        if ((uint)mu >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(mu), $"pattern index {mu} is outside [0, {Count}).");
        return SpinVector.FromWords(Length, PatternWords(mu));
    }

    /// <summary>All patterns as a P × N matrix of −1/+1 bytes.</summary>
    public sbyte[,] ToSbytes()
    {
        var m = new sbyte[Count, Length];
        for (int mu = 0; mu < Count; mu++)
            for (int i = 0; i < Length; i++) m[mu, i] = (sbyte)this[mu, i];
        return m;
    }

    /// <summary>All patterns as a P × N matrix of −1.0/+1.0.</summary>
    public double[,] ToDoubles()
    {
        var m = new double[Count, Length];
        for (int mu = 0; mu < Count; mu++)
            for (int i = 0; i < Length; i++) m[mu, i] = this[mu, i];
        return m;
    }

    /// <summary>Overlap matrix C_μν = (1/N) ξ^μ·ξ^ν (P × P).</summary>
    public double[,] OverlapMatrix()
    {
        var c = new double[Count, Count];
        for (int a = 0; a < Count; a++)
        {
            c[a, a] = 1;
            for (int b = a + 1; b < Count; b++)
                c[a, b] = c[b, a] = (double)(Length - 2 * BitKernels.XorPopCount(PatternWords(a), PatternWords(b))) / Length;
        }
        return c;
    }

    /// <summary>P random patterns of N neurons, Prob[ξ_i^μ = ±1] = 1/2 independently.</summary>
    /// <exception cref="ArgumentException">P ≤ 0 or N ≤ 0.</exception>
    public static PatternSet Random(int count, int length, Random random)
    {
        Check(count, length);
        ArgumentNullException.ThrowIfNull(random);
        int wpp = SpinVector.WordCount(length);
        var rows = new ulong[(long)count * wpp];
        random.NextBytes(MemoryMarshal.AsBytes(rows.AsSpan()));
        ClearPadding(rows, count, length);
        return new PatternSet(count, length, rows);
    }

    /// <summary>Patterns given as spin vectors of equal length (copied).</summary>
    public static PatternSet FromVectors(IReadOnlyList<SpinVector> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (patterns.Count == 0) throw new ArgumentException("at least one pattern is needed; got P = 0.", nameof(patterns));
        int n = patterns[0].Length, wpp = SpinVector.WordCount(n);
        var rows = new ulong[(long)patterns.Count * wpp];
        for (int mu = 0; mu < patterns.Count; mu++)
        {
            if (patterns[mu].Length != n) throw new ArgumentException($"pattern {mu} has {patterns[mu].Length} neurons, pattern 0 has {n}.", nameof(patterns));
            patterns[mu].Words.CopyTo(rows.AsSpan(mu * wpp, wpp));
        }
        return new PatternSet(patterns.Count, n, rows);
    }

    /// <summary>Patterns from a P × N matrix of ±1 (negative ⇒ −1, otherwise +1).</summary>
    public static PatternSet FromSigns(sbyte[,] patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        int p = patterns.GetLength(0), n = patterns.GetLength(1);
        Check(p, n);
        int wpp = SpinVector.WordCount(n);
        var rows = new ulong[(long)p * wpp];
        for (int mu = 0; mu < p; mu++)
            for (int i = 0; i < n; i++)
                if (patterns[mu, i] < 0) rows[mu * wpp + (i >> 6)] |= 1UL << (i & 63);
        return new PatternSet(p, n, rows);
    }

    /// <summary>Patterns from a P × N matrix of reals, packed as sgn (sgn(0) = +1); NaN is rejected.</summary>
    public static PatternSet FromSigns(double[,] patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        int p = patterns.GetLength(0), n = patterns.GetLength(1);
        Check(p, n);
        int wpp = SpinVector.WordCount(n);
        var rows = new ulong[(long)p * wpp];
        for (int mu = 0; mu < p; mu++)
            for (int i = 0; i < n; i++)
            {
                double v = patterns[mu, i];
                if (double.IsNaN(v)) throw new ArgumentException($"patterns[{mu}, {i}] is NaN; a spin needs a sign.", nameof(patterns));
                if (v < 0) rows[mu * wpp + (i >> 6)] |= 1UL << (i & 63);
            }
        return new PatternSet(p, n, rows);
    }

    /// <summary>A new set holding the patterns of this one followed by those of <paramref name="other"/> (same N).</summary>
    public PatternSet Concat(PatternSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Length != Length) throw new ArgumentException($"pattern sets have N = {Length} and N = {other.Length}; they must match.", nameof(other));
        var all = new ulong[rows.LongLength + other.rows.LongLength];
        rows.CopyTo(all, 0);
        other.rows.CopyTo(all, rows.LongLength);
        return new PatternSet(Count + other.Count, Length, all);
    }

    /// <summary>The first <paramref name="count"/> patterns (1 ≤ count ≤ P).</summary>
    public PatternSet Take(int count)
    {
        if (count <= 0 || count > Count) throw new ArgumentException($"can take 1 to {Count} patterns; asked for {count}.", nameof(count));
        return new PatternSet(count, Length, rows.AsSpan(0, count * WordsPerPattern).ToArray());
    }

    internal ulong[] RawRows => rows;
    internal ulong[] RawTransposed => transposed.Value;

    static void Check(int count, int length)
    {
        if (count <= 0) throw new ArgumentException($"the number of patterns P must be > 0; got P = {count}.", "count");
        if (length <= 0) throw new ArgumentException($"the number of neurons N must be > 0; got N = {length}.", "length");
    }

    static void ClearPadding(ulong[] rows, int count, int length)
    {
        int r = length & 63;
        if (r == 0) return;
        int wpp = SpinVector.WordCount(length);
        ulong mask = (1UL << r) - 1;
        for (int mu = 0; mu < count; mu++) rows[(long)mu * wpp + wpp - 1] &= mask;
    }

    ulong[] Transpose()
    {
        int wpn = WordsPerNeuron, wpp = WordsPerPattern;
        var t = new ulong[(long)Length * wpn];
        // 64 × 64 bit blocks: block (pattern word b, neuron word w) gathers rows 64b … 64b+63, word w,
        // is transposed in registers and scattered to neurons 64w … 64w+63, word b. Eight neuron words
        // at a time, so that every cache line read from the rows is used whole and the 512 neuron rows
        // written stay in cache while b advances.
        const int Group = 8;
        int groups = (wpp + Group - 1) / Group;
        Parallel.For(0, groups, () => new ulong[64], (g, _, a) =>
        {
            int w0 = g * Group, w1 = Math.Min(wpp, w0 + Group);
            for (int block = 0; block < wpn; block++)
            {
                int mu0 = block * 64, rowsHere = Math.Min(64, Count - mu0);
                for (int w = w0; w < w1; w++)
                {
                    for (int k = 0; k < 64; k++) a[k] = k < rowsHere ? rows[(long)(mu0 + k) * wpp + w] : 0;
                    BitKernels.Transpose64(a);
                    int neurons = Math.Min(64, Length - w * 64);
                    for (int j = 0; j < neurons; j++) t[(long)(w * 64 + j) * wpn + block] = a[j];
                }
            }
            return a;
        }, _ => { });
        return t;
    }
}
