using Engram.Data;
using Engram.Numerics;
using Engram.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Continual.Diffusion;

/// <summary>
/// Evaluation of a trained diffusion continual-learning run (science.md §3): for a fixed, seeded subset of task-1
/// images, the leave-one-out Hopfield energy under the task-1 memory at the σ of each evaluation timestep, and the
/// forgetting score = increase of the denoising error ‖ε − ε_θ(x_t, t)‖²/D, at fixed timesteps with noise fixed per
/// (seed, timestep), from the model after task 1 to the model after each later task. Then Spearman's ρ between energy
/// and forgetting with bootstrap intervals, forgetting by energy decile, the policies compared over seeds, and sample
/// grids.
/// </summary>
public static class DiffusionContinualEvaluation
{
    /// <summary>Evaluates the run in <paramref name="folder"/> trained by <see cref="DiffusionContinualTraining.Train"/> with the same data and settings.</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    /// <exception cref="FileNotFoundException">A stage has no checkpoint (the run was not trained).</exception>
    /// <exception cref="InvalidDataException">A stage is unfinished, or its checkpoint is corrupt or of another model.</exception>
    public static DiffusionContinualResult Evaluate(ImageSet data, DiffusionContinualSettings settings, string folder, IDiffusionSpace? space = null,
        IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        using var run = new DiffusionRun(data, settings, space, folder);
        return TorchThreads.Run(run.Settings.FirstTask.Threads, () => EvaluateRun(run, progress, cancellation));
    }

    static DiffusionContinualResult EvaluateRun(DiffusionRun run, IProgress<WorkProgress>? progress, CancellationToken cancellation)
    {
        var s = run.Settings;
        double[] sigmas = s.Timesteps.Select(run.Schedule.DataScaleSigma).ToArray();
        float[] memory = run.FirstTaskRows();
        int models = s.Seeds.Length * (1 + s.Policies.Length * (s.Tasks.Length - 1)), done = 0;
        var outcomes = new List<SeedOutcome>();
        var grids = new List<SampleGrid>();
        string kind = "";
        foreach (int seed in s.Seeds)
        {
            int[] positions = run.EvaluationPositions(seed);
            progress?.Report(new WorkProgress("evaluation", done, models, $"energies of seed {seed}"));
            double[][] energies = KernelHopfieldEnergy.LeaveOneOut(memory, run.Indices[0].Length, run.Dimension, positions, sigmas);
            using var scope = NewDisposeScope();
            Tensor x0 = run.Tasks[0].index_select(0, tensor(positions.Select(p => (long)p).ToArray())).to(device(s.FirstTask.Device));
            Tensor[] noise = s.Timesteps.Select(t =>
            {
                using var generator = new Generator((ulong)Seeding.Derive(seed, 20_000 + t), CPU);
                return randn(x0.shape, generator: generator).to(x0.device);
            }).ToArray();
            using Ddpm model = run.NewModel(seed);
            kind = model.Kind;
            double[][] Errors(string checkpoint, int steps)
            {
                cancellation.ThrowIfCancellationRequested();
                var header = TrainingCheckpoint.LoadWeights(checkpoint, model, averaged: s.FirstTask.EmaDecay is not null);
                if (header.Step < steps)
                    throw new InvalidDataException($"the stage '{checkpoint}' stopped at step {header.Step} of {steps}; finish the training before evaluating.");
                double[][] errors = s.Timesteps.Select((t, i) => model.DenoisingError(x0, t, noise[i])).ToArray();
                progress?.Report(new WorkProgress("evaluation", ++done, models, $"seed {seed}"));
                return errors;
            }
            void Grid(string label, ReplayPolicy? policy, int task)
            {
                if (seed != s.Seeds[0]) return;
                using var generator = new Generator((ulong)Seeding.Derive(seed, 40_000), CPU);
                using Tensor encoded = model.Sample(s.GridSamples, run.Space.Shape, s.Sampler, generator, s.DdimSteps);
                using Tensor images = run.Space.Decode(encoded).cpu();
                grids.Add(new SampleGrid(label, policy, task, images.data<float>().ToArray(), s.GridSamples, run.ImageHeight, run.ImageWidth));
            }
            double[][] baseline = Errors(run.Checkpoint(seed, null, 1), s.FirstTask.Steps);
            Grid("after task 1", null, 1);
            var policies = new List<PolicyOutcome>();
            double[]? allEnergies = null;
            foreach (ReplayPolicy policy in s.Policies)
            {
                var forgetting = new List<double[]>();
                double[][] final = [];
                for (int task = 2; task <= s.Tasks.Length; task++)
                {
                    double[][] errors = Errors(run.Checkpoint(seed, policy, task), s.LaterTaskSteps);
                    final = errors.Select((row, i) => row.Select((e, j) => e - baseline[i][j]).ToArray()).ToArray();
                    forgetting.Add(Enumerable.Range(0, positions.Length).Select(j => final.Average(row => row[j])).ToArray());
                    Grid($"{policy.ToString().ToLowerInvariant()} after task {task}", policy, task);
                }
                int[] replay = run.ReplayPositions(seed, policy, () => allEnergies ??= KernelHopfieldEnergy.LeaveOneOut(memory, run.Indices[0].Length, run.Dimension,
                    Enumerable.Range(0, run.Indices[0].Length).ToArray(), [run.SelectionSigma])[0]);
                policies.Add(new PolicyOutcome(policy, replay, forgetting.ToArray(), final));
            }
            outcomes.Add(new SeedOutcome(seed, positions.Select(p => run.Indices[0][p]).ToArray(), energies, baseline, policies.ToArray()));
        }
        return EnergyForgettingAnalysis.Summarise(s, kind, run.Space.Name, sigmas, outcomes.ToArray(), grids.ToArray());
    }
}
