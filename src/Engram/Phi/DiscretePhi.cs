namespace Engram.Phi;

/// <summary>
/// Φ of partitions of one discrete system (PhiToolbox's <c>phi_dis</c>, <c>phi_I_dis</c>), in nats, from plug-in
/// (counted) probabilities. With parts P₁…P_K, X the past, Y the present (lag τ) and H the plug-in entropy:
/// MI1 = Σₖ H(X_{Pₖ}) − H(X) over all samples; MI = I(X; Y) − Σₖ I(X_{Pₖ}; Y_{Pₖ});
/// SI = Σₖ H(Y_{Pₖ} | X_{Pₖ}) − H(Y | X); Φ* = I(X; Y) − max_{β ≥ 0} Ĩ(β) (<see cref="DiscreteMismatchedDecoding"/>).
/// Φ_G and normalisation are Gaussian only (as in PhiToolbox).
/// </summary>
public sealed class DiscretePhi
{
    readonly Dictionary<ulong, double> terms = [];
    readonly double wholeTerm;

    /// <summary>Prepares the evaluator.</summary>
    /// <exception cref="ArgumentException">Φ_G or normalisation asked for.</exception>
    public DiscretePhi(DiscreteStatistics statistics, PhiSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        Statistics = statistics;
        Settings = settings ?? new PhiSettings();
        if (Settings.Measure == PhiMeasure.Geo)
            throw new ArgumentException("geometric Φ_G is defined here for Gaussian statistics only; choose MI1, MI, SI or Φ* for discrete data.", nameof(settings));
        if (Settings.Normalise)
            throw new ArgumentException("normalisation is defined for Gaussian statistics only (as in PhiToolbox); drop it for discrete data.", nameof(settings));
        if (statistics.Channels > 63) throw new ArgumentException($"at most 63 channels; got {statistics.Channels}.", nameof(statistics));
        wholeTerm = Term([.. Enumerable.Range(0, Channels)], Settings.Measure == PhiMeasure.Star ? PhiMeasure.Mi : Settings.Measure);
    }

    /// <summary>The statistics evaluated.</summary>
    public DiscreteStatistics Statistics { get; }

    /// <summary>The measure (normalisation is not available).</summary>
    public PhiSettings Settings { get; }

    /// <summary>Number of channels N.</summary>
    public int Channels => Statistics.Channels;

    /// <summary>Φ of <paramref name="partition"/> (never normalised).</summary>
    public PhiValue Evaluate(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        if (partition.Channels != Channels)
            throw new ArgumentException($"the partition covers {partition.Channels} channels but the data have {Channels}.", nameof(partition));
        if (Channels < 2) throw new ArgumentException($"a partition needs at least 2 channels; the system has {Channels}.", nameof(partition));
        return new PhiValue(Phi(partition.Parts), null);
    }

    /// <summary>
    /// The MIP by exhaustive search over the 2^(N−1) − 1 bipartitions (the first in enumeration order on ties); the
    /// state-table limit keeps N small enough for it.
    /// </summary>
    public MipResult SearchMip(CancellationToken cancellation = default)
    {
        int n = Channels;
        if (n < 2) throw new ArgumentException($"a partition needs at least 2 channels; the system has {n}.");
        long count = (1L << (n - 1)) - 1;
        ulong all = (1UL << n) - 1;
        double best = double.PositiveInfinity;
        int[]? bestPart = null;
        for (long k = 1; k <= count; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            ulong b = (ulong)k << 1;
            int[] a = SubMatrix.Members(all ^ b);
            double phi = Phi([a, SubMatrix.Members(b)]);
            if (phi < best) { best = phi; bestPart = a; }
        }
        Partition partition = Partition.Bipartition(n, bestPart!);
        return new MipResult(partition, best, null, count, MipSearchKind.Exhaustive);
    }

    double Phi(IReadOnlyList<int[]> parts)
    {
        if (parts.Count == 1) return 0;
        if (Settings.Measure == PhiMeasure.Star)
        {
            double information = -wholeTerm, partEntropy = 0;
            foreach (int[] part in parts) partEntropy += CachedTerm(part, PhiMeasure.Si);
            return information - DiscreteMismatchedDecoding.MaximiseInformation(Statistics, parts, partEntropy).Information;
        }
        double sum = 0;
        foreach (int[] part in parts) sum += CachedTerm(part, Settings.Measure);
        return sum - wholeTerm;
    }

    double CachedTerm(int[] part, PhiMeasure measure)
    {
        ulong mask = 0;
        foreach (int c in part) mask |= 1UL << c;
        lock (terms)
        {
            if (terms.TryGetValue(mask, out double cached)) return cached;
            double term = Term(part, measure);
            terms[mask] = term;
            return term;
        }
    }

    /// <summary>The single-part term L(S): H(X_S) (MI1), −I(X_S; Y_S) (MI) or H(Y_S | X_S) (SI); Φ = Σₖ L(Pₖ) − L(V).</summary>
    double Term(int[] set, PhiMeasure measure)
    {
        if (measure == PhiMeasure.Mi1) return Statistics.Entropy(set);
        (double past, double present, double joint) = Statistics.PairEntropies(set);
        return measure == PhiMeasure.Mi ? joint - past - present : joint - past;
    }
}
