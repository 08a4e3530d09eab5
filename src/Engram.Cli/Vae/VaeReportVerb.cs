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
        var hidden = CommonOptions.IntAtLeast("--hidden", "hidden-layer width", 256);
        var trainImages = VaeOptions.TrainImages();
        var evalImages = CommonOptions.IntAtLeast("--eval-images", "test images for the log-likelihood", 1000);
        var samples = CommonOptions.IntAtLeast("--samples", "importance samples K of the test log-likelihood", 100);
        var steps = CommonOptions.IntAtLeast("--steps", "repeated-inference steps T", 30);
        var kind = CommonOptions.Choice("--noise-kind", "corruption: gaussian, saltpepper or occlusion", NoiseKind.Gaussian);
        var levels = VaeOptions.Levels("0,0.3,0.6,0.9");
        var inputs = CommonOptions.IntAtLeast("--inputs", "test inputs per class", 20);
        var means = new Option<bool>("--means") { Description = "follow the means of p(x|z) and q(z|x) instead of sampling" };
        var threads = VaeOptions.Threads();
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out();
        var json = CommonOptions.Json();
        var command = new Command("report",
            "The three findings of Nagano, Karakida & Okada, measured with intervals over seeds: (1) z(t) approaches its class concept, " +
            "then a memory; (2) noisier inputs approach a more abstract concept; (3) the number of latent variables changes the approach " +
            "and the test log-likelihood. Trains one VAE per latent size and seed (resumably), then runs repeated inference on each.\n" +
            "Example: engram vae report --data data/fashion-mnist-small --latent 2,8 --seeds 2 --train-steps 300 --out runs/vae-report")
        {
            model, data, latents, seeds, trainSteps, hidden, trainImages, evalImages, samples, steps, kind, levels, inputs, means, threads, seed, output, json,
        };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            DirectoryInfo? outFolder = parse.GetValue(output);
            string? models = parse.GetValue(model)?.FullName ?? (outFolder is null ? null : Path.Combine(outFolder.FullName, "models"));
            var (train, test, _) = VaeOptions.Load(parse.GetValue(data), parse.GetValue(trainImages));
            var settings = new VaeConceptFormationSettings
            {
                Latents = parse.GetValue(latents)!,
                Seeds = Enumerable.Range(parse.GetValue(seed), parse.GetValue(seeds)).ToArray(),
                Training = new VaeTrainingSettings
                {
                    Architecture = new VaeArchitecture { Hidden = parse.GetValue(hidden), Height = train.Height, Width = train.Width },
                    Trainer = new TrainerSettings { Steps = parse.GetValue(trainSteps), Threads = parse.GetValue(threads) },
                    EvaluationImages = parse.GetValue(evalImages),
                    ImportanceSamples = parse.GetValue(samples),
                },
                Dynamics = VaeOptions.Dynamics(parse, steps, kind, levels, inputs, means, seed, threads),
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
