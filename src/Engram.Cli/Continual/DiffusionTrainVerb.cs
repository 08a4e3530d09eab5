using System.CommandLine;
using Engram.Continual.Diffusion;
using Engram.Reports;

namespace Engram.Cli.Continual;

/// <summary><c>engram continual diffusion train</c>: trains every stage of the experiment into a run folder, resumably.</summary>
public static class DiffusionTrainVerb
{
    /// <summary>The verb with its options.</summary>
    public static Command Create()
    {
        var o = new DiffusionOptions();
        var command = new Command("train",
            "Trains a DDPM (Ho et al. 2020) on task 1 of a class split of Fashion-MNIST, then fine-tunes a copy per replay policy on tasks 2…K " +
            "(replay of task-1 images chosen by leave-one-out Hopfield energy, at random, or lowest energy, the budget split evenly over the task-1 classes, " +
            "from the task-1 images that are not held out for evaluation). Checkpoints every few steps in --out; " +
            "with --resume a killed run continues bit for bit. Then run 'evaluate' and 'report' on the same --out.\n" +
            "Example: engram continual diffusion train --preset quick --out runs/diffusion-quick")
        {
            o.Threads, o.OnlySeed, o.Resume,
        };
        foreach (Option option in o.SettingOptions()) command.Options.Add(option);   // the same list --resume refuses
        o.Report.AddTo(command);
        VerbContext.SetAction(command, o.Report.Json, (parse, context) =>
        {
            string folder = o.Folder(parse);
            DiffusionRunFolder.Description run;
            if (parse.GetValue(o.Resume))
            {
                // A setting given with --resume would be silently ignored: the run continues with its saved settings. The
                // run's own command repeated with --resume describes those settings and is accepted; anything else is refused.
                run = DiffusionRunFolder.Read(folder);
                string[] given = [.. o.SettingOptions().Where(option => parse.GetResult(option) is { Implicit: false }).Select(option => option.Name)];
                bool SameRun()
                {
                    try { return DiffusionRunFolder.SameRun(new(o.Settings(parse), parse.GetValue(o.Data)?.FullName ?? ""), run); }
                    catch (ArgumentException) { return false; }   // options that make no run on their own (e.g. --autoencoder-steps without --space) are not this run's
                }
                if (given.Length > 0 && !SameRun())
                    throw new ArgumentException($"--resume continues the run in '{folder}' with its saved settings (run.json), and {string.Join(", ", given)} as given {(given.Length == 1 ? "describes" : "describe")} other settings; " +
                        "leave them out (or give the run's own command), or start a new run in another --out.");
            }
            else
            {
                if (DiffusionRunFolder.HasRun(folder))
                    throw new ArgumentException($"'{folder}' already holds a run; add --resume to continue it, or choose another --out.");
                string? data = parse.GetValue(o.Data)?.FullName;
                run = new DiffusionRunFolder.Description(o.Settings(parse), DiffusionOptions.Load(data).Folder);
            }
            var (images, _) = DiffusionOptions.Load(run.DataFolder);
            if (!parse.GetValue(o.Resume))
            {
                DiffusionContinualTraining.Validate(images, run.Settings);
                DiffusionRunFolder.Write(folder, run);
            }
            DiffusionTrainingResult result = context.WithProgress("diffusion train", p => DiffusionContinualTraining.Train(images, run.Settings, folder, progress: p, onlySeed: parse.GetValue(o.OnlySeed)));
            int? onlySeed = parse.GetValue(o.OnlySeed);
            DiffusionContinualReport.WriteTraining(folder, result, CommandLine.Of(parse), onlySeed);
            if (context.Json)
            {
                context.Output.WriteLine(JsonResult.ToJson(result));
                return 0;
            }
            foreach (string line in DiffusionContinualReport.TrainingLines(result)) context.Output.WriteLine(line);
            context.Output.WriteLine(onlySeed is { } seed
                ? $"seed {seed} trained; when every seed is, collect them: engram continual diffusion train --resume --out {folder}"
                : $"next: engram continual diffusion evaluate --out {folder}");
            return 0;
        });
        return command;
    }
}
