using System.CommandLine;
using System.Globalization;
using Engram.Population;
using Engram.Data;
using Engram.Memory;
using Engram.Reports;

namespace Engram.Cli.Hopfield;

/// <summary>
/// <c>engram hopfield population</c>: sliding-window PCA and Bayesian-mixture clustering of population activity
/// (stimuli × neurons × time), scored against global and fine stimulus labels (Matsumoto et al. 2005), on a
/// user's .npy arrays or on a simulated hierarchical associative memory.
/// </summary>
public static class HopfieldPopulationVerb
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var input = new Option<FileInfo?>("--input") { Description = "activity as a 3-D .npy array: stimuli × neurons × time" };
        var globalLabels = new Option<FileInfo?>("--global-labels") { Description = "global category of each stimulus, a 1-D .npy array of whole numbers" };
        var fineLabels = new Option<FileInfo?>("--fine-labels") { Description = "fine category of each stimulus, a 1-D .npy array of whole numbers" };
        var simulate = new Option<bool>("--simulate") { Description = "analyse a simulated hierarchical associative memory instead of --input" };
        var window = CommonOptions.IntAtLeast("--window", "window width in time points", 50);
        var step = CommonOptions.IntAtLeast("--step", "shift between windows in time points", 1);
        var components = CommonOptions.IntAtLeast("--components", "principal components per window", 5);
        var maxClusters = CommonOptions.IntAtLeast("--max-clusters", "most clusters per window (components of the Bayesian mixture)", 10);
        var inits = CommonOptions.IntAtLeast("--inits", "mixture starts per window; the best lower bound is kept", 3);
        var prior = new Option<WeightPriorType>("--prior")
        {
            Description = "weight prior of the mixture: dp (Dirichlet process, stick-breaking) or dirichlet (default dp)",
            DefaultValueFactory = _ => WeightPriorType.DirichletProcess,
            CustomParser = r =>
            {
                string s = r.Tokens.Single().Value;
                switch (s.ToLowerInvariant())
                {
                    case "dp" or "dirichlet_process" or "dirichlet-process": return WeightPriorType.DirichletProcess;
                    case "dirichlet" or "dirichlet_distribution" or "dirichlet-distribution": return WeightPriorType.DirichletDistribution;
                    default: r.AddError($"--prior must be dp or dirichlet; got {s}"); return default;
                }
            },
        };
        var threshold = CommonOptions.DoubleIn("--ari-threshold", "ARI above which a labeling counts as recovered", 0.5, -1, 1);
        var timeOrigin = CommonOptions.Double("--time-origin", "time of the first sample (default 0; −baseline with --simulate)", 0, _ => true, "finite");
        var timeUnit = CommonOptions.PositiveDouble("--time-unit", "duration of one sample in time units", 1);
        var defaults = new PopulationSimulationSettings();
        var n = CommonOptions.IntAtLeast("--n", "simulation: neurons in the network", defaults.N);
        var parents = CommonOptions.IntAtLeast("--parents", "simulation: parents (global categories)", defaults.Parents);
        var children = CommonOptions.IntAtLeast("--children", "simulation: children per parent (fine categories)", defaults.ChildrenPerParent);
        var b = CommonOptions.DoubleIn("--b", "simulation: parent–child correlation b", defaults.B, 0, 1);
        var perChild = CommonOptions.IntAtLeast("--stimuli-per-child", "simulation: noisy stimuli per child", defaults.StimuliPerChild);
        var cueNoise = CommonOptions.DoubleIn("--cue-noise", "simulation: fraction of a child's bits flipped in a stimulus", defaults.CueNoise, 0, 0.5);
        var temperature = CommonOptions.PositiveDouble("--temperature", "simulation: Glauber temperature T", defaults.Temperature);
        var unitsPerSweep = CommonOptions.IntAtLeast("--units-per-sweep", "simulation: time units per asynchronous sweep", defaults.TimeUnitsPerSweep);
        var baseline = CommonOptions.IntAtLeast("--baseline", "simulation: time units of spontaneous activity before onset", defaults.Baseline, 0);
        var duration = CommonOptions.IntAtLeast("--duration", "simulation: time units after onset", defaults.Duration);
        var recorded = CommonOptions.IntAtLeast("--recorded", "simulation: neurons recorded", defaults.RecordedNeurons);
        var noise = CommonOptions.NonNegativeDouble("--noise", "simulation: standard deviation of the observation noise", defaults.ObservationNoise);
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var command = new Command("population",
            "Population-dynamics analysis (Matsumoto et al. 2005): in every sliding window the stimuli's mean activity is reduced by PCA and " +
            "clustered by a variational Bayesian Gaussian mixture that picks the number of clusters (as scikit-learn's BayesianGaussianMixture); " +
            "each window's clusters are scored against global and fine labels by the adjusted Rand index. Input: --input activity.npy " +
            "(stimuli × neurons × time) with --global-labels/--fine-labels, or --simulate (a hierarchical associative memory whose stimuli " +
            "are noisy children of a few parents).\n" +
            "Examples: engram hopfield population --simulate --out runs/population\n" +
            "          engram hopfield population --input activity.npy --global-labels g.npy --fine-labels f.npy --window 50 --step 1 --out runs/pop")
        {
            input, globalLabels, fineLabels, simulate, window, step, components, maxClusters, inits, prior, threshold, timeOrigin, timeUnit,
            n, parents, children, b, perChild, cueNoise, temperature, unitsPerSweep, baseline, duration, recorded, noise, seed,
        };
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            FileInfo? inputFile = parse.GetValue(input);
            bool simulated = parse.GetValue(simulate);
            if (inputFile is null == !simulated)
                throw new ArgumentException(simulated
                    ? "give either --input activity.npy or --simulate, not both."
                    : "give --input activity.npy (stimuli × neurons × time) or --simulate.");
            int s = parse.GetValue(seed);
            var settings = new PopulationAnalysisSettings
            {
                Window = parse.GetValue(window), Step = parse.GetValue(step), Components = parse.GetValue(components),
                AriThreshold = parse.GetValue(threshold), TimeOrigin = parse.GetValue(timeOrigin), TimeUnit = parse.GetValue(timeUnit), Seed = s,
                Mixture = new VariationalGaussianMixtureSettings
                {
                    Components = parse.GetValue(maxClusters), Initializations = parse.GetValue(inits), WeightPrior = parse.GetValue(prior),
                },
            };

            PopulationSimulationSettings? simulationSettings = null;
            PopulationActivity? activity = null;
            int[]? global = null, fine = null;
            if (simulated)
            {
                simulationSettings = new PopulationSimulationSettings
                {
                    N = parse.GetValue(n), Parents = parse.GetValue(parents), ChildrenPerParent = parse.GetValue(children), B = parse.GetValue(b),
                    StimuliPerChild = parse.GetValue(perChild), CueNoise = parse.GetValue(cueNoise), Temperature = parse.GetValue(temperature),
                    TimeUnitsPerSweep = parse.GetValue(unitsPerSweep), Baseline = parse.GetValue(baseline), Duration = parse.GetValue(duration),
                    RecordedNeurons = parse.GetValue(recorded), ObservationNoise = parse.GetValue(noise), Seed = s,
                };
                simulationSettings.Validate();
                if (parse.GetResult(timeOrigin) is not { Implicit: false }) settings = settings with { TimeOrigin = -simulationSettings.Baseline * settings.TimeUnit };
            }
            else
            {
                activity = ReadActivity(inputFile!.FullName);
                global = ReadLabels(parse.GetValue(globalLabels), "--global-labels", activity.Stimuli);
                fine = ReadLabels(parse.GetValue(fineLabels), "--fine-labels", activity.Stimuli);
            }

            var (analysis, simulation) = context.WithProgress("population analysis", progress =>
            {
                SimulatedPopulation? sim = simulationSettings is null ? null : PopulationSimulation.Run(simulationSettings, progress);
                if (sim is not null)
                {
                    activity = sim.Activity;
                    global = sim.GlobalLabels;
                    fine = sim.FineLabels;
                }
                return (PopulationDynamics.Analyze(activity!, global, fine, settings, progress), sim);
            });

            string source = simulation is null ? inputFile!.FullName : "simulation";
            PopulationRecord record = PopulationReport.Record(CommandLine.Of(parse), source, analysis, simulation, clock.Elapsed.TotalSeconds);
            IReadOnlyList<string> files = [];
            return report.Finish(parse, context, record,
                (folder, _, formats) => files = PopulationReport.Write(folder, analysis, record, global, fine, simulation, formats),
                (o, folder) => Summarise(o, record, folder, files));
        });
        return command;
    }

    static PopulationActivity ReadActivity(string path)
    {
        NpyArray array = Npy.Read(path);
        if (array.Rank != 3)
            throw new ArgumentException($"--input {Path.GetFileName(path)}: activity must be a 3-D array (stimuli × neurons × time); " +
                $"got shape ({string.Join(", ", array.Shape)}) of rank {array.Rank}.");
        try
        {
            return PopulationActivity.FromArray(array.Values, array.Shape);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--input {Path.GetFileName(path)}: {e.Message.Replace(" (Parameter 'values')", "")}");
        }
    }

    static int[]? ReadLabels(FileInfo? file, string option, int stimuli)
    {
        if (file is null) return null;
        NpyArray array = Npy.Read(file.FullName).SqueezeLeading();
        if (array.Rank != 1)
            throw new ArgumentException($"{option} {file.Name}: labels must be a 1-D array with one entry per stimulus; got shape ({string.Join(", ", array.Shape)}).");
        if (array.Values.Length != stimuli)
            throw new ArgumentException($"{option} {file.Name} has {array.Values.Length} labels but the activity has {stimuli} stimuli; give one label per stimulus.");
        var labels = new int[stimuli];
        for (int i = 0; i < stimuli; i++)
        {
            double v = array.Values[i];
            if (!double.IsFinite(v) || v != Math.Round(v) || Math.Abs(v) > int.MaxValue)
                throw new ArgumentException($"{option} {file.Name}: label {i} is {v.ToString(CultureInfo.InvariantCulture)}; labels must be whole numbers.");
            labels[i] = (int)v;
        }
        return labels;
    }

    static string F(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "n/a";

    static void Summarise(TextWriter o, PopulationRecord r, string? dir, IReadOnlyList<string> files)
    {
        o.WriteLine($"population analysis of {(r.Simulation is null ? r.Source : "a simulated hierarchical memory")}: {r.Stimuli} stimuli × {r.Neurons} neurons × {r.TimePoints} time points");
        o.WriteLine($"  {r.Windows.Count} windows of {r.Window} (step {r.Step}); PCA to {r.Components} components; Bayesian mixture with up to {r.MaxClusters} clusters " +
                    $"({r.WeightPrior}, {r.Initializations} starts)");
        o.WriteLine("  window centre  clusters  ARI global  ARI fine");
        int stride = Math.Max(1, r.Windows.Count / 16);
        for (int i = 0; i < r.Windows.Count; i += stride)
        {
            var w = r.Windows[i];
            o.WriteLine($"  {F(w.Time),13}  {w.NClusters,8}  {F(w.AriGlobal),10}  {F(w.AriFine),8}");
        }
        o.WriteLine($"  global labels recovered (ARI > {F(r.AriThreshold)}) at {F(r.GlobalRecoveryTime)}, fine labels at {F(r.FineRecoveryTime)}" +
                    (r.GlobalBeforeFine is { } first ? (first ? ": global before fine" : ": not global before fine") : "") + $"  [{r.ElapsedSeconds:0.0} s]");
        if (dir is not null) o.WriteLine($"wrote {string.Join(", ", files)} in {dir}");
    }
}
