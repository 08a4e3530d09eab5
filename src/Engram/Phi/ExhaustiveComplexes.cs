using Engram.Numerics;

namespace Engram.Phi;

/// <summary>
/// Φ^MIP of every subset of ≥ 2 channels, then the complexes: S is a complex when Φ^MIP(S) exceeds the largest
/// Φ^MIP over its strict supersets, found for all S at once by a pass over the subset lattice from the top
/// (sup(S) = max over j ∉ S of max(Φ(S ∪ j), sup(S ∪ j))). For MI1, MI and SI the MIPs come from one table of
/// single-part terms over all 2^N subsets; for Φ* and Φ_G each subset's statistics are restricted and searched
/// exhaustively. Subsets are processed in parallel, each independently, so the result does not depend on threads.
/// </summary>
static class ExhaustiveComplexes
{
    public static ComplexResult Search(GaussianPhi phi, ComplexSettings settings, IProgress<WorkProgress>? progress, CancellationToken cancellation)
    {
        int n = phi.Channels;
        double count = ComplexSearch.ExhaustiveEvaluations(n);
        long limit = settings.Mip.ExhaustiveLimit(phi);
        if (count > limit || n > PartTermTable.MaxChannels)
            throw new ArgumentException($"an exhaustive complex search over {n} channels needs {count:G4} Φ evaluations (limit {limit:G4}); " +
                                        "use the hierarchical complex search instead.");
        long size = 1L << n;
        var phis = new double[size];
        var mipParts = new ulong[size];
        PartTermTable? table = phi.SplitsIntoParts ? PartTermTable.Build(phi, cancellation) : null;
        long done = 0;
        const long chunk = 256;
        Parallel.For(0, (size + chunk - 1) / chunk, new ParallelOptions { CancellationToken = cancellation }, c =>
        {
            for (long s = c * chunk; s < Math.Min(size, (c + 1) * chunk); s++)
            {
                ulong set = (ulong)s;
                if (System.Numerics.BitOperations.PopCount(set) < 2) continue;
                (phis[s], mipParts[s]) = table is not null ? TableMip(phi, table, set) : DirectMip(phi, set);
            }
            long total = Interlocked.Add(ref done, chunk);
            progress?.Report(new WorkProgress("exhaustive complexes", Math.Min(total, size), size));
        });
        // sup[S]: the largest Φ^MIP over strict supersets of S.
        var sup = new double[size];
        ulong all = (ulong)size - 1;
        sup[all] = double.NegativeInfinity;
        for (long s = size - 2; s >= 0; s--)
        {
            double m = double.NegativeInfinity;
            for (ulong rest = all & ~(ulong)s; rest != 0; rest &= rest - 1)
            {
                ulong up = (ulong)s | (rest & (ulong)-(long)rest);
                m = Math.Max(m, Math.Max(phis[up], sup[up]));
            }
            sup[s] = m;
        }
        var complexes = new List<(int[] Channels, double Phi, int[] MipPart)>();
        for (long s = 0; s < size; s++)
            if (System.Numerics.BitOperations.PopCount((ulong)s) >= 2 && phis[s] > sup[s])
                complexes.Add((SubMatrix.Members((ulong)s), phis[s], SubMatrix.Members(mipParts[s])));
        return new ComplexResult(ComplexSearch.Finish(complexes), size - n - 1, (long)count, ComplexSearchKind.Exhaustive);
    }

    /// <summary>Φ^MIP of <paramref name="set"/> (unnormalised) and the MIP part holding its lowest channel, by table look-ups.</summary>
    static (double Phi, ulong Part) TableMip(GaussianPhi phi, PartTermTable table, ulong set)
    {
        ulong low = set & (ulong)-(long)set, rest = set ^ low;
        double best = double.PositiveInfinity;
        ulong bestPart = low;
        // Sub-masks of rest in decreasing order; the part holding the lowest channel is low | sub, sub ≠ rest.
        for (ulong sub = (rest - 1) & rest; ; sub = (sub - 1) & rest)
        {
            ulong a = low | sub;
            double v = table.Objective(a, set ^ a);
            if (v < best) { best = v; bestPart = a; }
            if (sub == 0) break;
        }
        return (phi.Settings.Normalise ? table.Phi(bestPart, set ^ bestPart) : best, bestPart);
    }

    static (double Phi, ulong Part) DirectMip(GaussianPhi phi, ulong set)
    {
        int[] members = SubMatrix.Members(set);
        var sub = new GaussianPhi(phi.Statistics.Restrict(members), phi.Settings);
        MipResult mip = MinimumInformationPartition.Search(sub, new MipSettings { MaxExhaustiveEvaluations = long.MaxValue });
        ulong part = 0;
        foreach (int i in mip.Partition.Parts[0]) part |= 1UL << members[i];
        return (mip.Phi, part);
    }
}
