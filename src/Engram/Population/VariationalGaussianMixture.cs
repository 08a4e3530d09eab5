using Engram.Numerics;

namespace Engram.Population;

/// <summary>Prior on the mixture weights of <see cref="VariationalGaussianMixture"/>.</summary>
public enum WeightPriorType
{
    /// <summary>Dirichlet process, truncated stick-breaking: v_k ~ Beta(1, γ), π_k = v_k Π_{j&lt;k}(1 − v_j)
    /// (scikit-learn's <c>"dirichlet_process"</c>, its default).</summary>
    DirichletProcess,

    /// <summary>Symmetric Dirichlet distribution π ~ Dir(γ, …, γ) (scikit-learn's <c>"dirichlet_distribution"</c>).</summary>
    DirichletDistribution,
}

/// <summary>How the responsibilities are initialised before the first variational M-step.</summary>
public enum MixtureInitialization
{
    /// <summary>Hard assignments from k-means with k-means++ seeding (scikit-learn's <c>"kmeans"</c>, its default).</summary>
    KMeans,

    /// <summary>Uniform random responsibilities, normalised per sample (scikit-learn's <c>"random"</c>).</summary>
    Random,
}

/// <summary>
/// Settings of <see cref="VariationalGaussianMixture.Fit(ReadOnlySpan{double}, int, int, VariationalGaussianMixtureSettings)"/>.
/// Defaults are scikit-learn's <c>BayesianGaussianMixture</c> defaults with <c>covariance_type="full"</c>, except
/// <see cref="Components"/> (10 rather than 1, since the point is to let the prior switch components off).
/// A null prior means "derived from the data" exactly as scikit-learn derives it.
/// </summary>
public sealed record VariationalGaussianMixtureSettings
{
    /// <summary>Upper bound K on the number of components (default 10); needs K ≤ n.</summary>
    public int Components { get; init; } = 10;

    /// <summary>Prior on the weights (default Dirichlet process).</summary>
    public WeightPriorType WeightPrior { get; init; } = WeightPriorType.DirichletProcess;

    /// <summary>Weight concentration γ &gt; 0; null (default) means 1 / K.</summary>
    public double? WeightConcentrationPrior { get; init; }

    /// <summary>Precision β₀ &gt; 0 of the Normal prior on the means (relative to the Wishart); null (default) means 1.</summary>
    public double? MeanPrecisionPrior { get; init; }

    /// <summary>Prior mean m₀ (length d); null (default) means the data mean.</summary>
    public double[]? MeanPrior { get; init; }

    /// <summary>Wishart degrees of freedom ν₀ &gt; d − 1; null (default) means d.</summary>
    public double? DegreesOfFreedomPrior { get; init; }

    /// <summary>Wishart prior covariance Ψ₀ (d × d, symmetric positive definite); null (default) means the data
    /// covariance with divisor n − 1 (numpy's <c>np.cov</c>).</summary>
    public double[,]? CovariancePrior { get; init; }

    /// <summary>Convergence threshold on the change of the lower bound per iteration (default 1e-3).</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Added to the diagonal of every empirical covariance (default 1e-6).</summary>
    public double RegCovar { get; init; } = 1e-6;

    /// <summary>Most variational EM iterations per initialisation (default 100).</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Number of initialisations; the fit with the largest lower bound is kept (default 1).</summary>
    public int Initializations { get; init; } = 1;

    /// <summary>Initialisation of the responsibilities (default k-means).</summary>
    public MixtureInitialization Initialization { get; init; } = MixtureInitialization.KMeans;

    /// <summary>Seed of the initialisations; initialisation i uses <c>Seeding.Derive(Seed, i)</c>.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// A component counts as active when its expected weight exceeds this threshold (default 0.01). With
    /// the default priors, a component that explains no sample keeps a weight of order γ / (n + 1), far below it.
    /// </summary>
    public double WeightThreshold { get; init; } = 0.01;
}

/// <summary>A fitted variational Bayesian Gaussian mixture (see <see cref="VariationalGaussianMixture"/>).</summary>
/// <param name="Settings">The settings of the fit.</param>
/// <param name="Features">Dimension d.</param>
/// <param name="Weights">Expected weights E[π_k] (length K, sum 1).</param>
/// <param name="Means">Posterior means m_k, row-major K × d.</param>
/// <param name="Covariances">E[Λ_k]⁻¹-scale covariances Ψ_k / ν_k (scikit-learn's <c>covariances_</c>), K blocks of d × d, row-major.</param>
/// <param name="MeanPrecision">Posterior β_k (length K).</param>
/// <param name="DegreesOfFreedom">Posterior ν_k (length K).</param>
/// <param name="WeightConcentration">Posterior weight parameters: Dirichlet α_k (length K), or stick-breaking
/// Beta(a_k, b_k) as a then b (length 2K).</param>
/// <param name="Labels">argmax_k of the responsibilities of the training samples after the final E-step.</param>
/// <param name="LowerBound">Evidence lower bound (up to scikit-learn's constant) at the end of the kept initialisation.</param>
/// <param name="LowerBoundHistory">Lower bound after every iteration of the kept initialisation.</param>
/// <param name="Iterations">Iterations of the kept initialisation.</param>
/// <param name="Converged">Whether the kept initialisation reached the tolerance.</param>
/// <param name="ActiveComponents">Components whose weight exceeds <see cref="VariationalGaussianMixtureSettings.WeightThreshold"/>.</param>
/// <param name="ClusterCount">Number of distinct labels among the training samples.</param>
public sealed record VariationalGaussianMixtureFit(
    VariationalGaussianMixtureSettings Settings,
    int Features,
    double[] Weights,
    double[] Means,
    double[] Covariances,
    double[] MeanPrecision,
    double[] DegreesOfFreedom,
    double[] WeightConcentration,
    int[] Labels,
    double LowerBound,
    double[] LowerBoundHistory,
    int Iterations,
    bool Converged,
    int ActiveComponents,
    int ClusterCount)
{
    /// <summary>Number of components K.</summary>
    public int Components => Weights.Length;

    /// <summary>The most probable component of each row of <paramref name="x"/> (row-major n × d).</summary>
    /// <exception cref="ArgumentException">Wrong number of columns or a non-finite value.</exception>
    public int[] Predict(ReadOnlySpan<double> x)
    {
        int d = Features;
        if (x.Length % d != 0) throw new ArgumentException($"expected rows of {d} features; got {x.Length} values.", nameof(x));
        VariationalGaussianMixture.CheckFinite(x, d, nameof(x));
        var model = VariationalGaussianMixture.Model.FromFit(this);
        int n = x.Length / d;
        var logResp = new double[n * Components];
        model.WeightedLogProb(x.ToArray(), n, logResp);
        return VariationalGaussianMixture.ArgMax(logResp, n, Components);
    }
}

/// <summary>
/// Variational Bayesian Gaussian mixture with full covariances (Bishop 2006, PRML §10.2; Blei &amp; Jordan
/// 2006 for the Dirichlet-process prior), reproducing scikit-learn's <c>BayesianGaussianMixture</c> update
/// for update, so that the number of clusters is chosen by the prior.
/// <para>Model: π ~ stick-breaking(γ) or Dir(γ); Λ_k ~ Wishart(ν₀, Ψ₀⁻¹); μ_k | Λ_k ~ N(m₀, (β₀Λ_k)⁻¹);
/// x_i | z_i = k ~ N(μ_k, Λ_k⁻¹). Mean-field posterior q(π) q(μ, Λ) q(z).</para>
/// <para>E-step: log ρ_ik = E[log π_k] + ½E[log|Λ_k|] − (d/2) log 2π − ½[d/β_k + ν_k (x_i − m_k)ᵀ Ψ_k⁻¹ (x_i − m_k)],
/// with E[log|Λ_k|] = d log 2 + log|Ψ_k⁻¹| + Σ_j ψ((ν_k − j)/2); r_ik = softmax_k log ρ_ik.</para>
/// <para>M-step: N_k = Σ_i r_ik (+10 ε), x̄_k, S_k (+ RegCovar·I); β_k = β₀ + N_k; m_k = (β₀m₀ + N_k x̄_k)/β_k;
/// ν_k = ν₀ + N_k; Ψ_k = Ψ₀ + N_k S_k + (β₀N_k/β_k)(x̄_k − m₀)(x̄_k − m₀)ᵀ; weights a_k = 1 + N_k,
/// b_k = γ + Σ_{j&gt;k} N_j (stick-breaking) or α_k = γ + N_k (Dirichlet).</para>
/// <para>Stops when the lower bound changes by less than the tolerance. Validation against scikit-learn 1.2.1:
/// tests/Engram.Tests/Fixtures/Analysis (same initial responsibilities: the same lower bound per iteration).</para>
/// </summary>
public static class VariationalGaussianMixture
{
    const double Eps = 2.220446049250313e-16; // np.finfo(float64).eps
    static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    /// <summary>Fits the mixture to <paramref name="data"/> (n samples × d features).</summary>
    /// <exception cref="ArgumentException">Bad shape, non-finite data or invalid settings.</exception>
    public static VariationalGaussianMixtureFit Fit(double[,] data, VariationalGaussianMixtureSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var flat = new double[data.Length];
        Buffer.BlockCopy(data, 0, flat, 0, data.Length * sizeof(double));
        return Fit(flat, data.GetLength(0), data.GetLength(1), settings);
    }

    /// <summary>Fits the mixture to a row-major n × d matrix.</summary>
    /// <exception cref="ArgumentException">Bad shape, non-finite data or invalid settings.</exception>
    public static VariationalGaussianMixtureFit Fit(ReadOnlySpan<double> x, int samples, int features, VariationalGaussianMixtureSettings? settings = null) =>
        FitCore(x, samples, features, settings ?? new VariationalGaussianMixtureSettings(), null);

    /// <summary>
    /// Fits the mixture starting from the given responsibilities (row-major n × K, rows summing to 1) instead of
    /// <see cref="VariationalGaussianMixtureSettings.Initialization"/>; one initialisation. This is what
    /// scikit-learn does after drawing its own initial responsibilities, so it allows exact comparisons.
    /// </summary>
    /// <exception cref="ArgumentException">Bad shapes, non-finite data, negative responsibilities or invalid settings.</exception>
    public static VariationalGaussianMixtureFit Fit(ReadOnlySpan<double> x, int samples, int features, ReadOnlySpan<double> initialResponsibilities,
        VariationalGaussianMixtureSettings? settings = null)
    {
        settings ??= new VariationalGaussianMixtureSettings();
        if (initialResponsibilities.Length != (long)samples * settings.Components)
            throw new ArgumentException($"initial responsibilities must be n × K = {samples} × {settings.Components}; got {initialResponsibilities.Length} values.", nameof(initialResponsibilities));
        foreach (double r in initialResponsibilities)
            if (!(r >= 0) || double.IsInfinity(r))
                throw new ArgumentException($"initial responsibilities must be finite and ≥ 0; found {r}.", nameof(initialResponsibilities));
        return FitCore(x, samples, features, settings with { Initializations = 1 }, initialResponsibilities.ToArray());
    }

    static VariationalGaussianMixtureFit FitCore(ReadOnlySpan<double> data, int n, int d, VariationalGaussianMixtureSettings settings, double[]? givenResp)
    {
        Validate(data, n, d, settings);
        double[] x = data.ToArray();
        int k = settings.Components;
        var prior = Prior.From(x, n, d, settings);

        Model? best = null;
        double bestBound = double.NegativeInfinity;
        double[] bestHistory = [];
        int bestIterations = 0;
        bool bestConverged = false;
        var logResp = new double[n * k];
        for (int init = 0; init < settings.Initializations; init++)
        {
            double[] resp = givenResp ?? InitialResponsibilities(x, n, d, k, settings.Initialization, Seeding.Derive(settings.Seed, init));
            var model = new Model(prior, k, d);
            model.MStep(x, n, resp);
            double bound = double.NegativeInfinity;
            var history = new List<double>();
            bool converged = false;
            int iteration = 0;
            while (iteration < settings.MaxIterations)
            {
                iteration++;
                double previous = bound;
                model.EStep(x, n, logResp);
                for (int i = 0; i < resp.Length; i++) resp[i] = Math.Exp(logResp[i]);
                model.MStep(x, n, resp);
                bound = model.LowerBound(resp, logResp);
                if (double.IsNaN(bound))
                    throw new InvalidOperationException($"the variational lower bound became NaN at iteration {iteration}; the data may be degenerate.");
                history.Add(bound);
                if (Math.Abs(bound - previous) < settings.Tolerance) { converged = true; break; }
            }
            if (best is null || bound > bestBound)
            {
                best = model;
                bestBound = bound;
                bestHistory = history.ToArray();
                bestIterations = iteration;
                bestConverged = converged;
            }
        }

        best!.EStep(x, n, logResp);
        int[] labels = ArgMax(logResp, n, k);
        double[] weights = best.Weights();
        int active = weights.Count(w => w > settings.WeightThreshold);
        int clusters = labels.Distinct().Count();
        return new VariationalGaussianMixtureFit(settings, d, weights, best.Means, best.Covariances, best.MeanPrecision, best.DegreesOfFreedom,
            best.Concentration(), labels, bestBound, bestHistory, bestIterations, bestConverged, active, clusters);
    }

    static void Validate(ReadOnlySpan<double> x, int n, int d, VariationalGaussianMixtureSettings s)
    {
        if (n < 2 || d < 1 || x.Length != (long)n * d)
            throw new ArgumentException($"the data must be an n × d matrix with n ≥ 2 and d ≥ 1; got {x.Length} values for {n} × {d}.", nameof(x));
        if (s.Components < 1 || s.Components > n)
            throw new ArgumentException($"the number of components must be in [1, n] = [1, {n}]; got {s.Components}.", nameof(s.Components));
        CheckFinite(x, d, nameof(x));
        if (s.WeightConcentrationPrior is { } g && !(g > 0 && double.IsFinite(g)))
            throw new ArgumentException($"the weight concentration prior must be finite and > 0; got {g}.", nameof(s.WeightConcentrationPrior));
        if (s.MeanPrecisionPrior is { } b && !(b > 0 && double.IsFinite(b)))
            throw new ArgumentException($"the mean precision prior must be finite and > 0; got {b}.", nameof(s.MeanPrecisionPrior));
        if (s.DegreesOfFreedomPrior is { } nu && !(nu > d - 1 && double.IsFinite(nu)))
            throw new ArgumentException($"the degrees-of-freedom prior must be > d − 1 = {d - 1}; got {nu}.", nameof(s.DegreesOfFreedomPrior));
        if (s.MeanPrior is { } m && (m.Length != d || m.Any(v => !double.IsFinite(v))))
            throw new ArgumentException($"the mean prior must hold {d} finite values; got {m.Length}.", nameof(s.MeanPrior));
        if (s.CovariancePrior is { } c && (c.GetLength(0) != d || c.GetLength(1) != d))
            throw new ArgumentException($"the covariance prior must be {d} × {d}; got {c.GetLength(0)} × {c.GetLength(1)}.", nameof(s.CovariancePrior));
        if (!(s.Tolerance >= 0)) throw new ArgumentException($"the tolerance must be ≥ 0; got {s.Tolerance}.", nameof(s.Tolerance));
        if (!(s.RegCovar >= 0)) throw new ArgumentException($"RegCovar must be ≥ 0; got {s.RegCovar}.", nameof(s.RegCovar));
        if (s.MaxIterations < 1) throw new ArgumentException($"MaxIterations must be ≥ 1; got {s.MaxIterations}.", nameof(s.MaxIterations));
        if (s.Initializations < 1) throw new ArgumentException($"Initializations must be ≥ 1; got {s.Initializations}.", nameof(s.Initializations));
        if (!(s.WeightThreshold >= 0 && s.WeightThreshold < 1))
            throw new ArgumentException($"WeightThreshold must be in [0, 1); got {s.WeightThreshold}.", nameof(s.WeightThreshold));
    }

    internal static void CheckFinite(ReadOnlySpan<double> x, int d, string name)
    {
        for (int i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i]))
                throw new ArgumentException($"{name}[{i / d}, {i % d}] is {x[i]}; the mixture needs finite values.", name);
    }

    static double[] InitialResponsibilities(ReadOnlySpan<double> x, int n, int d, int k, MixtureInitialization init, int seed)
    {
        var resp = new double[n * k];
        if (init == MixtureInitialization.KMeans)
        {
            int[] labels = KMeans.Fit(x, n, d, k, seed).Labels;
            for (int i = 0; i < n; i++) resp[i * k + labels[i]] = 1;
            return resp;
        }
        var random = Seeding.Create(seed);
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++) sum += resp[i * k + c] = random.NextDouble();
            for (int c = 0; c < k; c++) resp[i * k + c] /= sum;
        }
        return resp;
    }

    internal static int[] ArgMax(double[] values, int n, int k)
    {
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int c = 1; c < k; c++) if (values[i * k + c] > values[i * k + best]) best = c;
            labels[i] = best;
        }
        return labels;
    }

    /// <summary>The hyper-parameters after defaults are filled in from the data.</summary>
    internal sealed record Prior(WeightPriorType WeightPrior, double Concentration, double MeanPrecision, double[] Mean, double DegreesOfFreedom,
        double[] Covariance, double RegCovar)
    {
        public static Prior From(ReadOnlySpan<double> x, int n, int d, VariationalGaussianMixtureSettings s)
        {
            double[] mean = s.MeanPrior?.ToArray() ?? ColumnMeans(x, n, d);
            double[] covariance;
            if (s.CovariancePrior is { } c)
            {
                covariance = new double[d * d];
                for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) covariance[i * d + j] = c[i, j];
            }
            else
            {
                double[] m = ColumnMeans(x, n, d);
                covariance = new double[d * d];
                for (int r = 0; r < n; r++)
                    for (int i = 0; i < d; i++)
                    {
                        double vi = x[r * d + i] - m[i];
                        for (int j = 0; j < d; j++) covariance[i * d + j] += vi * (x[r * d + j] - m[j]);
                    }
                for (int i = 0; i < covariance.Length; i++) covariance[i] /= n - 1;
            }
            return new Prior(s.WeightPrior, s.WeightConcentrationPrior ?? 1.0 / s.Components, s.MeanPrecisionPrior ?? 1.0, mean,
                s.DegreesOfFreedomPrior ?? d, covariance, s.RegCovar);
        }

        static double[] ColumnMeans(ReadOnlySpan<double> x, int n, int d)
        {
            var mean = new double[d];
            for (int r = 0; r < n; r++) for (int j = 0; j < d; j++) mean[j] += x[r * d + j];
            for (int j = 0; j < d; j++) mean[j] /= n;
            return mean;
        }
    }

    /// <summary>The variational posterior; arrays are row-major.</summary>
    internal sealed class Model
    {
        readonly Prior prior;
        readonly int k, d;
        public readonly double[] A, B;              // stick-breaking Beta(a, b), or Dirichlet α in A
        public readonly double[] MeanPrecision;     // β_k
        public readonly double[] Means;             // K × d
        public readonly double[] DegreesOfFreedom;  // ν_k
        public readonly double[] Covariances;       // K × d × d, Ψ_k / ν_k
        readonly double[] precisionCholesky;        // K × d × d, upper triangular U_k with U_k U_kᵀ = (Ψ_k/ν_k)⁻¹

        public Model(Prior prior, int k, int d)
        {
            this.prior = prior;
            this.k = k;
            this.d = d;
            A = new double[k];
            B = new double[k];
            MeanPrecision = new double[k];
            Means = new double[k * d];
            DegreesOfFreedom = new double[k];
            Covariances = new double[k * d * d];
            precisionCholesky = new double[k * d * d];
        }

        public static Model FromFit(VariationalGaussianMixtureFit fit)
        {
            int k = fit.Components, d = fit.Features;
            var prior = new Prior(fit.Settings.WeightPrior, 0, 0, new double[d], d, new double[d * d], 0);
            var model = new Model(prior, k, d);
            if (fit.Settings.WeightPrior == WeightPriorType.DirichletProcess)
            {
                Array.Copy(fit.WeightConcentration, 0, model.A, 0, k);
                Array.Copy(fit.WeightConcentration, k, model.B, 0, k);
            }
            else Array.Copy(fit.WeightConcentration, model.A, k);
            Array.Copy(fit.MeanPrecision, model.MeanPrecision, k);
            Array.Copy(fit.Means, model.Means, k * d);
            Array.Copy(fit.DegreesOfFreedom, model.DegreesOfFreedom, k);
            Array.Copy(fit.Covariances, model.Covariances, k * d * d);
            model.UpdatePrecisionCholesky();
            return model;
        }

        /// <summary>M-step from responsibilities <paramref name="resp"/> (n × K).</summary>
        public void MStep(double[] x, int n, double[] resp)
        {
            var nk = new double[k];
            var xk = new double[k * d];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < k; c++)
                {
                    double r = resp[i * k + c];
                    if (r == 0) continue;
                    nk[c] += r;
                    for (int j = 0; j < d; j++) xk[c * d + j] += r * x[i * d + j];
                }
            for (int c = 0; c < k; c++)
            {
                nk[c] += 10 * Eps;
                for (int j = 0; j < d; j++) xk[c * d + j] /= nk[c];
            }

            // Weights.
            if (prior.WeightPrior == WeightPriorType.DirichletProcess)
            {
                double tail = 0;
                for (int c = k - 1; c >= 0; c--)
                {
                    A[c] = 1 + nk[c];
                    B[c] = prior.Concentration + tail;
                    tail += nk[c];
                }
            }
            else
            {
                for (int c = 0; c < k; c++) A[c] = prior.Concentration + nk[c];
            }

            // Means and Wishart parameters, one component at a time (in parallel for large data).
            if (Parallelize(n)) Parallel.For(0, k, c => Wishart(c, x, n, resp, nk, xk));
            else for (int c = 0; c < k; c++) Wishart(c, x, n, resp, nk, xk);
            UpdatePrecisionCholesky();
        }

        bool Parallelize(int n) => (long)n * k * d * d >= 200_000;

        /// <summary>β_c, m_c, ν_c and Ψ_c/ν_c of component <paramref name="c"/> from N_c, x̄_c and the responsibilities.</summary>
        unsafe void Wishart(int c, double[] x, int n, double[] resp, double[] nk, double[] xk)
        {
            MeanPrecision[c] = prior.MeanPrecision + nk[c];
            for (int j = 0; j < d; j++)
                Means[c * d + j] = (prior.MeanPrecision * prior.Mean[j] + nk[c] * xk[c * d + j]) / MeanPrecision[c];

            // S_c = Σ_i r_ic (x_i − x̄_c)(x_i − x̄_c)ᵀ / N_c + reg·I (lower triangle accumulated).
            double* diff = stackalloc double[d];
            double* sk = stackalloc double[d * d];
            for (int i = 0; i < d * d; i++) sk[i] = 0;
            fixed (double* px = x, pr = resp, pxk = xk)
            {
                double* mean = pxk + c * d;
                for (int i = 0; i < n; i++)
                {
                    double r = pr[i * k + c];
                    if (r == 0) continue;
                    double* xi = px + i * d;
                    for (int a = 0; a < d; a++) diff[a] = xi[a] - mean[a];
                    for (int a = 0; a < d; a++)
                    {
                        double ra = r * diff[a];
                        double* row = sk + a * d;
                        for (int b = 0; b <= a; b++) row[b] += ra * diff[b];
                    }
                }
            }
            DegreesOfFreedom[c] = prior.DegreesOfFreedom + nk[c];
            for (int a = 0; a < d; a++) diff[a] = xk[c * d + a] - prior.Mean[a];
            double shrink = nk[c] * prior.MeanPrecision / MeanPrecision[c];
            int offset = c * d * d;
            for (int a = 0; a < d; a++)
                for (int b = 0; b <= a; b++)
                {
                    double sab = sk[a * d + b] / nk[c] + (a == b ? prior.RegCovar : 0);
                    double v = (prior.Covariance[a * d + b] + nk[c] * sab + shrink * diff[a] * diff[b]) / DegreesOfFreedom[c];
                    Covariances[offset + a * d + b] = v;
                    Covariances[offset + b * d + a] = v;
                }
        }

        /// <summary>U_k = (L_k⁻¹)ᵀ with L_k the lower Cholesky factor of the covariance.</summary>
        void UpdatePrecisionCholesky()
        {
            var l = new double[d * d];
            var inv = new double[d * d];
            for (int c = 0; c < k; c++)
            {
                int offset = c * d * d;
                Covariances.AsSpan(offset, d * d).CopyTo(l);
                if (!Cholesky.TryFactor(l, d))
                    throw new ArgumentException(
                        "fitting the mixture failed because a component's covariance is not positive definite (a feature may be constant); " +
                        "remove constant features, use fewer components or increase RegCovar.", "x");
                Cholesky.InvertFactor(l, d, inv);
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++) precisionCholesky[offset + i * d + j] = inv[j * d + i];
            }
        }

        double LogDetCholesky(int c)
        {
            double s = 0;
            int offset = c * d * d;
            for (int j = 0; j < d; j++) s += Math.Log(precisionCholesky[offset + j * d + j]);
            return s;
        }

        double[] LogWeights()
        {
            var logWeights = new double[k];
            if (prior.WeightPrior == WeightPriorType.DirichletProcess)
            {
                double carry = 0;
                for (int c = 0; c < k; c++)
                {
                    double digammaSum = SpecialFunctions.Digamma(A[c] + B[c]);
                    logWeights[c] = SpecialFunctions.Digamma(A[c]) - digammaSum + carry;
                    carry += SpecialFunctions.Digamma(B[c]) - digammaSum;
                }
            }
            else
            {
                double total = 0;
                for (int c = 0; c < k; c++) total += A[c];
                double digammaTotal = SpecialFunctions.Digamma(total);
                for (int c = 0; c < k; c++) logWeights[c] = SpecialFunctions.Digamma(A[c]) - digammaTotal;
            }
            return logWeights;
        }

        /// <summary>log ρ_ik (unnormalised log responsibilities) into <paramref name="output"/> (n × K).</summary>
        public void WeightedLogProb(double[] x, int n, double[] output)
        {
            double[] logWeights = LogWeights();
            var constant = new double[k];
            for (int c = 0; c < k; c++)
            {
                double logLambda = d * Math.Log(2.0);
                for (int j = 0; j < d; j++) logLambda += SpecialFunctions.Digamma(0.5 * (DegreesOfFreedom[c] - j));
                constant[c] = -0.5 * d * LogTwoPi + LogDetCholesky(c) - 0.5 * d * Math.Log(DegreesOfFreedom[c])
                    + 0.5 * (logLambda - d / MeanPrecision[c]) + logWeights[c];
            }
            if (Parallelize(n)) Parallel.For(0, k, c => LogGaussian(c, x, n, constant[c], output));
            else for (int c = 0; c < k; c++) LogGaussian(c, x, n, constant[c], output);
        }

        /// <summary>output[i, c] = constant − ½‖(x_i − m_c)ᵀ U_c‖² for every sample.</summary>
        unsafe void LogGaussian(int c, double[] x, int n, double constant, double[] output)
        {
            double* y = stackalloc double[d];
            double* lower = stackalloc double[d * d]; // U_cᵀ, rows contiguous: lower[j·d + a] = U_c[a, j], a ≤ j
            int offset = c * d * d;
            for (int j = 0; j < d; j++)
                for (int a = 0; a <= j; a++) lower[j * d + a] = precisionCholesky[offset + a * d + j];
            fixed (double* px = x, pout = output, pm = Means)
            {
                double* mean = pm + c * d;
                for (int i = 0; i < n; i++)
                {
                    double* xi = px + i * d;
                    for (int a = 0; a < d; a++) y[a] = xi[a] - mean[a];
                    double squares = 0;
                    for (int j = 0; j < d; j++)
                    {
                        double* row = lower + j * d;
                        double s = 0;
                        for (int a = 0; a <= j; a++) s += y[a] * row[a];
                        squares += s * s;
                    }
                    pout[i * k + c] = constant - 0.5 * squares;
                }
            }
        }

        /// <summary>E-step: normalised log responsibilities into <paramref name="logResp"/>; returns mean log normaliser.</summary>
        public double EStep(double[] x, int n, double[] logResp)
        {
            WeightedLogProb(x, n, logResp);
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                Span<double> row = logResp.AsSpan(i * k, k);
                double norm = StableMath.LogSumExp(row);
                for (int c = 0; c < k; c++) row[c] -= norm;
                total += norm;
            }
            return total / n;
        }

        /// <summary>scikit-learn's <c>_compute_lower_bound</c> (constants that do not change dropped).</summary>
        public double LowerBound(double[] resp, double[] logResp)
        {
            double entropy = 0;
            for (int i = 0; i < resp.Length; i++)
                if (resp[i] > 0) entropy -= resp[i] * logResp[i];

            double logWishart = 0;
            for (int c = 0; c < k; c++)
            {
                double nu = DegreesOfFreedom[c];
                double logDet = LogDetCholesky(c) - 0.5 * d * Math.Log(nu);
                double gammas = 0;
                for (int j = 0; j < d; j++) gammas += SpecialFunctions.LogGamma(0.5 * (nu - j));
                logWishart += -(nu * logDet + nu * d * 0.5 * Math.Log(2.0) + gammas);
            }

            double logNormWeight;
            if (prior.WeightPrior == WeightPriorType.DirichletProcess)
            {
                logNormWeight = 0;
                for (int c = 0; c < k; c++) logNormWeight -= SpecialFunctions.LogBeta(A[c], B[c]);
            }
            else
            {
                double total = 0, gammas = 0;
                for (int c = 0; c < k; c++) { total += A[c]; gammas += SpecialFunctions.LogGamma(A[c]); }
                logNormWeight = SpecialFunctions.LogGamma(total) - gammas;
            }

            double logMeanPrecision = 0;
            for (int c = 0; c < k; c++) logMeanPrecision += Math.Log(MeanPrecision[c]);
            return entropy - logWishart - logNormWeight - 0.5 * d * logMeanPrecision;
        }

        /// <summary>Expected weights E[π_k] (scikit-learn's <c>weights_</c>).</summary>
        public double[] Weights()
        {
            var weights = new double[k];
            if (prior.WeightPrior == WeightPriorType.DirichletProcess)
            {
                double remaining = 1;
                for (int c = 0; c < k; c++)
                {
                    double sum = A[c] + B[c];
                    weights[c] = A[c] / sum * remaining;
                    remaining *= B[c] / sum;
                }
            }
            else Array.Copy(A, weights, k);
            double total = weights.Sum();
            for (int c = 0; c < k; c++) weights[c] /= total;
            return weights;
        }

        public double[] Concentration() =>
            prior.WeightPrior == WeightPriorType.DirichletProcess ? [.. A, .. B] : (double[])A.Clone();
    }
}
