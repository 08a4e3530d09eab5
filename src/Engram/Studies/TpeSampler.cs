using Engram.Numerics;

namespace Engram.Studies;

/// <summary>
/// Tree-structured Parzen estimator (Bergstra, Bardenet, Bengio &amp; Kégl 2011, "Algorithms for hyper-parameter
/// optimization", NeurIPS), as Optuna's <c>TPESampler(multivariate=True, constant_liar=True)</c> does it:
/// <list type="number">
/// <item>The first <see cref="StartupTrials"/> trials are drawn at random.</item>
/// <item>Finished trials are ranked: complete ones by value, then pruned ones (deeper first, then by their last
/// intermediate value); with the constant liar, running trials come last, as if they had the worst value, so parallel
/// workers do not propose the same point. The best γ(n) = min(⌈0.1 n⌉, 25) form the "good" group, the rest the "bad" one.</item>
/// <item>Each group becomes a Parzen estimator over the joint space: one component per trial (a product of truncated normals
/// on numeric parameters, in log space for log ranges, and of smoothed one-hot distributions on categoricals) plus a prior
/// component (centred, width of the range); weights 1, ramping down for trials older than the last 25; bandwidth
/// σ = 0.2 · n^(−1/(d+4)) · range, clipped to [range / min(100, n + 1), range].</item>
/// <item><see cref="Candidates"/> points drawn from the good estimator l(x); the one maximising log l(x) − log g(x) is proposed.</item>
/// </list>
/// </summary>
public sealed class TpeSampler : ITrialSampler
{
    /// <summary>Random trials before the model is used (Optuna: 10).</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from l(x) per proposal (Optuna: 24).</summary>
    public int Candidates { get; init; } = 24;

    /// <summary>Weight of the prior component (Optuna: 1).</summary>
    public double PriorWeight { get; init; } = 1;

    /// <summary>Whether running trials count as the worst observations (Optuna's constant liar).</summary>
    public bool ConstantLiar { get; init; } = true;

    /// <inheritdoc/>
    public Proposal Sample(StudySnapshot study, int number)
    {
        Random random = TrialSamplers.StreamOf(study, number);
        SearchSpace space = study.Definition.Space;
        double sign = study.Definition.Direction == StudyDirection.Minimize ? 1 : -1;
        var complete = study.Trials.Where(t => t.State == TrialState.Complete && t.Value is double v && double.IsFinite(v))
            .OrderBy(t => sign * t.Value!.Value).ThenBy(t => t.Number);
        var pruned = study.Trials.Where(t => t.State == TrialState.Pruned && t.Intermediate.Count > 0)
            .OrderByDescending(t => t.Intermediate.Keys.Max()).ThenBy(t => sign * t.Intermediate[t.Intermediate.Keys.Max()]).ThenBy(t => t.Number);
        List<Trial> ranked = [.. complete, .. pruned];
        if (ranked.Count < StartupTrials) return new(RandomSampler.Draw(space, random));
        if (ConstantLiar) ranked.AddRange(study.Trials.Where(t => t.State is TrialState.Running or TrialState.Waiting && t.Number != number));
        int good = Math.Min((int)Math.Ceiling(0.1 * ranked.Count), 25);
        var below = new ParzenEstimator(space, ranked.Take(good).Select(t => Observation(space, t)).ToArray(), PriorWeight);
        var above = new ParzenEstimator(space, ranked.Skip(good).Select(t => Observation(space, t)).ToArray(), PriorWeight);
        double[]? best = null;
        double bestScore = double.NegativeInfinity;
        for (int k = 0; k < Candidates; k++)
        {
            double[] candidate = below.Sample(random);
            double score = below.LogDensity(candidate) - above.LogDensity(candidate);
            if (score > bestScore || best is null) { best = candidate; bestScore = score; }
        }
        var values = new Dictionary<string, double>();
        for (int p = 0; p < space.Parameters.Count; p++)
            values[space.Parameters[p].Name] = TrialSamplers.FromSearch(space.Parameters[p].Distribution, best![p]);
        return new(values);
    }

    /// <summary>A trial's parameters in the search space (log for log ranges; categoricals as indices).</summary>
    static double[] Observation(SearchSpace space, Trial t) =>
        space.Parameters.Select(p => TrialSamplers.ToSearch(p.Distribution, t.Parameters[p.Name])).ToArray();

    /// <summary>A mixture of product kernels over the joint search space, one per observation, plus the prior.</summary>
    sealed class ParzenEstimator
    {
        readonly SearchSpace space;
        readonly double[] logWeights;
        readonly double[][] centres;     // per component, per parameter: the mean (numeric) or the observed index (categorical)
        readonly double[][] sigmas;      // per component, per numeric parameter
        readonly double[][][] choiceProbabilities;   // per component, per categorical parameter: the distribution over choices
        readonly double[] weights;

        public ParzenEstimator(SearchSpace space, double[][] observations, double priorWeight)
        {
            this.space = space;
            int n = observations.Length, d = space.Parameters.Count, components = n + 1;
            weights = new double[components];
            double[] ramp = ObservationWeights(n);
            for (int i = 0; i < n; i++) weights[i] = ramp[i];
            weights[n] = priorWeight;
            double total = weights.Sum();
            for (int i = 0; i < components; i++) weights[i] /= total;
            logWeights = weights.Select(w => Math.Log(w)).ToArray();
            centres = new double[components][];
            sigmas = new double[components][];
            choiceProbabilities = new double[components][][];
            for (int k = 0; k < components; k++)
            {
                centres[k] = new double[d];
                sigmas[k] = new double[d];
                choiceProbabilities[k] = new double[d][];
                for (int p = 0; p < d; p++)
                {
                    ParameterDistribution dist = space.Parameters[p].Distribution;
                    if (dist is CategoricalDistribution c)
                    {
                        int choices = c.Choices.Count;
                        var probabilities = new double[choices];
                        if (k == n) Array.Fill(probabilities, 1.0 / choices);
                        else
                        {
                            Array.Fill(probabilities, priorWeight / choices);
                            probabilities[(int)observations[k][p]] += 1;
                            double s = probabilities.Sum();
                            for (int j = 0; j < choices; j++) probabilities[j] /= s;
                        }
                        choiceProbabilities[k][p] = probabilities;
                        continue;
                    }
                    var (low, high) = TrialSamplers.SearchBounds(dist);
                    double range = high - low;
                    if (k == n) { centres[k][p] = 0.5 * (low + high); sigmas[k][p] = range; continue; }
                    centres[k][p] = observations[k][p];
                    double sigma = 0.2 * Math.Pow(Math.Max(n, 1), -1.0 / (d + 4)) * range;
                    sigmas[k][p] = Math.Clamp(sigma, range / Math.Min(100.0, n + 1), range);
                }
            }
        }

        /// <summary>Optuna's default weights: 1 for the last 25 observations, a ramp from 1/n up to 1 for older ones.</summary>
        static double[] ObservationWeights(int n)
        {
            var w = new double[n];
            if (n < 25) { Array.Fill(w, 1.0); return w; }
            int ramp = n - 25;
            for (int i = 0; i < n; i++) w[i] = i < ramp ? (ramp == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * i / (ramp - 1)) : 1;
            return w;
        }

        public double[] Sample(Random random)
        {
            double u = random.NextDouble(), cumulative = 0;
            int k = weights.Length - 1;
            for (int i = 0; i < weights.Length; i++)
            {
                cumulative += weights[i];
                if (u < cumulative) { k = i; break; }
            }
            var x = new double[space.Parameters.Count];
            for (int p = 0; p < x.Length; p++)
            {
                ParameterDistribution dist = space.Parameters[p].Distribution;
                if (dist is CategoricalDistribution)
                {
                    double[] probabilities = choiceProbabilities[k][p];
                    double v = random.NextDouble(), c = 0;
                    x[p] = probabilities.Length - 1;
                    for (int j = 0; j < probabilities.Length; j++)
                    {
                        c += probabilities[j];
                        if (v < c) { x[p] = j; break; }
                    }
                    continue;
                }
                var (low, high) = TrialSamplers.SearchBounds(dist);
                x[p] = TruncatedNormal(random, centres[k][p], sigmas[k][p], low, high);
                // Integers are proposed on their own grid, so that the density is evaluated where the trial will run.
                if (dist is IntDistribution) x[p] = TrialSamplers.ToSearch(dist, TrialSamplers.FromSearch(dist, x[p]));
            }
            return x;
        }

        /// <summary>log Σ_k w_k Π_p kernel_kp(x_p).</summary>
        public double LogDensity(double[] x)
        {
            var terms = new double[weights.Length];
            for (int k = 0; k < weights.Length; k++)
            {
                double s = logWeights[k];
                for (int p = 0; p < x.Length; p++)
                {
                    ParameterDistribution dist = space.Parameters[p].Distribution;
                    if (dist is CategoricalDistribution) { s += Math.Log(choiceProbabilities[k][p][(int)x[p]]); continue; }
                    var (low, high) = TrialSamplers.SearchBounds(dist);
                    s += LogTruncatedNormal(x[p], centres[k][p], sigmas[k][p], low, high);
                }
                terms[k] = s;
            }
            return StableMath.LogSumExp(terms);
        }
    }

    /// <summary>Standard normal CDF Φ(z) = ½(1 + erf(z/√2)).</summary>
    static double NormalCdf(double z) => 0.5 * (1 + SpecialFunctions.Erf(z / Math.Sqrt(2)));

    /// <summary>log density of N(μ, σ²) truncated to [low, high] at x; μ lies in [low, high], so the normaliser is ≥ Φ(0) − Φ(−(high−low)/σ) &gt; 0.</summary>
    static double LogTruncatedNormal(double x, double mu, double sigma, double low, double high)
    {
        double z = (x - mu) / sigma;
        double mass = NormalCdf((high - mu) / sigma) - NormalCdf((low - mu) / sigma);
        return -0.5 * z * z - Math.Log(sigma * Math.Sqrt(2 * Math.PI)) - Math.Log(mass);
    }

    /// <summary>A draw from N(μ, σ²) truncated to [low, high], by rejection (acceptance ≥ about ¼ since μ lies in the interval and σ ≤ its width).</summary>
    static double TruncatedNormal(Random random, double mu, double sigma, double low, double high)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            double x = mu + sigma * random.NextGaussian();
            if (x >= low && x <= high) return x;
        }
        return Math.Clamp(mu, low, high);
    }
}
