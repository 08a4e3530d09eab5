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
        var report = new ReportOptions();
        var threads = TrainerOptions.Threads();
        var draws = DiffusionOptions.NoiseDrawsOption();
        var onlySeeds = CommonOptions.OptionalInts("--only-seeds",
            "evaluate only these of the run's seeds (for example those finished while others still train); default every seed", int.MinValue);
        var command = new Command("evaluate",
            "Measures, for the held-out task-1 images (never replayed), the leave-one-out Hopfield energy under task 1 and the forgetting " +
            "(absolute and relative increase of the denoising error at t = 50, 100, 250, 500, averaged over --noise-draws fixed draws, and the " +
            "increase of the DDIM reconstruction error from t = 100) after every later task, and the replayed images' own forgetting; then Spearman ρ " +
            "with bootstrap intervals, pooled, within class and partial given class (and baseline error), forgetting by energy decile, the replay " +
            "policies compared over seeds, and sample grids. Writes result.json, " +
            "arrays, figures and index.html into the run folder.\n" +
            "Example: engram continual diffusion evaluate --out runs/diffusion-quick")
        {
            threads, draws, onlySeeds,
        };
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            string folder = DiffusionOptions.RunFolder(parse, report);
            var run = DiffusionRunFolder.Read(folder);
            var (images, _) = DiffusionOptions.Load(run.DataFolder);
            var settings = parse.GetResult(threads) is { Implicit: false }
                ? run.Settings with { FirstTask = run.Settings.FirstTask with { Threads = parse.GetValue(threads) } }
                : run.Settings;
            settings = settings with { NoiseDraws = parse.GetValue(draws) ?? settings.NoiseDraws };
            DiffusionContinualResult result = context.WithProgress("diffusion evaluate", p => DiffusionContinualEvaluation.Evaluate(images, settings, folder, progress: p,
                onlySeeds: parse.GetResult(onlySeeds) is { Implicit: false } ? parse.GetValue(onlySeeds) : null));
            return DiffusionOptions.Finish(parse, context, report, result);
        });
        return command;
    }
}
