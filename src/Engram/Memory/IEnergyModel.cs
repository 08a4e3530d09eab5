namespace Engram.Memory;

/// <summary>
/// A memory model with an energy (Lyapunov) function over its state space. Every model in
/// <c>Engram.Memory</c> implements it, so reports and tests can treat them alike. Binary models read
/// a real state by its signs (sgn(0) = +1).
/// </summary>
public interface IEnergyModel
{
    /// <summary>Dimension of a state (N neurons, or d for continuous models).</summary>
    int Dimension { get; }

    /// <summary>Energy of <paramref name="state"/> (float64).</summary>
    double Energy(ReadOnlySpan<double> state);
}
