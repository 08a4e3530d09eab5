using System.CommandLine;
using Engram.Continual.Diffusion;
using Engram.Reports;

namespace Engram.Cli.Continual;

/// <summary><c>engram continual diffusion evaluate</c>: energy, forgetting and their statistics for a trained run.</summary>
public static class DiffusionEvaluateVerb
{
    /// <summary>The verb with its options.</summary>
    public static Command Create()
    {
        var output = CommonOptions.Out();
        var json = CommonOptions.Json();
        var threads = new Option<int?>("--threads") { Description = "libtorch threads for the evaluation (default: the run's training setting; the numbers are bit-identical for the same count)" };
        var command = new Command("evaluate",
            "Measures, for a seeded subset of task-1 images, the leave-one-out Hopfield energy under task 1 and the forgetting " +
            "(increase of the denoising error at t = 50, 100, 250, 500 with fixed noise) after every later task; then Spearman ρ with a " +
            "bootstrap interval, forgetting by energy decile, the replay policies compared over seeds, and sample grids. Writes result.json, " +
            "arrays, figures and index.html into the run folder.\n" +
            "Example: engram continual diffusion evaluate --out runs/diffusion-quick")
        {
            threads, output, json,
        };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            string folder = DiffusionOptions.RunFolder(parse, output);
            var run = DiffusionRunFolder.Read(folder);
            var (images, _) = DiffusionOptions.Load(run.DataFolder);
            var settings = parse.GetValue(threads) is int t
                ? run.Settings with { FirstTask = run.Settings.FirstTask with { Threads = t } }
                : run.Settings;
            DiffusionContinualResult result = context.WithProgress("diffusion evaluate", p => DiffusionContinualEvaluation.Evaluate(images, settings, folder, progress: p));
            return DiffusionOptions.Finish(parse, context, output, result);
        });
        return command;
    }
}
