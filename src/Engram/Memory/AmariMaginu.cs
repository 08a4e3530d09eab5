using Engram.Numerics;

namespace Engram.Memory;

/// <summary>One macroscopic trajectory of the Amari–Maginu theory.</summary>
/// <param name="Alpha">Loading α = P/N.</param>
/// <param name="Overlap">m_t for t = 0 … T.</param>
/// <param name="NoiseVariance">σ_t² for t = 0 … T.</param>
public sealed record MacroscopicTrajectory(double Alpha, double[] Overlap, double[] NoiseVariance);

/// <summary>One point of the Amari–Maginu curve: the overlap m_T reached at load α.</summary>
/// <param name="Alpha">Loading α = P/N (rounded to 6 decimals, as written in results).</param>
/// <param name="Overlap">m_T.</param>
public sealed record TheoryPoint(double Alpha, double Overlap);

/// <summary>
/// Statistical neurodynamics of Amari &amp; Maginu (1988), "Statistical neurodynamics of associative
/// memory", Neural Networks 1, 63–73: the macroscopic state of synchronous retrieval in the Hebbian
/// Hopfield network (J_ii = 0, N → ∞) is the overlap m_t with the target pattern and the variance σ_t²
/// of the Gaussian crosstalk noise in the local field ξ_i h_i = m_t + σ_t z, z ~ N(0, 1):
/// <code>
/// m_{t+1}  = erf( m_t / (√2 σ_t) )
/// f_t      = √(2/π) / σ_t · exp( −m_t² / (2 σ_t²) )          (mean slope of the output, ⟨sgn′⟩)
/// σ_{t+1}² = α + 2 α m_{t+1} m_t f_t + f_t² σ_t²
/// σ_0²     = α
/// </code>
/// The last term and the cross term carry the correlation between the noise and the past state; the
/// theory keeps only the last step of it (Bollé, Busquets Blanco &amp; Verbeiren 2004 show it is the
/// generating-functional result with older feedback correlations dropped). Its capacity from m_0 = 1
/// is about 0.16, above the equilibrium α_c ≈ 0.138 of Amit, Gutfreund &amp; Sompolinsky (1985): the
/// theory is accurate for the first steps and for retrieval well below capacity, and overestimates
/// the capacity. At t = 1 it is exact (m_1 = erf(m_0/√(2α))).
/// </summary>
public static class AmariMaginu
{
    /// <summary>m_t and σ_t² for t = 0 … <paramref name="steps"/> from overlap <paramref name="m0"/>.</summary>
    /// <exception cref="ArgumentException">α ≤ 0, m0 outside [−1, 1], steps &lt; 0, or NaN.</exception>
    public static MacroscopicTrajectory Trajectory(double alpha, double m0, int steps)
    {
        if (!(alpha > 0) || double.IsInfinity(alpha)) throw new ArgumentException($"α must be a finite number > 0; got {alpha}.", nameof(alpha));
        if (!(m0 >= -1 && m0 <= 1)) throw new ArgumentException($"the initial overlap must be in [−1, 1]; got {m0}.", nameof(m0));
        if (steps < 0) throw new ArgumentException($"steps must be ≥ 0; got {steps}.", nameof(steps));
        var m = new double[steps + 1];
        var s2 = new double[steps + 1];
        m[0] = m0;
        s2[0] = alpha;
        for (int t = 0; t < steps; t++)
        {
            double sigma = Math.Sqrt(s2[t]);
            m[t + 1] = SpecialFunctions.Erf(m[t] / (Math.Sqrt(2) * sigma));
            double f = Math.Sqrt(2 / Math.PI) / sigma * Math.Exp(-m[t] * m[t] / (2 * s2[t]));
            s2[t + 1] = alpha + 2 * alpha * m[t + 1] * m[t] * f + f * f * s2[t];
        }
        return new MacroscopicTrajectory(alpha, m, s2);
    }

    /// <summary>
    /// m_T(α) at <paramref name="points"/> loads evenly spaced on [<paramref name="low"/>, <paramref name="high"/>]
    /// (α_k = low + (high − low) k / (points − 1)), each after <paramref name="steps"/> steps from <paramref name="m0"/>.
    /// </summary>
    /// <exception cref="ArgumentException">low ≤ 0, high &lt; low, or fewer than 2 points.</exception>
    public static TheoryPoint[] Curve(double low, double high, int points, double m0 = 1, int steps = 100)
    {
        if (!(low > 0) || !(high >= low) || double.IsInfinity(high)) throw new ArgumentException($"the loads must satisfy 0 < low ≤ high; got [{low}, {high}].", nameof(low));
        if (points < 2) throw new ArgumentException($"the curve needs at least 2 points; got {points}.", nameof(points));
        return Enumerable.Range(0, points).Select(k => low + (high - low) * k / (points - 1))
            .Select(a => new TheoryPoint(Math.Round(a, 6), FinalOverlap(a, m0, steps))).ToArray();
    }

    /// <summary>m_T after <paramref name="steps"/> synchronous steps from <paramref name="m0"/>.</summary>
    public static double FinalOverlap(double alpha, double m0 = 1, int steps = 100) => Trajectory(alpha, m0, steps).Overlap[^1];

    /// <summary>
    /// The load at which m_T (from <paramref name="m0"/>, after <paramref name="steps"/> steps) falls below
    /// <paramref name="threshold"/>, by bisection on [0.01, 0.5] (the retrieval branch vanishes abruptly there).
    /// </summary>
    public static double CriticalLoad(double m0 = 1, int steps = 200, double threshold = 0.5)
    {
        double lo = 0.01, hi = 0.5;
        for (int k = 0; k < 60; k++)
        {
            double mid = 0.5 * (lo + hi);
            if (FinalOverlap(mid, m0, steps) >= threshold) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
