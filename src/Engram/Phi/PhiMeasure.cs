namespace Engram.Phi;

/// <summary>
/// Measures of integrated information for a partition of the channels (PhiToolbox's names in brackets), all in nats.
/// With entropies of Gaussians H(Σ) = ½ log det(2πe Σ) and parts P₁…P_K:
/// </summary>
public enum PhiMeasure
{
    /// <summary>Multi-information of the present [MI1]: Σₖ H(X_{Pₖ}) − H(X).</summary>
    Mi1,
    /// <summary>Mutual information between past and present, whole minus parts [MI]: Σₖ H(X_{Pₖ}, Y_{Pₖ}) − H(X, Y) (Tononi 2011).</summary>
    Mi,
    /// <summary>Stochastic interaction [SI]: Σₖ H(Y_{Pₖ} | X_{Pₖ}) − H(Y | X) (Ay 2001; Barrett &amp; Seth 2011).</summary>
    Si,
    /// <summary>Φ* by mismatched decoding [star]: I(X; Y) − max_β Ĩ(β) (Oizumi et al. 2016, PLoS Comput Biol 12:e1004654).</summary>
    Star,
    /// <summary>Geometric Φ_G [Geo]: min over disconnected models of the KL divergence to the full model (Oizumi, Tsuchiya &amp; Amari 2016, PNAS 113:14817).</summary>
    Geo,
}

/// <summary>How a Φ measure is evaluated.</summary>
public sealed record PhiSettings
{
    /// <summary>Which measure; MI1 by default (PhiToolbox's fastest, exact under Queyranne's algorithm).</summary>
    public PhiMeasure Measure { get; init; } = PhiMeasure.Mi1;

    /// <summary>
    /// Divide Φ by (K − 1) min_k H(X_{Pₖ}) as PhiToolbox's <c>normalization = 1</c> does (Balduzzi &amp; Tononi 2008); the
    /// MIP is then the partition with the smallest normalised Φ. Off by default.
    /// </summary>
    public bool Normalise { get; init; }

    /// <summary>Relative tolerance at which the Φ_G iteration stops (change of Φ_G between sweeps). 1e-12 by default.</summary>
    public double GeometricTolerance { get; init; } = 1e-12;

    /// <summary>Most majorise–minimise sweeps for Φ_G. 100 000 by default.</summary>
    public int GeometricMaxIterations { get; init; } = 100_000;
}

/// <summary>Φ of one partition.</summary>
/// <param name="Phi">Φ in nats, not normalised.</param>
/// <param name="Normalised">Φ / ((K − 1) min_k H(X_{Pₖ})) when normalisation was asked for; otherwise null.</param>
public readonly record struct PhiValue(double Phi, double? Normalised)
{
    /// <summary>The value a minimum-information-partition search minimises: the normalised Φ when present, else Φ.</summary>
    public double Objective => Normalised ?? Phi;
}
