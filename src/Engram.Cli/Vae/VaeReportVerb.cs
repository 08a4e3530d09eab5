using System.CommandLine;
using Engram.Cli.Continual;
using Engram.Generative;
using Engram.Reports;
using Engram.Training;

namespace Engram.Cli.Vae;

/// <summary><c>engram vae report</c>: the paper's three findings over latent sizes and seeds.</summary>
public static class VaeReportVerb
{
    /// <summary>The verb with its options.</summary>
    public static Command Create()
    {
        var model = VaeOptions.Model("folder of the trained models (one checkpoint per latent size and seed; missing ones are trained there, interrupted ones resumed; default OUT/models)");
        var data = VaeOptions.Data();
        var latents = VaeOptions.Ints("--latent", "numbers of latent variables compared", "2,8,32", 1);
        var seeds = CommonOptions.IntAtLeast("--seeds", "models per latent size, trained with seeds S, S+1, … from --seed (intervals are over them)", 3);
        var trainSteps = CommonOptions.IntAtLeast("--train-steps", "Adam steps per model", 3000);
        var modelOptions = new ModelOptions();
        var dynamics = new DynamicsOptions();
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out();
        var json = CommonOptions.Json();
        var command = new Command("report",
            "The three findings of Nagano, Karakida & Okada, measured with intervals over seeds: (1) z(t) approaches its class concept, " +
            "then a memory; (2) noisier inputs approach a more abstract concept; (3) the number of latent variables changes the approach " +
            "and the test log-likelihood. Trains one VAE per latent size and seed (resumably), then runs repeated inference on each.\n" +
            "Example: engram vae report --data data/fashion-mnist-small --latent 2,8 --seeds 2 --train-steps 300 --out runs/vae-report")
        {
            model, data, latents, seeds, trainSteps, seed, output, json,
        };
        modelOptions.AddTo(command);
        dynamics.AddTo(command);
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            DirectoryInfo? outFolder = parse.GetValue(output);
            string? models = parse.GetValue(model)?.FullName ?? (outFolder is null ? null : Path.Combine(outFolder.FullName, "models"));
            var (train, test, _) = VaeOptions.Load(parse.GetValue(data), modelOptions.TrainImages(parse));
            var settings = new VaeConceptFormationSettings
            {
                Latents = parse.GetValue(latents)!,
                Seeds = Enumerable.Range(parse.GetValue(seed), parse.GetValue(seeds)).ToArray(),
                Training = modelOptions.Settings(parse, new VaeArchitecture(), new TrainerSettings { Steps = parse.GetValue(trainSteps) }, train.Height, train.Width),
                Dynamics = dynamics.Settings(parse, parse.GetValue(seed), parse.GetValue(modelOptions.Threads)),
            };
            settings.Validate();
            VaeConceptFormationResult result = context.WithProgress("vae report", p => VaeConceptFormation.Run(train, test, settings,
                models is null ? null : (latent, s) => Path.Combine(models, $"latent-{latent}-seed-{s}.ckpt"), p));
            return ContinualOptions.Finish(parse, context, output, result, VaeConceptReport.Write, o =>
            {
                foreach (string line in VaeConceptReport.Lines(result)) o.WriteLine(line);
            });
        });
        return command;
    }
}
