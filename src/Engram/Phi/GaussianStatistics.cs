using Engram.Numerics;

namespace Engram.Phi;

/// <summary>
/// The Gaussian description of a multivariate time series X (N channels) that every Φ measure reads: the
/// equal-time covariance of all samples, and for a lag τ the covariances of the past X_{t−τ}, of the present X_t
/// and between them. Estimated from data as PhiToolbox's <c>Cov_comp</c> does (each channel centred, divided by
/// the number of pairs minus one), or exact for a linear model X_t = A X_{t−τ} + E (discrete Lyapunov equation
/// Σ = A Σ Aᵀ + Cov(E); Cov(X_{t−τ}, X_t) = Σ Aᵀ). All matrices are N × N, row-major, float64.
/// </summary>
public sealed record GaussianStatistics
{
    /// <summary>Number of channels N.</summary>
    public required int Channels { get; init; }

    /// <summary>Lag τ between past and present, in samples.</summary>
    public required int Lag { get; init; }

    /// <summary>Samples the estimate came from, summed over trials; 0 for the analytic covariance of a model.</summary>
    public required long Samples { get; init; }

    /// <summary>Equal-time covariance of all samples (PhiToolbox's <c>Cov_X</c> when only MI1 is wanted).</summary>
    public required double[] Covariance { get; init; }

    /// <summary>Covariance of the past X_{t−τ} (PhiToolbox's <c>Cov_X</c> for the lagged measures).</summary>
    public required double[] Past { get; init; }

    /// <summary>Covariance of the present X_t (PhiToolbox's <c>Cov_Y</c>).</summary>
    public required double[] Present { get; init; }

    /// <summary>Cross-covariance Cov(X_{t−τ}, X_t): entry [i, j] pairs past channel i with present channel j (PhiToolbox's <c>Cov_XY</c>).</summary>
    public required double[] PastPresent { get; init; }

    /// <summary>Estimates the statistics from one series (channels × samples) at lag τ.</summary>
    /// <param name="data">N channels × T samples, finite.</param>
    /// <param name="lag">τ ≥ 1, below T.</param>
    /// <param name="ridge">Added to the diagonal of every covariance (regularisation for short series); 0 by default.</param>
    public static GaussianStatistics FromSeries(double[,] data, int lag = 1, double ridge = 0) => FromTrials([data], lag, ridge);

    /// <summary>
    /// Estimates the statistics from several trials of the same channels (each channels × samples): every trial is
    /// centred on its own means, and the products are pooled, so no pair straddles two trials.
    /// </summary>
    public static GaussianStatistics FromTrials(IReadOnlyList<double[,]> trials, int lag = 1, double ridge = 0)
    {
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count == 0) throw new ArgumentException("no trials were given; pass at least one channels × samples series.", nameof(trials));
        int n = trials[0].GetLength(0);
        if (n < 1) throw new ArgumentException("the series has no channels; expected channels × samples.", nameof(trials));
        if (lag < 1) throw new ArgumentException($"the lag τ must be ≥ 1; got {lag}.", nameof(lag));
        if (!(ridge >= 0) || !double.IsFinite(ridge)) throw new ArgumentException($"the ridge must be finite and ≥ 0; got {ridge}.", nameof(ridge));
        var whole = new double[n * n];
        var past = new double[n * n];
        var present = new double[n * n];
        var cross = new double[n * n];
        long samples = 0, pairs = 0;
        for (int k = 0; k < trials.Count; k++)
        {
            double[,] x = trials[k];
            int t = x.GetLength(1);
            if (x.GetLength(0) != n)
                throw new ArgumentException($"trial {k} has {x.GetLength(0)} channels but trial 0 has {n}; every trial needs the same channels.", nameof(trials));
            if (lag >= t)
                throw new ArgumentException($"the lag τ = {lag} is not below the number of samples ({t}{(trials.Count > 1 ? $" in trial {k}" : "")}); use a smaller lag or a longer series.", nameof(lag));
            for (int c = 0; c < n; c++)
                for (int s = 0; s < t; s++)
                    if (!double.IsFinite(x[c, s]))
                        throw new ArgumentException($"the series holds a non-finite value ({x[c, s]}) at channel {c}, sample {s}{(trials.Count > 1 ? $" of trial {k}" : "")}; remove or interpolate missing samples first.", nameof(trials));
            AccumulateProducts(x, 0, 0, t, whole);
            AccumulateProducts(x, 0, 0, t - lag, past);
            AccumulateProducts(x, lag, lag, t - lag, present);
            AccumulateProducts(x, 0, lag, t - lag, cross);
            samples += t;
            pairs += t - lag;
        }
        long wholeDof = samples - trials.Count, pairDof = pairs - trials.Count;
        if (pairDof < 1)
            throw new ArgumentException($"too few samples ({samples}) for lag τ = {lag}: the covariances need at least two lagged pairs per trial; use a longer series.", nameof(trials));
        for (int i = 0; i < n * n; i++)
        {
            whole[i] /= wholeDof;
            past[i] /= pairDof;
            present[i] /= pairDof;
            cross[i] /= pairDof;
        }
        for (int i = 0; i < n; i++)
        {
            whole[i * n + i] += ridge;
            past[i * n + i] += ridge;
            present[i * n + i] += ridge;
        }
        return new GaussianStatistics { Channels = n, Lag = lag, Samples = samples, Covariance = whole, Past = past, Present = present, PastPresent = cross };
    }

    /// <summary>
    /// Exact stationary statistics of X_t = A X_{t−τ} + E with Cov(E) = <paramref name="noise"/> (identity when null):
    /// Σ = A Σ Aᵀ + Cov(E) for the covariance of past, present and all samples, Cov(X_{t−τ}, X_t) = Σ Aᵀ.
    /// </summary>
    public static GaussianStatistics FromAutoregressive(double[,] a, double[,]? noise = null, int lag = 1)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n < 1 || a.GetLength(1) != n) throw new ArgumentException($"the AR matrix must be square N × N; got {a.GetLength(0)} × {a.GetLength(1)}.", nameof(a));
        if (noise is not null && (noise.GetLength(0) != n || noise.GetLength(1) != n))
            throw new ArgumentException($"the noise covariance must be {n} × {n} like the AR matrix; got {noise.GetLength(0)} × {noise.GetLength(1)}.", nameof(noise));
        if (lag < 1) throw new ArgumentException($"the lag τ must be ≥ 1; got {lag}.", nameof(lag));
        double[] flatA = DenseMatrix.FlattenFinite(a, nameof(a));
        double[] q = noise is null ? DenseMatrix.Identity(n) : DenseMatrix.FlattenFinite(noise, nameof(noise));
        if (!Cholesky.TryFactor(q.ToArray(), n)) throw new ArgumentException("the noise covariance is not positive-definite.", nameof(noise));
        double[] sigma = DiscreteLyapunov.Solve(flatA, q, n);
        var cross = new double[n * n];                      // Σ Aᵀ
        DenseMatrix.MultiplyTransposedInOrder(sigma, flatA, cross, n, n, n);
        return new GaussianStatistics { Channels = n, Lag = lag, Samples = 0, Covariance = sigma, Past = sigma, Present = sigma, PastPresent = cross };
    }

    /// <summary>The statistics of the channels listed in <paramref name="channels"/> only, in that order.</summary>
    public GaussianStatistics Restrict(IReadOnlyList<int> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        int[] set = [.. channels];
        foreach (int c in set)
            if (c < 0 || c >= Channels) throw new ArgumentException($"channel {c} is out of range 0…{Channels - 1}.", nameof(channels));
        return this with
        {
            Channels = channels.Count,
            Covariance = SubMatrix.Gather(Covariance, Channels, set),
            Past = SubMatrix.Gather(Past, Channels, set),
            Present = SubMatrix.Gather(Present, Channels, set),
            PastPresent = SubMatrix.Gather(PastPresent, Channels, set),
        };
    }

    /// <summary>
    /// The 2N × 2N covariance of (past, present): [[Past, PastPresent], [PastPresentᵀ, Present]], the joint whose
    /// sub-blocks MI and SI read.
    /// </summary>
    public double[] Joint()
    {
        int n = Channels, m = 2 * n;
        var joint = new double[m * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                joint[i * m + j] = Past[i * n + j];
                joint[(n + i) * m + n + j] = Present[i * n + j];
                joint[i * m + n + j] = PastPresent[i * n + j];
                joint[(n + j) * m + i] = PastPresent[i * n + j];
            }
        return joint;
    }

    /// <summary>sums[i, j] += Σₛ (x[i, a+s] − mean) (x[j, b+s] − mean) over s &lt; length, each window centred on its own means.</summary>
    static void AccumulateProducts(double[,] x, int startA, int startB, int length, double[] sums)
    {
        int n = x.GetLength(0);
        double[][] a = Centred(x, startA, length), b = startA == startB ? a : Centred(x, startB, length);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                ReadOnlySpan<double> u = a[i], v = b[j];
                double sum = 0;
                for (int s = 0; s < length; s++) sum += u[s] * v[s];
                sums[i * n + j] += sum;
            }
    }

    static double[][] Centred(double[,] x, int start, int length)
    {
        int n = x.GetLength(0);
        var rows = new double[n][];
        for (int c = 0; c < n; c++)
        {
            var row = rows[c] = new double[length];
            double mean = 0;
            for (int s = 0; s < length; s++) mean += row[s] = x[c, start + s];
            mean /= length;
            for (int s = 0; s < length; s++) row[s] -= mean;
        }
        return rows;
    }
}
