using Engram.Continual;
using Engram.Data;
using Engram.Numerics;
using Engram.Population;

namespace Engram.Generative;

/// <summary>Settings of <see cref="VaeConceptFormation.Run"/>.</summary>
public sealed record VaeConceptFormationSettings
{
    /// <summary>Numbers of latent variables compared (finding 3).</summary>
    public IReadOnlyList<int> Latents { get; init; } = [2, 8, 32];

    /// <summary>Training seeds: one VAE per latent size and seed; intervals are over these.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [0, 1, 2];

    /// <summary>Training of every VAE (its latent size and seed are set per run).</summary>
    public VaeTrainingSettings Training { get; init; } = new();

    /// <summary>Repeated inference on every trained VAE (its seed is set per run).</summary>
    public RepeatedInferenceSettings Dynamics { get; init; } = new();

    /// <summary>Number of classes of the data.</summary>
    public int Classes { get; init; } = 10;

    /// <summary>Superclass of each class (abstraction measured against their centres), given by the user; null for none or found ones.</summary>
    public IReadOnlyList<int>? Superclass { get; init; } = FashionMnist.Superclass;

    /// <summary>
    /// Find K superclasses in each trained model instead: <see cref="ConceptClustering.AverageLinkage"/> of its class
    /// concepts (then <see cref="Superclass"/> must be null).
    /// </summary>
    public int? SuperclassClusters { get; init; }

    /// <summary>The planted superclass of each class, when the data has one (a synthetic hierarchy): the found superclasses are scored against it by the adjusted Rand index.</summary>
    public IReadOnlyList<int>? PlantedSuperclass { get; init; }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (Latents is null || Latents.Count == 0 || Latents.Any(l => l < 1)) throw new ArgumentException($"latent sizes must be ≥ 1; got [{string.Join(", ", Latents ?? [])}].", nameof(Latents));
        if (Seeds is null || Seeds.Count == 0) throw new ArgumentException("give at least one seed.", nameof(Seeds));
        if (Seeds.Distinct().Count() != Seeds.Count) throw new ArgumentException($"seeds must differ; got [{string.Join(", ", Seeds)}].", nameof(Seeds));
        if (Classes < 1) throw new ArgumentException($"classes must be ≥ 1; got {Classes}.", nameof(Classes));
        if (Superclass is not null && Superclass.Count != Classes) throw new ArgumentException($"the superclass map has {Superclass.Count} entries for {Classes} classes.", nameof(Superclass));
        if (Superclass is not null && SuperclassClusters is not null) throw new ArgumentException("give either a superclass map or a number of superclasses to find, not both.", nameof(SuperclassClusters));
        if (SuperclassClusters is { } k && (k < 1 || k > Classes)) throw new ArgumentException($"the number of superclasses must be in 1 … {Classes} (the number of classes); got {k}.", nameof(SuperclassClusters));
        if (PlantedSuperclass is not null && PlantedSuperclass.Count != Classes) throw new ArgumentException($"the planted superclass map has {PlantedSuperclass.Count} entries for {Classes} classes.", nameof(PlantedSuperclass));
        ArgumentNullException.ThrowIfNull(Training);
        ArgumentNullException.ThrowIfNull(Dynamics);
        Training.Validate();
        Dynamics.Validate();
        Dynamics.CheckInputDistribution(Training.Architecture.Binarize);
    }
}

/// <summary>One trained VAE and its repeated-inference trajectories.</summary>
/// <param name="Latent">Number of latent variables.</param>
/// <param name="Seed">Training and dynamics seed.</param>
/// <param name="Training">Training result (test ELBO and log-likelihood).</param>
/// <param name="Dynamics">The trajectories at every noise level.</param>
public sealed record VaeSeedResult(int Latent, int Seed, VaeTrainingResult Training, RepeatedInferenceResult Dynamics);

/// <summary>Findings 1 and 2 for one latent size and noise level, over seeds.</summary>
/// <param name="Latent">Number of latent variables.</param>
/// <param name="Level">Noise level.</param>
/// <param name="OwnConcept">Distance to the own class's concept over t: mean over seeds of each seed's mean curve, ± standard error over seeds.</param>
/// <param name="NearestMemory">Distance to the nearest memory over t, likewise.</param>
/// <param name="GrandMean">Distance to the grand mean over t, likewise.</param>
/// <param name="MinimumStep">Step of the minimum of the mean own-concept curve, over seeds.</param>
/// <param name="ApproachDepth">1 − min_t d̄_c(t) / d̄_c(0), over seeds.</param>
/// <param name="Concreteness">‖z(t*) − g‖ / ‖c_y − g‖ at the closest approach (smaller = more abstract), over seeds.</param>
/// <param name="NearestConceptIsOwn">Fraction of inputs whose nearest concept is their own class's, at the minimum step, over seeds.</param>
/// <param name="NearestConceptInOwnSuperclass">Fraction whose nearest concept lies in their superclass, at the minimum step, over seeds; null without a grouping.</param>
/// <param name="TrajectoryApproachDepth">1 − min_{t ≥ 1} d̄_c(t) / d̄_c(0), the approach of the dynamics themselves, over seeds.</param>
/// <param name="TrajectoryConcreteness">Concreteness at each input's closest approach at t ≥ 1, over seeds.</param>
public sealed record ConceptApproach(int Latent, double Level, Curve OwnConcept, Curve NearestMemory, Curve GrandMean,
    Estimate MinimumStep, Estimate ApproachDepth, Estimate Concreteness, Estimate NearestConceptIsOwn, Estimate? NearestConceptInOwnSuperclass,
    Estimate TrajectoryApproachDepth, Estimate TrajectoryConcreteness);

/// <summary>Finding 3: test fit of one latent size, over seeds.</summary>
/// <param name="Latent">Number of latent variables.</param>
/// <param name="TestLogLikelihood">Importance-sampled test log-likelihood (nats per image).</param>
/// <param name="TestElbo">Test ELBO (nats per image).</param>
public sealed record LatentSizeFit(int Latent, Estimate TestLogLikelihood, Estimate TestElbo);

/// <summary>The superclasses one trained VAE's concepts gave.</summary>
/// <param name="Latent">Number of latent variables.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="Superclass">The superclass of each class (found by clustering, or the given map).</param>
/// <param name="AdjustedRandIndex">Agreement with the planted superclasses (1 = the same grouping); null when none is planted.</param>
public sealed record SuperclassFinding(int Latent, int Seed, int[] Superclass, double? AdjustedRandIndex);

/// <summary>Result of <see cref="VaeConceptFormation.Run"/>.</summary>
public sealed record VaeConceptFormationResult
{
    /// <summary>What produced it.</summary>
    public required VaeConceptFormationSettings Settings { get; init; }

    /// <summary>Every trained VAE with its trajectories.</summary>
    public required IReadOnlyList<VaeSeedResult> Runs { get; init; }

    /// <summary>Findings 1 and 2 per latent size and noise level.</summary>
    public required IReadOnlyList<ConceptApproach> Approach { get; init; }

    /// <summary>Finding 3 per latent size.</summary>
    public required IReadOnlyList<LatentSizeFit> Fit { get; init; }

    /// <summary>The superclasses of every trained VAE (empty without a grouping).</summary>
    public required IReadOnlyList<SuperclassFinding> Superclasses { get; init; }
}

/// <summary>
/// The three findings of Nagano, Karakida &amp; Okada on concept formation by repeated inference in a VAE, measured:
/// (1) trajectories approach their class's concept, then move toward a memory; (2) noisier inputs approach a more
/// abstract concept (closer to the grand mean or a superclass centre); (3) the number of latent variables changes the
/// approach and the test log-likelihood. One VAE per latent size and seed, each trained (resumably) with
/// <see cref="VaeTraining"/>, then <see cref="RepeatedInference"/> on its test inputs.
/// </summary>
public static class VaeConceptFormation
{
    /// <summary>
    /// Trains every (latent size, seed) VAE — resuming the checkpoint <paramref name="checkpointPath"/>(latent, seed)
    /// names, when given — runs the dynamics on each and summarises over seeds.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid settings or data.</exception>
    public static VaeConceptFormationResult Run(ImageSet train, ImageSet test, VaeConceptFormationSettings settings,
        Func<int, int, string?>? checkpointPath = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var runs = new List<VaeSeedResult>();
        foreach (int latent in settings.Latents)
            foreach (int seed in settings.Seeds)
            {
                cancellation.ThrowIfCancellationRequested();
                string name = $"latent {latent}, seed {seed}";
                var relabelled = progress is null ? null : new Progress(progress, name);
                var training = settings.Training with
                {
                    Architecture = settings.Training.Architecture with { Latent = latent },
                    Trainer = settings.Training.Trainer with { Seed = seed },
                };
                var (vae, trained) = VaeTraining.Train(train, test, training, checkpointPath?.Invoke(latent, seed), relabelled, cancellation);
                using (vae)
                {
                    // Concepts and memories are codes of the images the model was trained on: with early stopping, not of
                    // the validation images it never saw.
                    ImageSet fitted = training.EarlyStopping is { } early ? VaeTraining.HoldOut(train, early.ValidationFraction, training.Trainer.Seed).Fit : train;
                    RepeatedInferenceResult dynamics = Dynamics(vae, training.Architecture.Prepare(fitted), training.Architecture.Prepare(test), settings.Dynamics with { Seed = seed, Threads = training.Trainer.Threads },
                        settings.Classes, settings.Superclass, settings.SuperclassClusters, relabelled, cancellation);
                    runs.Add(new VaeSeedResult(latent, seed, trained, dynamics));
                }
            }
        return new VaeConceptFormationResult
        {
            Settings = settings,
            Runs = runs,
            Approach = Summarise(settings, runs),
            Fit = settings.Latents.Select(l => Fit(l, runs.Where(r => r.Latent == l).ToArray())).ToArray(),
            Superclasses = runs.Where(r => r.Dynamics.Superclass is not null).Select(r => new SuperclassFinding(r.Latent, r.Seed, r.Dynamics.Superclass!,
                settings.PlantedSuperclass is null ? null : AdjustedRandIndex.Compute(r.Dynamics.Superclass, settings.PlantedSuperclass.ToArray()))).ToArray(),
        };
    }

    /// <summary>
    /// Builds the concepts and memories of <paramref name="vae"/> from <paramref name="train"/> (superclasses given by
    /// <paramref name="superclass"/> or found as <paramref name="superclassClusters"/> groups of concepts, see
    /// <see cref="LatentGeometry.Build"/>) and runs repeated inference from the first test inputs of each class.
    /// </summary>
    public static RepeatedInferenceResult Dynamics(VariationalAutoencoder vae, ImageSet train, ImageSet test, RepeatedInferenceSettings settings,
        int classes, IReadOnlyList<int>? superclass, int? superclassClusters, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        LatentGeometry geometry = TorchRuntime.Run(settings.Threads, () => LatentGeometry.Build(vae, train, classes, superclass, superclassClusters, settings.MaxMemories, settings.Seed));
        ImageSet inputs = RepeatedInference.SelectInputs(test, settings.InputsPerClass, classes);
        return RepeatedInference.Run(vae, geometry, inputs, settings, progress, cancellation);
    }

    static List<ConceptApproach> Summarise(VaeConceptFormationSettings settings, List<VaeSeedResult> runs)
    {
        var summaries = new List<ConceptApproach>();
        foreach (int latent in settings.Latents)
            for (int l = 0; l < settings.Dynamics.Levels.Count; l++)
            {
                InferenceLevel[] levels = runs.Where(r => r.Latent == latent).Select(r => r.Dynamics.Levels[l]).ToArray();
                bool grouped = levels.All(x => x.NearestConceptInOwnSuperclass is not null);
                summaries.Add(new ConceptApproach(latent, settings.Dynamics.Levels[l],
                    OverSeeds(levels.Select(x => x.OwnConcept.Mean)),
                    OverSeeds(levels.Select(x => x.NearestMemory.Mean)),
                    OverSeeds(levels.Select(x => x.GrandMean.Mean)),
                    Estimate.Of(levels.Select(x => (double)x.ConceptMinimumStep).ToArray()),
                    Estimate.Of(levels.Select(x => x.ApproachDepth).ToArray()),
                    Estimate.Of(levels.Select(x => x.Concreteness).ToArray()),
                    Estimate.Of(levels.Select(x => x.NearestConceptIsOwn[x.ConceptMinimumStep]).ToArray()),
                    grouped ? Estimate.Of(levels.Select(x => x.NearestConceptInOwnSuperclass![x.ConceptMinimumStep]).ToArray()) : null,
                    Estimate.Of(levels.Select(x => x.TrajectoryApproachDepth).ToArray()),
                    Estimate.Of(levels.Select(x => x.TrajectoryConcreteness).ToArray())));
            }
        return summaries;
    }

    static Curve OverSeeds(IEnumerable<double[]> curves)
    {
        double[][] rows = curves.ToArray();
        var matrix = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
            for (int t = 0; t < rows[i].Length; t++) matrix[i, t] = rows[i][t];
        return Curve.Of(matrix);
    }

    static LatentSizeFit Fit(int latent, VaeSeedResult[] runs) => new(latent,
        Estimate.Of(runs.Select(r => r.Training.TestLogLikelihood).ToArray()),
        Estimate.Of(runs.Select(r => r.Training.TestElbo).ToArray()));

    /// <summary>Forwards progress with the run's name in front of the stage.</summary>
    sealed class Progress(IProgress<WorkProgress> inner, string name) : IProgress<WorkProgress>
    {
        public void Report(WorkProgress value) => inner.Report(value with { Task = $"{name}: {value.Task}" });
    }
}
