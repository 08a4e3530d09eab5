using Engram.Numerics;

namespace Engram.Phi;

/// <summary>
/// The minimum information partition (MIP): the bipartition of the channels with the smallest Φ (normalised Φ when
/// asked for); Φ^MIP is its Φ (Oizumi et al. 2016; Kitazono et al. 2018; PhiToolbox's <c>MIP_search</c>).
/// </summary>
public static class MinimumInformationPartition
{
    /// <summary>Searches the MIP of the system evaluated by <paramref name="phi"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 channels, or an exhaustive search beyond the evaluation limit.</exception>
    public static MipResult Search(GaussianPhi phi, MipSettings? settings = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(phi);
        settings ??= new MipSettings();
        int n = phi.Channels;
        if (n < 2) throw new ArgumentException($"a partition needs at least 2 channels; the system has {n}.", nameof(phi));
        (int[] part, long evaluations) = settings.Search switch
        {
            MipSearchKind.Exhaustive => Exhaustive(phi, settings, progress, cancellation),
            MipSearchKind.Queyranne => QueyranneMip.Search(phi, progress, cancellation),
            _ => ReplicaExchangeMip.Search(phi, settings, progress, cancellation),
        };
        Partition partition = Partition.Bipartition(n, part);
        PhiValue value = phi.Evaluate(partition);
        return new MipResult(partition, value.Phi, value.Normalised, evaluations, settings.Search);
    }

    /// <summary>2^(N−1) − 1, the bipartitions of N channels.</summary>
    public static double ExhaustiveEvaluations(int channels) => Math.Pow(2, channels - 1) - 1;

    static (int[] Part, long Evaluations) Exhaustive(GaussianPhi phi, MipSettings settings, IProgress<WorkProgress>? progress, CancellationToken cancellation)
    {
        int n = phi.Channels;
        double count = ExhaustiveEvaluations(n);
        long limit = settings.ExhaustiveLimit(phi);
        if (count > limit)
            throw new ArgumentException($"an exhaustive MIP search over {n} channels needs {count:G4} Φ evaluations (limit {limit:G4}); " +
                                        "use Queyranne's algorithm (exact for MI1 and MI) or REMCMC instead, or the hierarchical complex search.");
        ulong all = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
        var objective = BipartitionObjective.Create(phi, cancellation);
        // Part B (without channel 0) = k << 1 for k = 1 … 2^(N−1) − 1.
        var (_, best) = ParallelMinimum.Find(1, (long)count + 1, k => objective.Value(all ^ ((ulong)k << 1), (ulong)k << 1),
            progress is null ? null : done => progress.Report(new WorkProgress("exhaustive MIP", done, (long)count)), cancellation);
        return (SubMatrix.Members(all ^ ((ulong)best << 1)), (long)count);
    }
}
