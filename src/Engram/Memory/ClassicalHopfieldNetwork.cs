using Engram.Numerics;

namespace Engram.Memory;

/// <summary>
/// Classical Hopfield network (Amari 1977; Hopfield 1982) of N binary neurons with Hebbian couplings
/// J_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ, J_ii = 0, never stored as an N × N matrix.
/// <para>Local field: h = Ξᵀ(Ξx)/N − (P/N)x, with Ξ the P × N pattern matrix. On bit-packed ±1 data
/// Ξx is P XOR-popcounts of N bits (P·N/64 word operations); the second product
/// Σ_μ ξ_i^μ (Ξx)_μ = M − 2 Σ_{μ: ξ_i^μ = −1} (Ξx)_μ with M = Σ_μ (Ξx)_μ is a masked sum over the
/// transposed pattern bits of neuron i (vectorised; P·N/16 masked adds). Everything is integer,
/// hence exact: N·h_i is an integer and sgn(h_i) has no rounding.</para>
/// <para>Energy: H(x) = −½ Σ_{i≠j} J_ij x_i x_j = −(Σ_μ (ξ^μ·x)² − P·N) / (2N).</para>
/// <para>Dynamics: x_i ← sgn(h_i), sgn(0) = +1, all at once (synchronous) or one at a time in a random
/// order (asynchronous, which never increases H). Asynchronous updates keep the dots d_μ = ξ^μ·x up to
/// date incrementally: flipping neuron i changes every d_μ by 2 x_i' ξ_i^μ.</para>
/// Limits: N·P ≤ 2³⁵ (the vector accumulators are 32-bit).
/// </summary>
public sealed class ClassicalHopfieldNetwork : IEnergyModel
{
    const int ParallelThreshold = 1 << 18; // P·N below which one thread is faster

    /// <summary>Stores <paramref name="patterns"/> by Hebbian learning.</summary>
    /// <exception cref="ArgumentException">N·P too large for the 32-bit accumulators.</exception>
    public ClassicalHopfieldNetwork(PatternSet patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if ((long)patterns.Count * patterns.Length > 1L << 35)
            throw new ArgumentException($"N·P = {(long)patterns.Count * patterns.Length} exceeds 2^35, the limit of the 32-bit field accumulators.", nameof(patterns));
        Patterns = patterns;
    }

    /// <summary>Which inner loop computes Σ_μ ξ_i^μ d_μ in synchronous steps (for benchmarks).</summary>
    internal FieldKernel Kernel { get; set; } = FieldKernel.Interleaved;

    /// <summary>The stored patterns.</summary>
    public PatternSet Patterns { get; }

    /// <summary>Number of neurons N.</summary>
    public int Size => Patterns.Length;

    /// <summary>Number of stored patterns P.</summary>
    public int PatternCount => Patterns.Count;

    /// <summary>Loading α = P / N.</summary>
    public double Load => (double)PatternCount / Size;

    /// <inheritdoc/>
    int IEnergyModel.Dimension => Size;

    /// <summary>
    /// Whether large networks may use several threads per step (default true). Set false when many
    /// networks run in parallel already (e.g. the trials of a capacity sweep).
    /// </summary>
    public bool UseParallelism { get; init; } = true;

    bool UseThreads => UseParallelism && (long)PatternCount * Size >= ParallelThreshold;

    /// <summary>A buffer for <see cref="Dots(SpinVector, Span{int})"/>: 64·⌈P/64⌉ ints (the padding must stay zero).</summary>
    public int[] NewDotsBuffer() => new int[64 * Patterns.WordsPerNeuron];

    /// <summary>d_μ = ξ^μ·x for every pattern, written into the first P entries of <paramref name="dots"/>.</summary>
    public void Dots(SpinVector x, Span<int> dots)
    {
        CheckState(x);
        if (dots.Length < PatternCount) throw new ArgumentException($"dots has length {dots.Length}, expected at least P = {PatternCount}.", nameof(dots));
        ulong[] xs = x.RawWords, rows = Patterns.RawRows;
        int wpp = Patterns.WordsPerPattern, n = Size;
        if (!UseThreads)
        {
            for (int mu = 0; mu < PatternCount; mu++)
                dots[mu] = n - 2 * BitKernels.XorPopCount(rows.AsSpan(mu * wpp, wpp), xs);
            return;
        }
        int[] result = new int[PatternCount];
        Parallel.For(0, Environment.ProcessorCount, chunk =>
        {
            (int lo, int hi) = Chunk(PatternCount, chunk);
            for (int mu = lo; mu < hi; mu++)
                result[mu] = n - 2 * BitKernels.XorPopCount(rows.AsSpan((int)((long)mu * wpp), wpp), xs);
        });
        result.CopyTo(dots);
    }

    /// <summary>Overlaps m_μ = (1/N) ξ^μ·x with every stored pattern.</summary>
    public double[] Overlaps(SpinVector x)
    {
        int[] dots = NewDotsBuffer();
        Dots(x, dots);
        var m = new double[PatternCount];
        for (int mu = 0; mu < PatternCount; mu++) m[mu] = (double)dots[mu] / Size;
        return m;
    }

    /// <summary>
    /// Scaled local fields N·h_i = Σ_μ ξ_i^μ (ξ^μ·x) − P·x_i (exact integers), written into <paramref name="fields"/> (length N).
    /// </summary>
    public void ScaledFields(SpinVector x, Span<long> fields)
    {
        CheckState(x);
        if (fields.Length != Size) throw new ArgumentException($"fields has length {fields.Length}, expected N = {Size}.", nameof(fields));
        int[] dots = NewDotsBuffer();
        Dots(x, dots);
        long total = 0;
        for (int mu = 0; mu < PatternCount; mu++) total += dots[mu];
        ulong[] t = Patterns.RawTransposed;
        int wpn = Patterns.WordsPerNeuron, p = PatternCount;
        for (int i = 0; i < Size; i++)
            fields[i] = total - 2 * BitKernels.MaskedSum(t.AsSpan(i * wpn, wpn), dots) - (long)p * x[i];
    }

    /// <summary>Local fields h_i = Σ_{j≠i} J_ij x_j (float64).</summary>
    public double[] LocalFields(SpinVector x)
    {
        var scaled = new long[Size];
        ScaledFields(x, scaled);
        var h = new double[Size];
        for (int i = 0; i < Size; i++) h[i] = (double)scaled[i] / Size;
        return h;
    }

    /// <summary>Energy H(x) = −½ Σ_{i≠j} J_ij x_i x_j.</summary>
    public double Energy(SpinVector x)
    {
        int[] dots = NewDotsBuffer();
        Dots(x, dots);
        return EnergyFromDots(dots);
    }

    /// <inheritdoc/>
    public double Energy(ReadOnlySpan<double> state) => Energy(SpinVector.FromSigns(state));

    double EnergyFromDots(ReadOnlySpan<int> dots)
    {
        long sum = 0;
        for (int mu = 0; mu < PatternCount; mu++) sum += (long)dots[mu] * dots[mu];
        return -(sum - (double)PatternCount * Size) / (2.0 * Size);
    }

    /// <summary>One synchronous update x' = sgn(h(x)) of all neurons; returns the new state.</summary>
    public SpinVector SynchronousStep(SpinVector x)
    {
        var next = new SpinVector(Size);
        SynchronousStep(x, next);
        return next;
    }

    /// <summary>
    /// One synchronous update written into <paramref name="next"/> (must not be <paramref name="x"/>); returns the number of neurons changed.
    /// </summary>
    public int SynchronousStep(SpinVector x, SpinVector next)
    {
        int[] dots = NewDotsBuffer();
        Dots(x, dots);
        return SynchronousFromDots(x, next, dots, temperature: 0, random: null);
    }

    int SynchronousFromDots(SpinVector x, SpinVector next, int[] dots, double temperature, Random? random)
    {
        CheckState(next);
        if (ReferenceEquals(x, next)) throw new ArgumentException("next must be a different vector from x.", nameof(next));
        long total = Sum(dots);
        int[]? table = null, interleaved = null;
        bool wide = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;
        if (Kernel == FieldKernel.ByteTable)
        {
            table = new int[dots.Length * 32];
            BitKernels.BuildByteTables(dots, table);
        }
        else if (Kernel == FieldKernel.Interleaved && (wide || System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated))
        {
            interleaved = new int[dots.Length];
            BitKernels.Interleave(dots, interleaved, wide ? 16 : 8);
        }
        ulong[] t = Patterns.RawTransposed, xs = x.RawWords, ns = next.RawWords;
        int wpn = Patterns.WordsPerNeuron, p = PatternCount, n = Size, words = xs.Length;
        // Thermal noise: one uniform per neuron, drawn up front so that the result does not depend on threading.
        double[]? u = null;
        if (temperature > 0)
        {
            u = new double[n];
            for (int i = 0; i < n; i++) u[i] = random!.NextDouble();
        }
        // Optimised at once, like the kernels it calls (BitKernels.MaskedSumInterleaved512): a step calls it N/64 times.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        int Block(int w)
        {
            int i0 = w * 64, i1 = Math.Min(n, i0 + 64), changed = 0;
            ulong word = 0, old = xs[w];
            for (int i = i0; i < i1; i++)
            {
                int xi = ((old >> (i - i0)) & 1UL) != 0 ? -1 : 1;
                long masked = interleaved is not null
                        ? wide ? BitKernels.MaskedSumInterleaved512(t.AsSpan(i * wpn, wpn), interleaved) : BitKernels.MaskedSumInterleaved256(t.AsSpan(i * wpn, wpn), interleaved)
                    : table is null ? BitKernels.MaskedSum(t.AsSpan(i * wpn, wpn), dots) : BitKernels.TableSum(t.AsSpan(i * wpn, wpn), table);
                long nh = total - 2 * masked - (long)p * xi;
                bool negative = u is null ? nh < 0 : u[i] >= 1.0 / (1.0 + Math.Exp(-2.0 * nh / ((double)n * temperature)));
                if (negative) word |= 1UL << (i - i0);
            }
            ns[w] = word;
            changed += System.Numerics.BitOperations.PopCount(word ^ old);
            return changed;
        }
        if (!UseThreads)
        {
            int flips = 0;
            for (int w = 0; w < words; w++) flips += Block(w);
            return flips;
        }
        int total2 = 0;
        Parallel.For(0, Environment.ProcessorCount * 4, () => 0, (chunk, _, local) =>
        {
            (int lo, int hi) = Chunk(words, chunk, Environment.ProcessorCount * 4);
            for (int w = lo; w < hi; w++) local += Block(w);
            return local;
        }, local => Interlocked.Add(ref total2, local));
        return total2;
    }

    /// <summary>
    /// One asynchronous sweep in place: every neuron once, in a random order drawn from
    /// <paramref name="random"/>, each updated from the current state. Returns the number of flips.
    /// Never increases <see cref="Energy(SpinVector)"/>.
    /// </summary>
    public int AsynchronousSweep(SpinVector x, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int[] dots = NewDotsBuffer();
        Dots(x, dots);
        int[] order = Permutation(Size, random);
        long total = Sum(dots);
        int flips = 0;
        for (int k = 0; k < Size; k++) if (UpdateNeuron(x, order[k], dots, ref total, 0, null)) flips++;
        return flips;
    }

    /// <summary>
    /// Updates neuron <paramref name="i"/> of <paramref name="x"/> in place from the current dots
    /// (<paramref name="dots"/>[μ] = ξ^μ·x, kept up to date); returns whether it flipped.
    /// </summary>
    bool UpdateNeuron(SpinVector x, int i, int[] dots, ref long total, double temperature, Random? random)
    {
        int wpn = Patterns.WordsPerNeuron;
        ReadOnlySpan<ulong> bits = Patterns.RawTransposed.AsSpan(i * wpn, wpn);
        int xi = x[i];
        long nh = total - 2 * BitKernels.MaskedSum(bits, dots) - (long)PatternCount * xi;
        int target = temperature > 0
            ? (random!.NextDouble() < 1.0 / (1.0 + Math.Exp(-2.0 * nh / ((double)Size * temperature))) ? 1 : -1)
            : (nh >= 0 ? 1 : -1);
        if (target == xi) return false;
        x.Flip(i);
        BitKernels.AddSigned(bits, dots, 2 * target);
        // Σ_μ d_μ changes by 2·x_i'·Σ_μ ξ_i^μ = 2·x_i'·(P − 2·#{μ: ξ_i^μ = −1}).
        int negatives = 0;
        foreach (ulong w in bits) negatives += System.Numerics.BitOperations.PopCount(w);
        total += 2L * target * (PatternCount - 2 * negatives);
        return true;
    }

    long Sum(ReadOnlySpan<int> dots)
    {
        long total = 0;
        for (int mu = 0; mu < PatternCount; mu++) total += dots[mu];
        return total;
    }

    /// <summary>
    /// Runs the dynamics from <paramref name="start"/> (not modified) and records overlaps and energy
    /// over time. <paramref name="observe"/>, if given, sees the state at every record (do not keep it; clone it).
    /// </summary>
    /// <exception cref="ArgumentException">Bad settings or a state of the wrong length.</exception>
    public RetrievalTrajectory Retrieve(SpinVector start, RetrievalSettings? settings = null, Action<double, SpinVector>? observe = null)
    {
        settings ??= new RetrievalSettings();
        CheckState(start);
        if (settings.MaxSteps < 0) throw new ArgumentException($"MaxSteps must be ≥ 0; got {settings.MaxSteps}.", nameof(settings));
        if (!(settings.Temperature >= 0) || double.IsInfinity(settings.Temperature))
            throw new ArgumentException($"Temperature must be a finite number ≥ 0; got {settings.Temperature}.", nameof(settings));
        if (settings.RecordEvery < 0) throw new ArgumentException($"RecordEvery must be ≥ 0; got {settings.RecordEvery}.", nameof(settings));
        int[] tracked = settings.TrackedPatterns?.ToArray() ?? Enumerable.Range(0, PatternCount).ToArray();
        foreach (int mu in tracked)
            if ((uint)mu >= (uint)PatternCount) throw new ArgumentException($"tracked pattern {mu} is outside [0, {PatternCount}).", nameof(settings));

        var random = Seeding.Create(settings.Seed);
        double temperature = settings.Temperature;
        bool stop = settings.StopAtFixedPoint && temperature == 0;
        var times = new List<double>();
        var overlaps = new List<double[]>();
        var energies = new List<double>();
        var states = settings.RecordStates ? new List<SpinVector>() : null;
        var flipsPerStep = new List<int>();
        int[] dots = NewDotsBuffer();
        var x = start.Clone();
        Dots(x, dots);

        void Record(double time)
        {
            times.Add(time);
            var row = new double[tracked.Length];
            for (int k = 0; k < tracked.Length; k++) row[k] = (double)dots[tracked[k]] / Size;
            overlaps.Add(row);
            energies.Add(EnergyFromDots(dots));
            states?.Add(x.Clone());
            observe?.Invoke(time, x);
        }

        Record(0);
        bool converged = false, cycle = false;
        int steps = 0;
        if (settings.Mode == UpdateMode.Synchronous)
        {
            SpinVector? previous = null; // x(t−1)
            while (steps < settings.MaxSteps)
            {
                var next = new SpinVector(Size);
                int flips = SynchronousFromDots(x, next, dots, temperature, random);
                steps++;
                flipsPerStep.Add(flips);
                SpinVector? beforePrevious = previous;
                previous = x;
                x = next;
                Dots(x, dots);
                Record(steps);
                if (stop && flips == 0) { converged = true; break; }
                if (stop && beforePrevious is not null && x.Equals(beforePrevious)) { cycle = true; break; }
            }
        }
        else
        {
            int n = Size;
            int every = settings.RecordEvery == 0 ? n : settings.RecordEvery;
            long updates = 0, total = Sum(dots);
            while (steps < settings.MaxSteps)
            {
                int[] order = Permutation(n, random);
                int flips = 0;
                for (int k = 0; k < n; k++)
                {
                    if (UpdateNeuron(x, order[k], dots, ref total, temperature, random)) flips++;
                    updates++;
                    if (updates % every == 0 && k != n - 1) Record((double)updates / n);
                }
                steps++;
                flipsPerStep.Add(flips);
                Record(steps);
                if (stop && flips == 0) { converged = true; break; }
            }
        }
        return new RetrievalTrajectory(x, steps, converged, cycle, times.ToArray(), overlaps.ToArray(), energies.ToArray(),
            tracked, states, flipsPerStep.ToArray());
    }

    static int[] Permutation(int n, Random random)
    {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        random.Shuffle(order);
        return order;
    }

    static (int Lo, int Hi) Chunk(int count, int chunk, int chunks = 0)
    {
        if (chunks == 0) chunks = Environment.ProcessorCount;
        long lo = (long)count * chunk / chunks, hi = (long)count * (chunk + 1) / chunks;
        return ((int)lo, (int)hi);
    }

    void CheckState(SpinVector x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length != Size) throw new ArgumentException($"the state has {x.Length} neurons, but the network has N = {Size}.", nameof(x));
    }
}

/// <summary>Inner loops for the second product of the local field.</summary>
enum FieldKernel
{
    /// <summary>Vectorised masked sums over the transposed pattern bits (P·N/16 masked adds).</summary>
    MaskedSum,

    /// <summary>One broadcast per word over values interleaved for it (AVX-512: P·N/16 masked adds; AVX2: P·N/8 adds of masked loads).</summary>
    Interleaved,

    /// <summary>Byte lookup tables of partial sums, rebuilt every step (P·N/8 scalar loads).</summary>
    ByteTable,
}
