using Engram.Data;
using Engram.Numerics;
using Engram.Training;
using TorchSharp;
using static TorchSharp.torch;
using Engram.Generative;

namespace Engram.Continual.Diffusion;

/// <summary>
/// Evaluation of a trained diffusion continual-learning run (docs/science.md §3): for the held-out task-1 images (a
/// fixed, seeded subset that no replay buffer holds), the leave-one-out Hopfield energy under the task-1 memory at the σ of each evaluation timestep, and the
/// forgetting score = increase (absolute and relative) of the denoising error ‖ε − ε_θ(x_t, t)‖²/D, at fixed timesteps,
/// averaged over K noise draws fixed per (seed, timestep, image) (<see cref="DenoisingErrors"/>), from the model after
/// task 1 to the model after each later task. Then Spearman's ρ between energy
/// and forgetting with bootstrap intervals, forgetting by energy decile, the policies compared over seeds, and sample
/// grids.
/// </summary>
public static class DiffusionContinualEvaluation
{
    /// <summary>
    /// Evaluates the run in <paramref name="folder"/> trained by <see cref="DiffusionContinualTraining.Train"/> with the same
    /// data and settings; with <paramref name="onlySeeds"/>, only those of its seeds (the others may still be training).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    /// <exception cref="FileNotFoundException">A stage has no checkpoint (the run was not trained).</exception>
    /// <exception cref="InvalidDataException">A stage is unfinished, or its checkpoint is corrupt or of another model.</exception>
    public static DiffusionContinualResult Evaluate(ImageSet data, DiffusionContinualSettings settings, string folder, IDiffusionSpace? space = null,
        IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default, int[]? onlySeeds = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (onlySeeds is not null)
        {
            if (onlySeeds.Length == 0 || onlySeeds.Distinct().Count() != onlySeeds.Length)
                throw new ArgumentException($"name each seed to evaluate once; got '{string.Join(",", onlySeeds)}'.", nameof(onlySeeds));
            int[] unknown = [.. onlySeeds.Where(seed => !settings.Seeds.Contains(seed))];
            if (unknown.Length > 0)
                throw new ArgumentException($"seed {string.Join(", ", unknown)} is not one of the run's seeds ({string.Join(", ", settings.Seeds)}).", nameof(onlySeeds));
            settings = settings with { Seeds = [.. settings.Seeds.Where(onlySeeds.Contains)] };
        }
        using LatentSpace? latent = space is null && settings.Latent is not null ? LatentSpace.Prepare(data, settings, folder, train: false) : null;
        using var run = new DiffusionRun(data, settings, space ?? latent, folder);
        return TorchRuntime.Run(run.Settings.FirstTask.Threads, () => EvaluateRun(run, progress, cancellation));
    }

    static DiffusionContinualResult EvaluateRun(DiffusionRun run, IProgress<WorkProgress>? progress, CancellationToken cancellation)
    {
        var s = run.Settings;
        double[] sigmas = s.Timesteps.Select(run.Schedule.DataScaleSigma).ToArray();
        float[] memory = run.FirstTaskRows();
        int models = s.Seeds.Length * (1 + s.Policies.Length * (s.Tasks.Length - 1)), done = 0;
        var outcomes = new List<SeedOutcome>();
        var grids = new List<SampleGrid>();
        var memorisation = new List<MemorisationMeasure>();
        string kind = "";
        foreach (int seed in s.Seeds)
        {
            int[] positions = run.EvaluationPositions(seed);
            progress?.Report(new WorkProgress("evaluation", done, models, $"energies of seed {seed}"));
            double[][] energies = KernelHopfieldEnergy.LeaveOneOut(memory, run.Indices[0].Length, run.Dimension, positions, sigmas);
            using var scope = NewDisposeScope();
            Tensor x0 = run.Tasks[0].index_select(0, tensor(positions.Select(p => (long)p).ToArray())).to(device(s.FirstTask.Device));
            int[] heldOut = positions.Select(p => run.Indices[0][p]).ToArray();
            Tensor[] noise = s.Timesteps.Select(t => DenoisingErrors.Noise(seed, t, heldOut, s.NoiseDraws, run.Space.Shape, x0.device)).ToArray();
            using Ddpm model = run.NewModel(seed);
            kind = model.Kind;
            void Load(string checkpoint, int steps)
            {
                cancellation.ThrowIfCancellationRequested();
                var header = TrainingCheckpoint.LoadWeights(checkpoint, model, averaged: s.FirstTask.EmaDecay is not null);
                if (header.Step < steps)
                    throw new InvalidDataException($"the stage '{checkpoint}' stopped at step {header.Step} of {steps}; finish the training before evaluating.");
            }
            double[][] Errors(string checkpoint, int steps)
            {
                Load(checkpoint, steps);
                double[][] errors = DenoisingErrors.Mean(model, x0, s.Timesteps, noise);
                progress?.Report(new WorkProgress("evaluation", ++done, models, $"seed {seed}"));
                return errors;
            }
            // The replayed images' own forgetting (trained on directly, so reported apart from the held-out transfer).
            double[] Replayed(int[] replay, ReplayPolicy policy)
            {
                if (replay.Length == 0) return [];
                using var inner = NewDisposeScope();
                Tensor x = run.Tasks[0].index_select(0, tensor(replay.Select(p => (long)p).ToArray())).to(x0.device);
                Tensor[] draws = s.Timesteps.Select(t => DenoisingErrors.Noise(seed, t, replay.Select(p => run.Indices[0][p]).ToArray(), s.NoiseDraws, run.Space.Shape, x0.device)).ToArray();
                Load(run.Checkpoint(seed, null, 1), s.FirstTask.Steps);
                double[][] before = DenoisingErrors.Mean(model, x, s.Timesteps, draws);
                Load(run.Checkpoint(seed, policy, s.Tasks.Length), s.LaterTaskSteps);
                return DenoisingErrors.Forgetting(before, DenoisingErrors.Mean(model, x, s.Timesteps, draws), ForgettingScore.Absolute);
            }
            void Grid(string label, ReplayPolicy? policy, int task)
            {
                if (seed != s.Seeds[0]) return;
                using var generator = new Generator((ulong)Seeding.Derive(seed, 40_000), CPU);
                using Tensor encoded = model.Sample(s.GridSamples, run.Space.Shape, s.Sampler, generator, s.DdimSteps);
                using Tensor images = run.Space.Decode(encoded).cpu();
                grids.Add(new SampleGrid(label, policy, task, images.data<float>().ToArray(), s.GridSamples, run.ImageHeight, run.ImageWidth));
            }
            int selection = Array.IndexOf(s.Timesteps, s.SelectionTimestep);
            Tensor reconstructionNoise = noise[selection].narrow(0, 0, s.ReconstructionDraws);
            double[] Reconstruction() => DenoisingErrors.Reconstruction(model, x0, s.SelectionTimestep, reconstructionNoise, s.ReconstructionSteps);
            double[][] baseline = Errors(run.Checkpoint(seed, null, 1), s.FirstTask.Steps);
            double[] reconstructionBaseline = Reconstruction();
            Grid("after task 1", null, 1);
            if (s.MemorisationSamples > 0)
            {
                // The regime of the task-1 model: samples against every task-1 image it was trained on.
                using var generator = new Generator((ulong)Seeding.Derive(seed, 50_000), CPU);
                using Tensor drawn = model.Sample(s.MemorisationSamples, run.Space.Shape, DdpmSampler.Ddim, generator, s.DdimSteps);
                memorisation.Add(Memorisation.Measure(seed, drawn, run.Tasks[0]));
            }
            var policies = new List<PolicyOutcome>();
            double[]? allEnergies = null;
            foreach (ReplayPolicy policy in s.Policies)
            {
                var forgetting = new List<double[]>();
                var relative = new List<double[]>();
                double[][] final = [];
                double[] reconstruction = [];
                for (int task = 2; task <= s.Tasks.Length; task++)
                {
                    double[][] errors = Errors(run.Checkpoint(seed, policy, task), s.LaterTaskSteps);
                    final = errors.Select((row, i) => row.Select((e, j) => e - baseline[i][j]).ToArray()).ToArray();
                    forgetting.Add(DenoisingErrors.Forgetting(baseline, errors, ForgettingScore.Absolute));
                    relative.Add(DenoisingErrors.Forgetting(baseline, errors, ForgettingScore.Relative));
                    if (task == s.Tasks.Length) reconstruction = DenoisingErrors.Forgetting([reconstructionBaseline], [Reconstruction()], ForgettingScore.Absolute);
                    Grid($"{policy.ToString().ToLowerInvariant()} after task {task}", policy, task);
                }
                int[] replay = run.ReplayPositions(seed, policy, () => allEnergies ??= KernelHopfieldEnergy.LeaveOneOut(memory, run.Indices[0].Length, run.Dimension,
                    Enumerable.Range(0, run.Indices[0].Length).ToArray(), [run.SelectionSigma])[0]);
                policies.Add(new PolicyOutcome(policy, replay, forgetting.ToArray(), relative.ToArray(), final, reconstruction, Replayed(replay, policy)));
            }
            outcomes.Add(new SeedOutcome(seed, heldOut, positions.Select(p => run.FirstTaskClasses[p]).ToArray(),
                positions.Select(p => run.FirstTaskInk[p]).ToArray(), energies, baseline, reconstructionBaseline, policies.ToArray()));
        }
        return EnergyForgettingAnalysis.Summarise(s, kind, run.Space.Name, sigmas, outcomes.ToArray(), grids.ToArray()) with { Memorisation = [.. memorisation] };
    }
}
