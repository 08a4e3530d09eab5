namespace Engram.Phi;

/// <summary>
/// The single-part terms L(S) of MI1, MI or SI (and the entropies H(S) that normalise Φ) for every subset S of up to
/// <see cref="MaxChannels"/> channels, indexed by bit mask. With it, Φ of the bipartition (A, B) of A ∪ B is
/// ½ [L(A) + L(B) − L(A ∪ B)]: two look-ups instead of two Cholesky factorisations, shared by every subset's search.
/// </summary>
sealed class PartTermTable
{
    /// <summary>2^24 subsets (128 MiB per table) at most.</summary>
    public const int MaxChannels = 24;

    readonly double[] terms;
    readonly double[]? entropies;

    PartTermTable(double[] terms, double[]? entropies)
    {
        this.terms = terms;
        this.entropies = entropies;
    }

    /// <summary>Fills the tables on all cores (every entry computed independently, so the same bits on any thread count).</summary>
    public static PartTermTable Build(GaussianPhi phi, CancellationToken cancellation)
    {
        int n = phi.Channels;
        long size = 1L << n;
        var terms = new double[size];
        double[]? entropies = phi.Settings.Normalise ? new double[size] : null;
        const long chunk = 1 << 12;
        Parallel.For(0, (size + chunk - 1) / chunk, new ParallelOptions { CancellationToken = cancellation }, c =>
        {
            var scratch = new double[4 * n * n];
            for (long mask = Math.Max(1, c * chunk); mask < Math.Min(size, (c + 1) * chunk); mask++)
            {
                int[] members = SubMatrix.Members((ulong)mask);
                terms[mask] = phi.PartTerm(members, scratch);
                if (entropies is not null) entropies[mask] = phi.Entropy(members, scratch);
            }
        });
        return new PartTermTable(terms, entropies);
    }

    /// <summary>The search objective of the bipartition (a, b) of a ∪ b: Φ, or Φ / min(H(a), H(b)) when normalising.</summary>
    public double Objective(ulong a, ulong b) =>
        entropies is null ? Phi(a, b) : Phi(a, b) / Math.Min(entropies[a], entropies[b]);

    /// <summary>Φ of the bipartition (a, b) of a ∪ b, not normalised.</summary>
    public double Phi(ulong a, ulong b) => 0.5 * (terms[a] + terms[b] - terms[a | b]);
}

/// <summary>The objective of bipartitions of one set of channels, by table look-up or by direct evaluation.</summary>
sealed class BipartitionObjective
{
    readonly PartTermTable? table;
    readonly GaussianPhi phi;

    BipartitionObjective(GaussianPhi phi, PartTermTable? table)
    {
        this.phi = phi;
        this.table = table;
    }

    /// <summary>For bipartitions of all of <paramref name="phi"/>'s channels: a table when the measure splits into parts and N is small enough.</summary>
    public static BipartitionObjective Create(GaussianPhi phi, CancellationToken cancellation) =>
        new(phi, phi.SplitsIntoParts && phi.Channels <= PartTermTable.MaxChannels ? PartTermTable.Build(phi, cancellation) : null);

    /// <summary>Over a table shared by many subsets.</summary>
    public static BipartitionObjective FromTable(GaussianPhi phi, PartTermTable table) => new(phi, table);

    /// <summary>Φ (or normalised Φ) of the bipartition (a, b), masks over the channels.</summary>
    public double Value(ulong a, ulong b) =>
        table?.Objective(a, b) ?? phi.Evaluate([SubMatrix.Members(a), SubMatrix.Members(b)]).Objective;
}
