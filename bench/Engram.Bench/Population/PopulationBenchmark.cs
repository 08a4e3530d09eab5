using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Engram.Population;
using Engram.Data;
using Engram.Memory;

namespace Engram.Bench.Population;

/// <summary>
/// The "Population analysis" section of docs/benchmarks.md: the variational Bayesian Gaussian mixture against
/// scikit-learn's <c>BayesianGaussianMixture</c> on the same data in the same run, (1) from the same initial
/// responsibilities, so both run the same iterations to the same lower bound, (2) each with its own k-means
/// start, and (3) the whole sliding-window analysis of the default simulated population against the same
/// pipeline written with numpy and scikit-learn (reference/population_sklearn.py).
/// </summary>
public sealed class PopulationBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "population";

    /// <inheritdoc/>
    public string Description => "VB Gaussian mixture and the sliding-window population analysis vs scikit-learn (same data, same run)";

    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        bool skipWindows = args.Contains("--skip-windows");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        string dir = Directory.CreateTempSubdirectory("engram-bench-population-").FullName;
        try
        {
            foreach ((int n, int d, int k, int reps) in new[] { (60, 5, 10, 300), (500, 5, 10, 40), (5000, 10, 10, 4) })
                foreach (var prior in new[] { WeightPriorType.DirichletProcess, WeightPriorType.DirichletDistribution })
                    GivenStart(dir, n, d, k, reps, prior);
            foreach ((int n, int d, int k, int reps) in new[] { (60, 5, 10, 100), (500, 5, 10, 20) })
                OwnStart(dir, n, d, k, reps);
            if (!skipWindows) Windows(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    /// <summary>Four Gaussian blobs in d dimensions, n points.</summary>
    static double[] Blobs(int n, int d, int seed)
    {
        var random = new Random(seed);
        var centres = new double[4 * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = 6 * (random.NextDouble() - 0.5);
        var x = new double[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) x[i * d + j] = centres[(i % 4) * d + j] + Numerics.StandardNormal.NextGaussian(random);
        return x;
    }

    static string PriorName(WeightPriorType prior) => prior == WeightPriorType.DirichletProcess ? "dirichlet_process" : "dirichlet_distribution";

    static (double Best, double Median) Time(int reps, Action action)
    {
        action(); // JIT warm-up
        var times = new double[reps];
        var clock = new Stopwatch();
        for (int r = 0; r < reps; r++)
        {
            clock.Restart();
            action();
            times[r] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[0], times[reps / 2]);
    }

    static void GivenStart(string dir, int n, int d, int k, int reps, WeightPriorType prior)
    {
        double[] x = Blobs(n, d, 1);
        var random = new Random(2);
        var resp = new double[n * k];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++) sum += resp[i * k + c] = random.NextDouble();
            for (int c = 0; c < k; c++) resp[i * k + c] /= sum;
        }
        string xPath = Path.Combine(dir, "x.npy"), rPath = Path.Combine(dir, "r.npy");
        Npy.Write(xPath, x, n, d);
        Npy.Write(rPath, resp, n, k);
        var settings = new VariationalGaussianMixtureSettings { Components = k, WeightPrior = prior };
        VariationalGaussianMixtureFit fit = VariationalGaussianMixture.Fit(x, n, d, resp, settings);
        var (best, median) = Time(reps, () => VariationalGaussianMixture.Fit(x, n, d, resp, settings));
        var sk = JsonDocument.Parse(Reference.RunPython("population_sklearn.py", "given", xPath, rPath, reps.ToString(Inv), PriorName(prior))).RootElement;
        double skBest = sk.GetProperty("best_ms").GetDouble(), skMedian = sk.GetProperty("median_ms").GetDouble();
        Console.WriteLine($"given start n = {n}, d = {d}, K = {k}, {PriorName(prior)}: Engram best {best:F3} ms, median {median:F3} ms " +
            $"({fit.Iterations} iterations, lower bound {fit.LowerBound:F6}, {fit.ClusterCount} clusters); scikit-learn {sk.GetProperty("sklearn").GetString()} " +
            $"best {skBest:F3} ms, median {skMedian:F3} ms ({sk.GetProperty("n_iter").GetInt32()} iterations, lower bound {sk.GetProperty("lower_bound").GetDouble():F6}, " +
            $"{sk.GetProperty("clusters").GetInt32()} clusters); ratio best {skBest / best:F1}x, median {skMedian / median:F1}x ({reps} reps)");
    }

    static void OwnStart(string dir, int n, int d, int k, int reps)
    {
        double[] x = Blobs(n, d, 3);
        string xPath = Path.Combine(dir, "x.npy");
        Npy.Write(xPath, x, n, d);
        int rep = 0;
        double clusters = 0;
        var (best, median) = Time(reps, () =>
        {
            var fit = VariationalGaussianMixture.Fit(x, n, d, new VariationalGaussianMixtureSettings { Components = k, Seed = rep++ });
            clusters += fit.ClusterCount;
        });
        var sk = JsonDocument.Parse(Reference.RunPython("population_sklearn.py", "kmeans", xPath, k.ToString(Inv), reps.ToString(Inv), "dirichlet_process")).RootElement;
        double skBest = sk.GetProperty("best_ms").GetDouble(), skMedian = sk.GetProperty("median_ms").GetDouble();
        Console.WriteLine($"k-means start n = {n}, d = {d}, K = {k} (4 blobs): Engram best {best:F3} ms, median {median:F3} ms (mean clusters {clusters / (reps + 1):F2}); " +
            $"scikit-learn best {skBest:F3} ms, median {skMedian:F3} ms (mean clusters {sk.GetProperty("mean_clusters").GetDouble():F2}); " +
            $"ratio best {skBest / best:F1}x, median {skMedian / median:F1}x ({reps} reps)");
    }

    static void Windows(string dir)
    {
        SimulatedPopulation sim = PopulationSimulation.Run(new PopulationSimulationSettings());
        PopulationActivity a = sim.Activity;
        string aPath = Path.Combine(dir, "activity.npy"), gPath = Path.Combine(dir, "g.npy"), fPath = Path.Combine(dir, "f.npy");
        Npy.Write(aPath, a.Values, a.Stimuli, a.Neurons, a.TimePoints);
        Npy.Write(gPath, sim.GlobalLabels, a.Stimuli);
        Npy.Write(fPath, sim.FineLabels, a.Stimuli);
        var settings = new PopulationAnalysisSettings { TimeOrigin = sim.TimeOrigin };
        PopulationDynamics.Analyze(a, sim.GlobalLabels, sim.FineLabels, settings with { Step = 50 }); // warm-up
        var clock = Stopwatch.StartNew();
        PopulationAnalysis result = PopulationDynamics.Analyze(a, sim.GlobalLabels, sim.FineLabels, settings);
        double seconds = clock.Elapsed.TotalSeconds;
        int? FirstStart(Func<PopulationWindow, double?> ari) => result.Windows.FirstOrDefault(w => ari(w) > settings.AriThreshold)?.FirstSample;
        var sk = JsonDocument.Parse(Reference.RunPython("population_sklearn.py", "windows", aPath, gPath, fPath, settings.Window.ToString(Inv),
            settings.Step.ToString(Inv), settings.Components.ToString(Inv), settings.Mixture.Components.ToString(Inv),
            settings.Mixture.Initializations.ToString(Inv))).RootElement;
        double skSeconds = sk.GetProperty("seconds").GetDouble();
        static string Start(JsonElement e) => e.ValueKind == JsonValueKind.Null ? "never" : e.GetInt32().ToString(Inv);
        Console.WriteLine($"sliding windows on the default simulation ({a.Stimuli} × {a.Neurons} × {a.TimePoints}, window {settings.Window}, step {settings.Step}, " +
            $"{result.Windows.Count} windows, PCA {settings.Components}, K = {settings.Mixture.Components}, {settings.Mixture.Initializations} starts): " +
            $"Engram {seconds:F2} s (first window start with global ARI > 0.5: sample {FirstStart(w => w.AriGlobal)}, fine: {FirstStart(w => w.AriFine)}; " +
            $"mean clusters {result.Windows.Average(w => w.Clusters):F2}); numpy + scikit-learn {skSeconds:F2} s (global {Start(sk.GetProperty("first_global_start"))}, " +
            $"fine {Start(sk.GetProperty("first_fine_start"))}; mean clusters {sk.GetProperty("mean_clusters").GetDouble():F2}); ratio {skSeconds / seconds:F1}x");
    }
}
