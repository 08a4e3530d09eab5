using Engram.Numerics;

namespace Engram.Phi;

/// <summary>
/// Replica-exchange Markov chain Monte Carlo over bipartitions (Hukushima &amp; Nemoto 1996, J. Phys. Soc. Jpn.
/// 65:1604; used for the MIP by Kitazono, Kanai &amp; Oizumi 2018): R chains at temperatures spaced geometrically
/// over three decades below the typical Φ of random bipartitions, each proposing single-channel moves (channel 0
/// stays in the first part, so each bipartition is one state) accepted by the Metropolis rule, with exchanges
/// between neighbouring temperatures after every sweep. Returns the best bipartition met. A heuristic for measures
/// where Queyranne's algorithm is not exact (SI, Φ*, Φ_G, normalised Φ). Φ values are cached, so the evaluation
/// count is of distinct bipartitions.
/// </summary>
static class ReplicaExchangeMip
{
    public static (int[] Part, long Evaluations) Search(GaussianPhi phi, MipSettings settings, IProgress<WorkProgress>? progress, CancellationToken cancellation)
    {
        int n = phi.Channels;
        if (n > 64) throw new ArgumentException($"the REMCMC search handles up to 64 channels; the system has {n}. Use Queyranne's algorithm.", nameof(phi));
        if (settings.Replicas < 2) throw new ArgumentException($"REMCMC needs at least 2 replicas; got {settings.Replicas}.", nameof(settings));
        if (settings.Sweeps < 1) throw new ArgumentException($"REMCMC needs at least 1 sweep; got {settings.Sweeps}.", nameof(settings));
        ulong all = n == 64 ? ulong.MaxValue : (1UL << n) - 1;
        var cache = new Dictionary<ulong, double>();
        double Energy(ulong b)
        {
            if (!cache.TryGetValue(b, out double e))
                cache[b] = e = phi.Evaluate([SubMatrix.Members(all ^ b), SubMatrix.Members(b)]).Objective;
            return e;
        }
        var random = new Random(settings.Seed);
        int replicas = settings.Replicas;
        var states = new ulong[replicas];
        var energies = new double[replicas];
        for (int r = 0; r < replicas; r++)
        {
            ulong b;
            do b = (ulong)random.NextInt64() & all & ~1UL; while (b == 0);
            states[r] = b;
            energies[r] = Energy(b);
        }
        double scale = energies.Select(Math.Abs).Average();
        if (!(scale > 0)) scale = 1;
        double[] temperatures = [.. Enumerable.Range(0, replicas).Select(r => scale * Math.Pow(10, -3.0 * r / (replicas - 1)))];
        ulong best = states[0];
        double bestEnergy = energies[0];
        void Consider(ulong b, double e)
        {
            if (e < bestEnergy || e == bestEnergy && b < best) { best = b; bestEnergy = e; }
        }
        for (int r = 0; r < replicas; r++) Consider(states[r], energies[r]);
        for (int sweep = 0; sweep < settings.Sweeps; sweep++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int r = 0; r < replicas; r++)
                for (int move = 0; move < n; move++)
                {
                    ulong proposal = states[r] ^ (1UL << (1 + random.Next(n - 1)));
                    if (proposal == 0) continue;
                    double e = Energy(proposal), delta = e - energies[r];
                    if (delta <= 0 || random.NextDouble() < Math.Exp(-delta / temperatures[r]))
                    {
                        states[r] = proposal;
                        energies[r] = e;
                        Consider(proposal, e);
                    }
                }
            for (int r = sweep % 2; r + 1 < replicas; r += 2)
            {
                double exponent = (1 / temperatures[r] - 1 / temperatures[r + 1]) * (energies[r] - energies[r + 1]);
                if (exponent >= 0 || random.NextDouble() < Math.Exp(exponent))
                {
                    (states[r], states[r + 1]) = (states[r + 1], states[r]);
                    (energies[r], energies[r + 1]) = (energies[r + 1], energies[r]);
                }
            }
            progress?.Report(new WorkProgress("REMCMC MIP", sweep + 1, settings.Sweeps));
        }
        return (SubMatrix.Members(all ^ best), cache.Count);
    }
}
