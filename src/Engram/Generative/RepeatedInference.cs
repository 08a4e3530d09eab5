using Engram.Data;
using Engram.Numerics;
using Engram.Training;
using static TorchSharp.torch;

namespace Engram.Generative;

/// <summary>
/// Repeated inference in a VAE (Nagano, Karakida &amp; Okada, "Concept formation and dynamics of repeated inference in
/// deep generative models"): from a corrupted input x(0), z(0) ~ q_φ(z | x(0)), then x(t+1) ~ p_θ(x | z(t)) and
/// z(t+1) ~ q_φ(z | x(t+1)) (or the means of both), and records the trajectory as the encoder means μ_φ(x(t)). Measures
/// their distance to every concept, to the nearest memory, to the grand mean and to superclass centres
/// (<see cref="LatentGeometry"/>). The paper finds that z(t) first
/// approaches its class's concept quickly and then drifts slowly toward a memory, and that noisier inputs approach a
/// more abstract concept.
/// </summary>
public static class RepeatedInference
{
    /// <summary>The first <paramref name="perClass"/> images of every class of <paramref name="images"/>, class by class.</summary>
    public static ImageSet SelectInputs(ImageSet images, int perClass, int classes)
    {
        ArgumentNullException.ThrowIfNull(images);
        var chosen = new List<int>();
        for (int c = 0; c < classes; c++)
            chosen.AddRange(Enumerable.Range(0, images.Count).Where(i => images.Labels[i] == c).Take(perClass));
        return images.Select(chosen);
    }

    /// <summary>Runs the dynamics from <paramref name="inputs"/> at every noise level of <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentException">Invalid settings, or inputs whose size does not fit the VAE.</exception>
    public static RepeatedInferenceResult Run(VariationalAutoencoder vae, LatentGeometry geometry, ImageSet inputs, RepeatedInferenceSettings settings,
        IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        settings.CheckInputDistribution(vae.Architecture.Binarize);
        if (inputs.PixelsPerImage != vae.Architecture.Height * vae.Architecture.Width)
            throw new ArgumentException($"inputs have {inputs.Height} × {inputs.Width} pixels; the VAE was built for {vae.Architecture.Height} × {vae.Architecture.Width}.", nameof(inputs));
        if (inputs.Count == 0) throw new ArgumentException("repeated inference needs at least one input.", nameof(inputs));
        if (inputs.Labels.Any(y => y < 0 || y >= geometry.Concepts.Length)) throw new ArgumentException($"an input's class is outside 0…{geometry.Concepts.Length - 1}.", nameof(inputs));
        int[] examples = inputs.Labels.Select((y, i) => (y, i)).GroupBy(p => p.y).Take(settings.Examples).Select(g => g.First().i).ToArray();
        return TorchRuntime.Run(settings.Threads, () =>
        {
            var levels = new List<InferenceLevel>();
            for (int l = 0; l < settings.Levels.Count; l++)
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Report(new WorkProgress("repeated inference", l, settings.Levels.Count, $"noise {settings.Levels[l]}"));
                levels.Add(RunLevel(vae, geometry, inputs, settings, l, examples));
            }
            progress?.Report(new WorkProgress("repeated inference", settings.Levels.Count, settings.Levels.Count));
            return new RepeatedInferenceResult
            {
                Settings = settings,
                Inputs = inputs.Count,
                ExampleLabels = examples.Select(i => inputs.Labels[i]).ToArray(),
                Superclass = geometry.Superclass,
                Levels = levels,
            };
        });
    }

    static InferenceLevel RunLevel(VariationalAutoencoder vae, LatentGeometry geometry, ImageSet inputs, RepeatedInferenceSettings settings, int levelIndex, int[] examples)
    {
        double level = settings.Levels[levelIndex];
        ImageSet noisy = ImageNoise.Apply(inputs, settings.Noise, level, Seeding.Create(Seeding.Derive(settings.Seed, 2 * levelIndex)));
        int n = inputs.Count, steps = settings.Steps, latent = geometry.Latent, d = inputs.PixelsPerImage;
        var codes = new double[steps + 1][];                                          // z(t), n × latent
        int[] frameSteps = settings.FrameSteps.Distinct().Order().ToArray();
        var frames = examples.Select(_ => new List<float[]>()).ToArray();
        for (int e = 0; e < examples.Length; e++) frames[e].Add(noisy.Pixels.AsSpan(examples[e] * d, d).ToArray());
        using (no_grad())
        using (NewDisposeScope())
        {
            Device device = vae.parameters().First().device;
            using var noise = new Generator((ulong)Seeding.Derive(settings.Seed, 2 * levelIndex + 1), device);
            Tensor examplesIndex = tensor(examples.Select(i => (long)i).ToArray(), device: device);
            Tensor x = tensor(noisy.Pixels, [n, d], device: device);
            var (mu, logVar) = vae.Encode(x);
            for (int t = 0; ; t++)
            {
                // The trajectory is recorded as the encoder mean μ(x(t)), the same kind of point as the memories and
                // concepts; a sampled z adds the posterior's spread (about 1 per collapsed latent dimension) to every distance.
                codes[t] = mu.to(ScalarType.Float64).cpu().data<double>().ToArray();
                Tensor z = settings.Sampled ? VariationalAutoencoder.SampleLatent(mu, logVar, noise) : mu;
                Tensor output = vae.Decode(z);
                if (examples.Length > 0 && Array.BinarySearch(frameSteps, t) >= 0)
                {
                    float[] images = VariationalAutoencoder.MeanImage(output.index_select(0, examplesIndex)).cpu().data<float>().ToArray();
                    for (int e = 0; e < examples.Length; e++) frames[e].Add(images.AsSpan(e * d, d).ToArray());
                }
                if (t == steps) break;
                x = settings.Sampled ? vae.SampleImage(output, noise) : VariationalAutoencoder.MeanImage(output);
                (mu, logVar) = vae.Encode(x);
            }
        }
        return Measure(geometry, inputs.Labels, codes, level, frames.Select(f => f.ToArray()).ToArray());
    }

    /// <summary>All distance curves and summaries from the codes z(t) of every input (steps + 1 arrays of n × latent).</summary>
    internal static InferenceLevel Measure(LatentGeometry geometry, int[] labels, double[][] codes, double level, float[][][] frames)
    {
        int n = labels.Length, steps = codes.Length, latent = geometry.Latent, classes = geometry.Concepts.Length;
        bool grouped = geometry.Superclass is not null && geometry.SuperclassCentres is not null;
        var own = new double[n, steps];
        var memory = new double[n, steps];
        var grand = new double[n, steps];
        var super = new double[n, steps];
        var ownNearest = new double[steps];
        var superNearest = new double[steps];
        var every = new double[steps][];
        using var memories = tensor(geometry.Memories, [geometry.MemoryCount, latent], dtype: ScalarType.Float64);
        for (int t = 0; t < steps; t++)
        {
            every[t] = new double[classes];
            double[] nearestMemory;
            using (NewDisposeScope())
                nearestMemory = cdist(tensor(codes[t], [n, latent], dtype: ScalarType.Float64), memories).min(1).values.data<double>().ToArray();
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<double> zi = codes[t].AsSpan(i * latent, latent);
                int y = labels[i], best = 0;
                double bestDistance = double.PositiveInfinity;
                for (int c = 0; c < classes; c++)
                {
                    double dc = Distance(zi, geometry.Concepts[c]);
                    every[t][c] += dc / n;
                    if (dc < bestDistance) { bestDistance = dc; best = c; }
                }
                own[i, t] = Distance(zi, geometry.Concepts[y]);
                memory[i, t] = nearestMemory[i];
                grand[i, t] = Distance(zi, geometry.GrandMean);
                if (best == y) ownNearest[t] += 1.0 / n;
                if (grouped)
                {
                    super[i, t] = Distance(zi, geometry.SuperclassCentres![geometry.Superclass![y]]);
                    if (geometry.Superclass[best] == geometry.Superclass[y]) superNearest[t] += 1.0 / n;
                }
            }
        }
        Curve ownCurve = Curve.Of(own);
        double minimumSum = 0, concreteness = 0, trajectoryConcreteness = 0;
        var concretenessCurve = new double[steps];
        for (int i = 0; i < n; i++)
        {
            double conceptFromGrand = Math.Max(Distance(geometry.Concepts[labels[i]], geometry.GrandMean), 1e-12);
            int best = 0;
            for (int t = 1; t < steps; t++) if (own[i, t] < own[i, best]) best = t;
            minimumSum += best;
            concreteness += grand[i, best] / conceptFromGrand / n;
            // The closest approach once the dynamics have run (t ≥ 1): a noisy input starts nearest its concept at t = 0
            // in the encoder's view, so t* = 0 would measure the encoder rather than the dynamics.
            int moved = 1;
            for (int t = 2; t < steps; t++) if (own[i, t] < own[i, moved]) moved = t;
            if (steps > 1) trajectoryConcreteness += grand[i, moved] / conceptFromGrand / n;
            for (int t = 0; t < steps; t++) concretenessCurve[t] += grand[i, t] / conceptFromGrand / n;
        }
        double[] mean = ownCurve.Mean;
        int movedStep = steps > 1 ? 1 + Array.IndexOf(mean[1..], mean[1..].Min()) : 0;
        return new InferenceLevel
        {
            Level = level,
            OwnConcept = ownCurve,
            NearestMemory = Curve.Of(memory),
            GrandMean = Curve.Of(grand),
            OwnSuperclass = grouped ? Curve.Of(super) : null,
            NearestConceptIsOwn = ownNearest,
            NearestConceptInOwnSuperclass = grouped ? superNearest : null,
            EveryConcept = every,
            ConceptMinimumStep = ownCurve.MinimumStep,
            MeanInputMinimumStep = minimumSum / n,
            ApproachDepth = 1 - ownCurve.Mean.Min() / ownCurve.Mean[0],
            Concreteness = concreteness,
            TrajectoryMinimumStep = movedStep,
            TrajectoryApproachDepth = 1 - mean[movedStep] / mean[0],
            TrajectoryConcreteness = steps > 1 ? trajectoryConcreteness : concreteness,
            ConcretenessCurve = concretenessCurve,
            Frames = frames,
        };
    }

    static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
        return Math.Sqrt(s);
    }
}
