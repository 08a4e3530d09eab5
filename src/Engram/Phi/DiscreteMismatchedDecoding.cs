namespace Engram.Phi;

/// <summary>
/// The mismatched-decoding information of a discrete system under a partition (Oizumi et al. 2016, PLoS Comput Biol
/// 12:e1004654, Eq. 20; PhiToolbox's <c>phi_star_dis</c>). With the partitioned model q(y | x) = Πₖ p(y_{Pₖ} | x_{Pₖ}),
/// Ĩ(β) = −Σ_y p(y) log Σ_x p(x) q(y | x)^β + β Σ_{x,y} p(x, y) log q(y | x), where the second sum is −Σₖ H(Y_{Pₖ} | X_{Pₖ}).
/// Ĩ is concave in β (Ĩ″ = −Σ_y p(y) Var_{w_y}[log q(y | ·)] with w_y(x) ∝ p(x) q(y | x)^β) and Ĩ(0) = 0; its maximum
/// over β ≥ 0 is found by safeguarded Newton steps on Ĩ′ inside a bracket, sums in the log domain.
/// </summary>
public static class DiscreteMismatchedDecoding
{
    /// <summary>Largest β tried; beyond it Ĩ is taken as its value there (Ĩ still rising means q decodes almost deterministically).</summary>
    public const double MaxBeta = 1e8;

    /// <summary>max_{β ≥ 0} Ĩ(β) and its β* for <paramref name="parts"/>; <paramref name="partConditionalEntropy"/> is Σₖ H(Y_{Pₖ} | X_{Pₖ}).</summary>
    public static (double Information, double Beta) MaximiseInformation(DiscreteStatistics statistics, IReadOnlyList<int[]> parts, double partConditionalEntropy)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(parts);
        var model = new Model(statistics, parts, partConditionalEntropy);
        double lo = 0, hi = 1;
        while (model.Slope(hi) > 0)
        {
            if (hi >= MaxBeta) return (model.Value(hi), hi);
            lo = hi;
            hi *= 2;
        }
        double beta = 0.5 * (lo + hi);
        for (int iteration = 0; iteration < 300 && hi - lo > 1e-14 * Math.Max(1, hi); iteration++)
        {
            (double slope, double curvature) = model.SlopeAndCurvature(beta);
            if (slope > 0) lo = beta; else hi = beta;
            if (slope == 0) break;
            double newton = curvature < 0 ? beta - slope / curvature : double.NaN;
            beta = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
        }
        double value = model.Value(beta);
        return value > 0 ? (value, beta) : (0, 0);
    }

    /// <summary>p(x), p(y) over observed states and log q(y | x) between them (−∞ where some part never made that transition).</summary>
    sealed class Model
    {
        readonly double[] logPast, present;
        readonly double[][] logQ;
        readonly double partEntropy;

        public Model(DiscreteStatistics s, IReadOnlyList<int[]> parts, double partConditionalEntropy)
        {
            partEntropy = partConditionalEntropy;
            int n = s.Channels, pairs = s.Samples - s.Lag;
            int[] everything = [.. Enumerable.Range(0, n)];
            (long[] pastCodes, double[] pastP) = DiscreteStatistics.Distribution(s.Codes(everything, 0, pairs));
            (long[] presentCodes, double[] presentP) = DiscreteStatistics.Distribution(s.Codes(everything, s.Lag, pairs));
            logPast = [.. pastP.Select(p => Math.Log(p))];
            present = presentP;
            var conditionals = parts.Select(part => Conditional(s, part, pairs)).ToArray();
            logQ = new double[presentCodes.Length][];
            for (int i = 0; i < presentCodes.Length; i++)
            {
                logQ[i] = new double[pastCodes.Length];
                for (int j = 0; j < pastCodes.Length; j++)
                {
                    double sum = 0;
                    for (int k = 0; k < parts.Count && !double.IsNegativeInfinity(sum); k++)
                    {
                        long y = Local(presentCodes[i], parts[k], s.States), x = Local(pastCodes[j], parts[k], s.States);
                        sum += conditionals[k].TryGetValue((y, x), out double lq) ? lq : double.NegativeInfinity;
                    }
                    logQ[i][j] = sum;
                }
            }
        }

        /// <summary>log p(y_S | x_S) for every observed transition of set S.</summary>
        static Dictionary<(long, long), double> Conditional(DiscreteStatistics s, int[] set, int pairs)
        {
            long[] past = s.Codes(set, 0, pairs), present = s.Codes(set, s.Lag, pairs);
            var joint = new Dictionary<(long, long), int>();
            var marginal = new Dictionary<long, int>();
            for (int t = 0; t < pairs; t++)
            {
                joint[(present[t], past[t])] = joint.GetValueOrDefault((present[t], past[t])) + 1;
                marginal[past[t]] = marginal.GetValueOrDefault(past[t]) + 1;
            }
            return joint.ToDictionary(e => e.Key, e => Math.Log((double)e.Value / marginal[e.Key.Item2]));
        }

        /// <summary>The code of set S's states within a whole-system code.</summary>
        static long Local(long code, int[] set, int k)
        {
            long local = 0, weight = 1;
            foreach (int c in set)
            {
                local += weight * (code / (long)Math.Pow(k, c) % k);
                weight *= k;
            }
            return local;
        }

        public double Value(double beta)
        {
            double sum = 0;
            for (int i = 0; i < present.Length; i++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < logPast.Length; j++) max = Math.Max(max, Exponent(i, j, beta));
                double acc = 0;
                for (int j = 0; j < logPast.Length; j++) acc += Math.Exp(Exponent(i, j, beta) - max);
                sum -= present[i] * (max + Math.Log(acc));
            }
            return sum - beta * partEntropy;
        }

        public double Slope(double beta) => SlopeAndCurvature(beta).Slope;

        public (double Slope, double Curvature) SlopeAndCurvature(double beta)
        {
            double slope = -partEntropy, curvature = 0;
            for (int i = 0; i < present.Length; i++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < logPast.Length; j++) max = Math.Max(max, Exponent(i, j, beta));
                double z = 0, mean = 0, square = 0;
                for (int j = 0; j < logPast.Length; j++)
                {
                    if (double.IsNegativeInfinity(logQ[i][j])) continue;
                    double w = Math.Exp(Exponent(i, j, beta) - max);
                    z += w;
                    mean += w * logQ[i][j];
                    square += w * logQ[i][j] * logQ[i][j];
                }
                mean /= z;
                slope -= present[i] * mean;
                curvature -= present[i] * Math.Max(0, square / z - mean * mean);
            }
            return (slope, curvature);
        }

        double Exponent(int i, int j, double beta) => double.IsNegativeInfinity(logQ[i][j]) ? double.NegativeInfinity : logPast[j] + beta * logQ[i][j];
    }
}
