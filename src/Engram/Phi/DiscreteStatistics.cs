namespace Engram.Phi;

/// <summary>
/// A series of discrete states, channels × samples with states 0…k−1, from which the discrete Φ measures count
/// probabilities (PhiToolbox's <c>est_p</c>): p(x) over all T samples for MI1, and over the T − τ pairs
/// (past X = x(t), present Y = x(t + τ)) the past, present and joint (past, present) distributions of any set of channels.
/// A set S is encoded as Σ_m x_{S[m]} k^m.
/// </summary>
public sealed class DiscreteStatistics
{
    /// <summary>Largest k^N allowed: Φ* tabulates q(y | x) over observed past × present states of the whole system.</summary>
    public const int MaxStates = 4096;

    readonly int[,] states;

    DiscreteStatistics(int[,] states, int stateCount, int lag)
    {
        this.states = states;
        States = stateCount;
        Lag = lag;
    }

    /// <summary>Number of channels N.</summary>
    public int Channels => states.GetLength(0);

    /// <summary>Number of samples T.</summary>
    public int Samples => states.GetLength(1);

    /// <summary>Number of states k per channel.</summary>
    public int States { get; }

    /// <summary>Lag τ between past and present, in samples.</summary>
    public int Lag { get; }

    /// <summary>
    /// Counts from <paramref name="series"/> (channels × samples). Every value must be a whole number in 0…k−1;
    /// k is <paramref name="states"/> or, when null, the largest value + 1 (at least 2). The system's k^N states must
    /// not exceed <see cref="MaxStates"/>, nor the T − τ (past, present) pairs that estimate them.
    /// </summary>
    /// <exception cref="ArgumentException">A non-integer, negative or too-large state, too few samples, or too many states.</exception>
    public static DiscreteStatistics FromSeries(double[,] series, int lag = 1, int? states = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        int n = series.GetLength(0), t = series.GetLength(1);
        if (n < 1) throw new ArgumentException("the series has no channels.", nameof(series));
        if (lag < 1) throw new ArgumentException($"the lag τ must be ≥ 1; got {lag}.", nameof(lag));
        if (t <= lag) throw new ArgumentException($"the series has {t} samples, not more than the lag τ = {lag}; give channels as rows and samples as columns.", nameof(series));
        var values = new int[n, t];
        int max = 0;
        for (int c = 0; c < n; c++)
            for (int s = 0; s < t; s++)
            {
                double v = series[c, s];
                if (!double.IsFinite(v) || v != Math.Floor(v) || v < 0 || v > int.MaxValue)
                    throw new ArgumentException($"channel {c}, sample {s} holds {v}; discrete data must be whole-number states 0, 1, …, k−1.", nameof(series));
                values[c, s] = (int)v;
                max = Math.Max(max, (int)v);
            }
        int k = states ?? Math.Max(2, max + 1);
        if (k < 2) throw new ArgumentException($"the number of states must be ≥ 2; got {k}.", nameof(states));
        if (max >= k) throw new ArgumentException($"the data hold state {max}, but the number of states is {k} (states 0…{k - 1}).", nameof(series));
        double total = Math.Pow(k, n);
        if (total > MaxStates)
            throw new ArgumentException($"{n} channels with {k} states each make {total:G4} joint states, more than the {MaxStates} the discrete measures tabulate; use fewer channels or states, or the Gaussian measures.", nameof(series));
        if (t - lag < total)
            throw new ArgumentException($"{t - lag} (past, present) pairs cannot estimate the distribution over {total:G4} joint states ({n} channels, {k} states); use a longer series, fewer channels or fewer states.", nameof(series));
        return new DiscreteStatistics(values, k, lag);
    }

    /// <summary>H(X_S) in nats over all T samples (PhiToolbox's MI1 distribution).</summary>
    public double Entropy(ReadOnlySpan<int> set) => EntropyOf(Codes(set, 0, Samples));

    /// <summary>Entropies of the past H(X_S), the present H(Y_S) and the joint H(X_S, Y_S) over the T − τ pairs.</summary>
    public (double Past, double Present, double Joint) PairEntropies(ReadOnlySpan<int> set)
    {
        int pairs = Samples - Lag;
        long[] past = Codes(set, 0, pairs), present = Codes(set, Lag, pairs);
        long size = (long)Math.Pow(States, set.Length);
        var joint = new long[pairs];
        for (int i = 0; i < pairs; i++) joint[i] = present[i] * size + past[i];
        return (EntropyOf(past), EntropyOf(present), EntropyOf(joint));
    }

    /// <summary>Codes of set S for samples start … start + count − 1.</summary>
    internal long[] Codes(ReadOnlySpan<int> set, int start, int count)
    {
        var codes = new long[count];
        long weight = 1;
        foreach (int c in set)
        {
            for (int i = 0; i < count; i++) codes[i] += weight * states[c, start + i];
            weight *= States;
        }
        return codes;
    }

    /// <summary>Empirical probabilities of each distinct code, in ascending code order.</summary>
    internal static (long[] Codes, double[] Probabilities) Distribution(long[] codes)
    {
        long[] sorted = [.. codes];
        Array.Sort(sorted);
        var keys = new List<long>();
        var probabilities = new List<double>();
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j < sorted.Length && sorted[j] == sorted[i]) j++;
            keys.Add(sorted[i]);
            probabilities.Add((double)(j - i) / sorted.Length);
            i = j;
        }
        return ([.. keys], [.. probabilities]);
    }

    /// <summary>Plug-in entropy −Σ p log p of the codes' empirical distribution.</summary>
    static double EntropyOf(long[] codes)
    {
        double h = 0;
        foreach (double p in Distribution(codes).Probabilities) h -= p * Math.Log(p);
        return h;
    }
}
