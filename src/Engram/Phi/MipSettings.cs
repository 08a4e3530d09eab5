namespace Engram.Phi;

/// <summary>How the minimum information partition is searched for.</summary>
public enum MipSearchKind
{
    /// <summary>Every bipartition: 2^(N−1) − 1 evaluations; exact for every measure.</summary>
    Exhaustive,
    /// <summary>
    /// Queyranne's algorithm (Queyranne 1998, Math. Program. 82:3; Kitazono, Kanai &amp; Oizumi 2018, Entropy 20:173):
    /// (N³ − N)/3 + N − 1 evaluations; exact for symmetric submodular measures (MI1, MI), a heuristic otherwise.
    /// </summary>
    Queyranne,
    /// <summary>Replica-exchange Markov chain Monte Carlo over bipartitions (Kitazono et al. 2018): a heuristic for any measure.</summary>
    Remcmc,
}

/// <summary>Settings of a minimum-information-partition search.</summary>
public sealed record MipSettings
{
    /// <summary>The search; exhaustive by default (PhiToolbox's default).</summary>
    public MipSearchKind Search { get; init; } = MipSearchKind.Exhaustive;

    /// <summary>
    /// Most Φ evaluations an exhaustive search may take before it refuses; null means 2³⁰ for MI1, MI and SI (table
    /// look-ups, seconds) and 2²⁰ for Φ* and Φ_G (each evaluation an optimisation).
    /// </summary>
    public long? MaxExhaustiveEvaluations { get; init; }

    /// <summary>REMCMC: number of replicas (temperatures). 8 by default.</summary>
    public int Replicas { get; init; } = 8;

    /// <summary>REMCMC: sweeps (N single-channel moves per replica, then one round of exchanges). 200 by default.</summary>
    public int Sweeps { get; init; } = 200;

    /// <summary>REMCMC: seed of the chains.</summary>
    public int Seed { get; init; }

    /// <summary>The evaluation limit in force for <paramref name="phi"/>.</summary>
    public long ExhaustiveLimit(GaussianPhi phi) => MaxExhaustiveEvaluations ?? (phi.SplitsIntoParts ? 1L << 30 : 1L << 20);
}

/// <summary>Result of a minimum-information-partition search.</summary>
/// <param name="Partition">The MIP found (a bipartition).</param>
/// <param name="Phi">Φ of that partition, not normalised (Φ^MIP).</param>
/// <param name="NormalisedPhi">Its normalised Φ when normalisation was asked for (what the search minimised).</param>
/// <param name="Evaluations">Φ evaluations the search made.</param>
/// <param name="Search">The search used.</param>
public sealed record MipResult(Partition Partition, double Phi, double? NormalisedPhi, long Evaluations, MipSearchKind Search);
