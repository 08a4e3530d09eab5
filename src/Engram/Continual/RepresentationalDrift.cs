using Engram.Numerics;
namespace Engram.Continual;

/// <summary>
/// A task change applied to a stored memory X (n × d, rows are patterns), giving the new memory Y.
/// Random drifts draw from the <see cref="Random"/> passed in, so a seeded stream per draw makes
/// every draw reproducible.
/// </summary>
public abstract record RepresentationalDrift
{
    /// <summary>The drifted memory Y for the stored memory <paramref name="patterns"/>.</summary>
    public abstract double[,] Apply(double[,] patterns, Random random);

    /// <summary>Short human-readable description, e.g. "rotation ε = 0.05".</summary>
    public abstract string Describe();

    internal static int Check(double[,] patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (patterns.GetLength(0) == 0 || patterns.GetLength(1) == 0)
            throw new ArgumentException($"patterns must be a non-empty n × d matrix; got {patterns.GetLength(0)} × {patterns.GetLength(1)}.", nameof(patterns));
        return patterns.GetLength(1);
    }
}

/// <summary>
/// Representational drift as a random rotation (docs/science.md §3): A_ij ~ N(0, 1), Ω = (A − Aᵀ)/2,
/// V = expm(εΩ) (orthogonal because Ω is skew-symmetric), Y = X Vᵀ. For small ε the energy at a fixed
/// point rises by ΔE ≈ (ε²/2)(‖Ωz*‖² − β Var_p(x_μᵀΩz*)): the first-order term z*ᵀΩz* vanishes.
/// </summary>
/// <param name="Epsilon">ε ≥ 0, the size of the rotation.</param>
public sealed record RotationDrift(double Epsilon) : RepresentationalDrift
{
    /// <summary>V = expm(εΩ) for a fresh Gaussian A drawn from <paramref name="random"/> (d × d, row-major fill).</summary>
    /// <exception cref="ArgumentException">d &lt; 1 or ε negative / not finite.</exception>
    public static double[,] Rotation(int dimension, double epsilon, Random random)
    {
        if (dimension < 1) throw new ArgumentException($"dimension must be ≥ 1; got {dimension}.", nameof(dimension));
        CheckEpsilon(epsilon);
        ArgumentNullException.ThrowIfNull(random);
        return DenseMatrix.ToMatrix(RotationFlat(dimension, epsilon, random), dimension, dimension);
    }

    /// <summary>V = expm(εΩ), row-major; draws the d² entries of A in row-major order.</summary>
    internal static double[] RotationFlat(int d, double epsilon, Random random)
    {
        double[] a = StandardNormal.Draw(random, d * d);
        var scaledOmega = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) scaledOmega[i * d + j] = epsilon * 0.5 * (a[i * d + j] - a[j * d + i]);
        return MatrixExponential.Exp(scaledOmega, d);
    }

    /// <summary>Y = X Vᵀ, i.e. y_μ = V x_μ, with V drawn by <see cref="Rotation"/>.</summary>
    public override double[,] Apply(double[,] patterns, Random random)
    {
        int d = Check(patterns);
        CheckEpsilon(Epsilon);
        double[] v = RotationFlat(d, Epsilon, random);
        return Rotate(patterns, v);
    }

    /// <summary>Y = X Vᵀ for a row-major d × d rotation <paramref name="v"/>.</summary>
    internal static double[,] Rotate(double[,] patterns, double[] v)
    {
        int n = patterns.GetLength(0), d = patterns.GetLength(1);
        var y = new double[n * d];
        DenseMatrix.MultiplyTransposed(DenseMatrix.Flatten(patterns), v, y, n, d, d);
        return DenseMatrix.ToMatrix(y, n, d);
    }

    /// <inheritdoc/>
    public override string Describe() => $"rotation ε = {Epsilon:G6}";

    static void CheckEpsilon(double epsilon)
    {
        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
            throw new ArgumentException($"epsilon (ε) must be a finite number ≥ 0; got {epsilon}.", nameof(epsilon));
    }
}

/// <summary>Additive Gaussian drift: Y = X + σ N with N_μi ~ N(0, 1) drawn in row-major order.</summary>
/// <param name="Sigma">σ ≥ 0, the noise standard deviation per coordinate.</param>
public sealed record AdditiveDrift(double Sigma) : RepresentationalDrift
{
    /// <inheritdoc/>
    public override double[,] Apply(double[,] patterns, Random random)
    {
        int d = Check(patterns);
        if (!(Sigma >= 0) || double.IsInfinity(Sigma))
            throw new ArgumentException($"sigma (σ) must be a finite number ≥ 0; got {Sigma}.", nameof(Sigma));
        ArgumentNullException.ThrowIfNull(random);
        int n = patterns.GetLength(0);
        double[] noise = StandardNormal.Draw(random, n * d);
        var y = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) y[i, j] = patterns[i, j] + Sigma * noise[i * d + j];
        return y;
    }

    /// <inheritdoc/>
    public override string Describe() => $"additive Gaussian σ = {Sigma:G6}";
}

/// <summary>
/// The new memory is given (e.g. patterns of a new task loaded from a file): Y = <paramref name="NewPatterns"/>,
/// row μ replacing stored pattern μ. Deterministic; the random stream is not used.
/// </summary>
/// <param name="NewPatterns">Y, same shape as the stored memory, finite entries.</param>
public sealed record GivenPatterns(double[,] NewPatterns) : RepresentationalDrift
{
    /// <inheritdoc/>
    public override double[,] Apply(double[,] patterns, Random random)
    {
        int d = Check(patterns);
        ArgumentNullException.ThrowIfNull(NewPatterns);
        if (NewPatterns.GetLength(0) != patterns.GetLength(0) || NewPatterns.GetLength(1) != d)
            throw new ArgumentException(
                $"new patterns must have the shape of the stored memory, {patterns.GetLength(0)} × {d}; got {NewPatterns.GetLength(0)} × {NewPatterns.GetLength(1)}.",
                nameof(NewPatterns));
        foreach (double v in NewPatterns)
            if (!double.IsFinite(v)) throw new ArgumentException($"new patterns hold a non-finite value ({v}); every entry must be finite.", nameof(NewPatterns));
        return (double[,])NewPatterns.Clone();
    }

    /// <inheritdoc/>
    public override string Describe() => $"given new patterns ({NewPatterns.GetLength(0)} × {NewPatterns.GetLength(1)})";
}
