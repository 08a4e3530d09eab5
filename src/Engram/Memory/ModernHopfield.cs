using Engram.Numerics;

namespace Engram.Memory;

/// <summary>Where the iteration of the modern Hopfield update ended.</summary>
/// <param name="State">The last state z.</param>
/// <param name="Iterations">Updates applied.</param>
/// <param name="Converged">Whether ‖z_{t+1} − z_t‖₂ fell below the tolerance before the cap.</param>
/// <param name="LastStepNorm">‖z_{t+1} − z_t‖₂ of the last update.</param>
/// <param name="Energy">E(z; X) at <paramref name="State"/>.</param>
public sealed record FixedPointResult(double[] State, int Iterations, bool Converged, double LastStepNorm, double Energy);

/// <summary>
/// Modern (continuous) Hopfield network of Ramsauer et al. (2020), "Hopfield Networks is All You Need",
/// in float64 because the effects studied with it are energy differences of 1e-3 to 1e-5.
/// <para>Energy: E(z; X) = −β⁻¹ log Σ_μ exp(β x_μᵀ z) + ½‖z‖² (constants dropped).</para>
/// <para>Update (CCCP, never increases E): z ← Xᵀ softmax(β X z).</para>
/// The stored patterns X (n × d, one pattern per row) are copied, so later changes to the caller's
/// array do not change the network.
/// </summary>
public sealed class ModernHopfield : IEnergyModel
{
    readonly double[] patterns; // row-major n × d

    /// <summary>Stores <paramref name="patterns"/> (rows) with inverse temperature <paramref name="beta"/>.</summary>
    /// <exception cref="ArgumentException">No patterns, β ≤ 0 or not finite, or a non-finite entry.</exception>
    public ModernHopfield(double[,] patterns, double beta)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (patterns.GetLength(0) == 0 || patterns.GetLength(1) == 0)
            throw new ArgumentException($"patterns must be a non-empty n × d matrix; got {patterns.GetLength(0)} × {patterns.GetLength(1)}.", nameof(patterns));
        if (!(beta > 0) || double.IsInfinity(beta))
            throw new ArgumentException($"beta must be a finite number > 0; got {beta}.", nameof(beta));
        Count = patterns.GetLength(0);
        Dimension = patterns.GetLength(1);
        Beta = beta;
        this.patterns = new double[Count * Dimension];
        int k = 0;
        for (int i = 0; i < Count; i++)
            for (int j = 0; j < Dimension; j++)
            {
                double v = patterns[i, j];
                if (!double.IsFinite(v))
                    throw new ArgumentException($"patterns[{i}, {j}] is {v}; every stored pattern entry must be finite.", nameof(patterns));
                this.patterns[k++] = v;
            }
    }

    /// <summary>Number of stored patterns n.</summary>
    public int Count { get; }

    /// <summary>Dimension d of a pattern and of the state.</summary>
    public int Dimension { get; }

    /// <summary>Inverse temperature β.</summary>
    public double Beta { get; }

    /// <summary>Stored pattern μ (a copy).</summary>
    public double[] Pattern(int mu) => patterns.AsSpan(mu * Dimension, Dimension).ToArray();

    /// <summary>A copy of the stored patterns as an n × d matrix.</summary>
    public double[,] Patterns()
    {
        var copy = new double[Count, Dimension];
        for (int i = 0; i < Count; i++)
            for (int j = 0; j < Dimension; j++) copy[i, j] = patterns[i * Dimension + j];
        return copy;
    }

    /// <summary>Similarities sᵤ = β x_μᵀ z, written into <paramref name="scores"/> (length n).</summary>
    public void Scores(ReadOnlySpan<double> z, Span<double> scores)
    {
        CheckState(z);
        for (int mu = 0; mu < Count; mu++)
        {
            ReadOnlySpan<double> x = patterns.AsSpan(mu * Dimension, Dimension);
            double dot = 0;
            for (int j = 0; j < Dimension; j++) dot += x[j] * z[j];
            scores[mu] = Beta * dot;
        }
    }

    /// <summary>E(z; X) = −β⁻¹ log Σ_μ exp(β x_μᵀ z) + ½‖z‖², with a max-shifted log-sum-exp.</summary>
    public double Energy(ReadOnlySpan<double> z)
    {
        Span<double> scores = Count <= 512 ? stackalloc double[Count] : new double[Count];
        Scores(z, scores);
        double norm2 = 0;
        foreach (double v in z) norm2 += v * v;
        return -StableMath.LogSumExp(scores) / Beta + 0.5 * norm2;
    }

    /// <summary>Retrieval probabilities p = softmax(β X z) over the stored patterns.</summary>
    public double[] Probabilities(ReadOnlySpan<double> z)
    {
        var p = new double[Count];
        Scores(z, p);
        StableMath.Softmax(p, p);
        return p;
    }

    /// <summary>One CCCP update z' = Xᵀ softmax(β X z), written into <paramref name="next"/> (length d).</summary>
    public void Update(ReadOnlySpan<double> z, Span<double> next)
    {
        if (next.Length != Dimension) throw new ArgumentException($"next has length {next.Length}, expected {Dimension}.", nameof(next));
        double[] p = Probabilities(z);
        next.Clear();
        for (int mu = 0; mu < Count; mu++)
        {
            ReadOnlySpan<double> x = patterns.AsSpan(mu * Dimension, Dimension);
            double w = p[mu];
            for (int j = 0; j < Dimension; j++) next[j] += w * x[j];
        }
    }

    /// <summary>One update, returned as a new array.</summary>
    public double[] Update(ReadOnlySpan<double> z)
    {
        var next = new double[Dimension];
        Update(z, next);
        return next;
    }

    /// <summary>
    /// Iterates the update from <paramref name="start"/> until ‖z_{t+1} − z_t‖₂ &lt; <paramref name="tolerance"/>
    /// or <paramref name="maxIterations"/> updates; non-convergence is reported, not hidden.
    /// </summary>
    public FixedPointResult FixedPoint(ReadOnlySpan<double> start, double tolerance = 1e-12, int maxIterations = 10_000)
    {
        CheckState(start);
        if (!(tolerance > 0)) throw new ArgumentException($"tolerance must be > 0; got {tolerance}.", nameof(tolerance));
        if (maxIterations <= 0) throw new ArgumentException($"maxIterations must be > 0; got {maxIterations}.", nameof(maxIterations));
        double[] z = start.ToArray(), next = new double[Dimension];
        double step = double.PositiveInfinity;
        int iterations = 0;
        while (iterations < maxIterations)
        {
            Update(z, next);
            iterations++;
            double s2 = 0;
            for (int j = 0; j < Dimension; j++) { double d = next[j] - z[j]; s2 += d * d; }
            step = Math.Sqrt(s2);
            (z, next) = (next, z);
            if (step < tolerance) break;
        }
        return new FixedPointResult(z, iterations, step < tolerance, step, Energy(z));
    }

    /// <summary>Energies of many states (rows of <paramref name="states"/>).</summary>
    public double[] Energies(double[,] states)
    {
        int rows = CheckBatch(states);
        var e = new double[rows];
        var z = new double[Dimension];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < Dimension; j++) z[j] = states[r, j];
            e[r] = Energy(z);
        }
        return e;
    }

    /// <summary>Batch retrieval: <paramref name="steps"/> updates applied to every row of <paramref name="queries"/>.</summary>
    public double[,] Retrieve(double[,] queries, int steps = 1)
    {
        int rows = CheckBatch(queries);
        if (steps <= 0) throw new ArgumentException($"steps must be > 0; got {steps}.", nameof(steps));
        var result = new double[rows, Dimension];
        Parallel.For(0, rows, r =>
        {
            var z = new double[Dimension];
            var next = new double[Dimension];
            for (int j = 0; j < Dimension; j++) z[j] = queries[r, j];
            for (int s = 0; s < steps; s++) { Update(z, next); (z, next) = (next, z); }
            for (int j = 0; j < Dimension; j++) result[r, j] = z[j];
        });
        return result;
    }

    /// <summary>
    /// The fixed point reached from every stored pattern: element k is what <see cref="FixedPoint"/> returns when
    /// started from x_k (same update, same stopping rule). Every iterate lies in the span of the patterns,
    /// z_t = Xᵀa_t with a_0 = e_k and a_{t+1} = softmax(β G a_t), G = XXᵀ, so the iteration runs on the n coefficients
    /// (n² work per update instead of 2nd), and ‖z_{t+1} − z_t‖² = (a_{t+1} − a_t)ᵀ(G a_{t+1} − G a_t) reuses the
    /// product the next update needs. Vectorised (System.Numerics.Vector, including its Exp).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public FixedPointResult[] FixedPointsFromPatterns(double tolerance = 1e-12, int maxIterations = 10_000)
    {
        if (!(tolerance > 0)) throw new ArgumentException($"tolerance must be > 0; got {tolerance}.", nameof(tolerance));
        if (maxIterations <= 0) throw new ArgumentException($"maxIterations must be > 0; got {maxIterations}.", nameof(maxIterations));
        int n = Count, d = Dimension, width = System.Numerics.Vector<double>.Count;
        int padded = (n + width - 1) / width * width; // rows and vectors padded with zeros to whole SIMD vectors
        var gram = new double[n * padded];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
            {
                ReadOnlySpan<double> xi = patterns.AsSpan(i * d, d), xj = patterns.AsSpan(j * d, d);
                double dot = 0;
                for (int t = 0; t < d; t++) dot += xi[t] * xj[t];
                gram[i * padded + j] = gram[j * padded + i] = dot;
            }
        var results = new FixedPointResult[n];
        double[] a = new double[padded], next = new double[padded], g = new double[padded], gNext = new double[padded];
        for (int k = 0; k < n; k++)
        {
            Array.Clear(a);
            a[k] = 1;
            gram.AsSpan(k * padded, padded).CopyTo(g); // G e_k
            double step = double.PositiveInfinity;
            int iterations = 0;
            while (iterations < maxIterations)
            {
                // next = softmax(β g) over the n real entries, with the max shift; padding stays 0.
                double max = double.NegativeInfinity;
                for (int i = 0; i < n; i++) max = Math.Max(max, g[i]);
                var scale = new System.Numerics.Vector<double>(Beta);
                var shift = new System.Numerics.Vector<double>(Beta * max);
                for (int i = 0; i < padded; i += width)
                    System.Numerics.Vector.Exp(new System.Numerics.Vector<double>(g, i) * scale - shift).CopyTo(next, i);
                double sum = 0;
                for (int i = 0; i < n; i++) sum += next[i];
                double inverse = 1 / sum;
                for (int i = 0; i < n; i++) next[i] *= inverse;
                Array.Clear(next, n, padded - n);
                for (int i = 0; i < n; i++)
                {
                    var acc = System.Numerics.Vector<double>.Zero;
                    for (int j = 0; j < padded; j += width)
                        acc += new System.Numerics.Vector<double>(gram, i * padded + j) * new System.Numerics.Vector<double>(next, j);
                    gNext[i] = System.Numerics.Vector.Sum(acc);
                }
                double s2 = 0;
                for (int i = 0; i < n; i++) s2 += (next[i] - a[i]) * (gNext[i] - g[i]);
                step = Math.Sqrt(Math.Max(s2, 0));
                (a, next) = (next, a);
                (g, gNext) = (gNext, g);
                iterations++;
                if (step < tolerance) break;
            }
            var z = new double[d];
            for (int mu = 0; mu < n; mu++)
            {
                ReadOnlySpan<double> x = patterns.AsSpan(mu * d, d);
                double w = a[mu];
                for (int j = 0; j < d; j++) z[j] += w * x[j];
            }
            results[k] = new FixedPointResult(z, iterations, step < tolerance, step, Energy(z));
        }
        return results;
    }

    void CheckState(ReadOnlySpan<double> z)
    {
        if (z.Length != Dimension)
            throw new ArgumentException($"state has length {z.Length}, but the stored patterns have dimension {Dimension}.", nameof(z));
    }

    int CheckBatch(double[,] states)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.GetLength(1) != Dimension)
            throw new ArgumentException($"states have {states.GetLength(1)} columns, but the stored patterns have dimension {Dimension}.", nameof(states));
        return states.GetLength(0);
    }
}
