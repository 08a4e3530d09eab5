using System.CommandLine;
using Engram.Continual;
using Engram.Reports;

namespace Engram.Cli.Continual;

/// <summary><c>engram continual train</c>: the trained MHN energy model, task 1 then task 2 with or without replay.</summary>
public static class TrainVerb
{
    /// <summary>The verb with its options.</summary>
    public static Command Create()
    {
        var dim = ContinualOptions.Dimension(8);
        var beta = ContinualOptions.Beta(4);
        var memories = CommonOptions.IntAtLeast("--memories", "number of learned patterns n (rows of W)", 8);
        var steps = CommonOptions.IntAtLeast("--steps", "Adam steps per task (full batch)", 300);
        var lr = CommonOptions.PositiveDouble("--lr", "Adam learning rate", 0.05);
        var budgets = ContinualOptions.Budgets("10,20,40");
        var task1 = ContinualOptions.File("--task1", "task-1 samples (.npy/.npz/.csv, rows) instead of generated clusters");
        var task2 = ContinualOptions.File("--task2", "task-2 samples (.npy/.npz/.csv, rows) instead of generated new clusters");
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var command = new Command("train",
            "The modern Hopfield energy as a Boltzmann machine (docs/science.md §3): p(x) ∝ exp(−βE(x)) is a Gaussian mixture with " +
            "exact log Z = (d/2) log(2π/β) + log Σ exp(β‖w‖²/2). Learns W with Adam (TorchSharp autograd, float64) on the " +
            "NLL of task 1, then of task 2 without replay or with K task-1 samples chosen by energy (top-K, random-K, bottom-K); " +
            "forgetting = rise of the task-1 NLL and of each task-1 sample's energy. " +
            "Example: engram continual train --steps 300 --budgets 10,20,40 --out train")
        {
            dim, beta, memories, steps, lr, budgets, task1, task2, seed,
        };
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            var settings = new ContinualTrainingSettings
            {
                Dimension = parse.GetValue(dim),
                Beta = parse.GetValue(beta),
                Patterns = parse.GetValue(memories),
                Steps = parse.GetValue(steps),
                LearningRate = parse.GetValue(lr),
                Budgets = parse.GetValue(budgets)!,
                Task1 = parse.GetValue(task1) is { } f1 ? PatternFiles.Read(f1, "--task1") : null,
                Task2 = parse.GetValue(task2) is { } f2 ? PatternFiles.Read(f2, "--task2") : null,
                Seed = parse.GetValue(seed),
            };
            settings.Validate();
            ContinualTrainingResult result = context.WithProgress("continual train", p => ContinualTraining.Run(settings, p));
            return report.Finish(parse, context, result, (folder, command, formats) => ContinualTrainReport.Write(folder, result, command, formats), (o, folder) =>
            {
                o.WriteLine($"continual train: n = {settings.Patterns} patterns, β = {settings.Beta}, {settings.Steps} Adam steps per task (lr {settings.LearningRate}), seed {settings.Seed}");
                foreach (string line in ContinualTrainReport.TaskOneLines(result)) o.WriteLine(line);
                var (header, rows) = ContinualTrainReport.Table(result);
                TextTable.Write(o, header, rows);
                if (folder is not null) o.WriteLine(ReportOptions.ReportLine(folder));
            });
        });
        return command;
    }
}
