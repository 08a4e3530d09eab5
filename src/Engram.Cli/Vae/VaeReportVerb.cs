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
        var data = VaeData.Option();
        var superclasses = VaeData.SuperclassOption();
        var earlyStop = new Option<bool>("--early-stop")
        {
            Description = "train each model until the ELBO on a validation split of the training images stops improving (--train-steps is then the limit; " +
                          "the best evaluated weights are kept; such models are trained in memory, not saved in --model)",
        };
        var validation = CommonOptions.DoubleIn("--validation", "with --early-stop: fraction of the training images held out for validation", 0.1, 0, 1, maxInclusive: false);
        var evalEvery = CommonOptions.IntAtLeast("--eval-every", "with --early-stop: steps between validation evaluations", 100);
        var patience = CommonOptions.IntAtLeast("--patience", "with --early-stop: evaluations without improvement that stop training", 5);
        var latents = CommonOptions.Ints("--latent", "numbers of latent variables compared", "2,8,32", 1);
        var seeds = CommonOptions.IntAtLeast("--seeds", "models per latent size, trained with seeds S, S+1, … from --seed (intervals are over them)", 3);
        var trainSteps = CommonOptions.IntAtLeast("--train-steps", "Adam steps per model", 3000);
        var modelOptions = new ModelOptions();
        var dynamics = new DynamicsOptions();
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var command = new Command("report",
            "The three findings of Nagano, Karakida & Okada, measured with intervals over seeds: (1) z(t) approaches its class concept, " +
            "then a memory; (2) noisier inputs approach a more abstract concept; (3) the number of latent variables changes the approach " +
            "and the test log-likelihood. Trains one VAE per latent size and seed (resumably), then runs repeated inference on each.\n" +
            "Example: engram vae report --data data/fashion-mnist-small --latent 2,8 --seeds 2 --train-steps 300 --out runs/vae-report")
        {
            model, data, superclasses, latents, seeds, trainSteps, earlyStop, validation, evalEvery, patience, seed,
        };
        report.AddTo(command);
        modelOptions.AddTo(command);
        dynamics.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            DirectoryInfo? outFolder = parse.GetValue(report.Out);
            bool early = parse.GetValue(earlyStop);
            if (early && parse.GetValue(model) is not null) throw new ArgumentException("--early-stop trains its models in memory (early stopping is not resumable); leave out --model.");
            if (!early && new Option[] { validation, evalEvery, patience }.Any(o => parse.GetResult(o) is { Implicit: false }))
                throw new ArgumentException("--validation, --eval-every and --patience apply only with --early-stop.");
            string? models = early ? null : parse.GetValue(model)?.FullName ?? (outFolder is null ? null : Path.Combine(outFolder.FullName, "models"));
            VaeData images = VaeData.Load(parse.GetValue(data), modelOptions.TrainImages(parse));
            var (train, test) = (images.Train, images.Test);
            var (given, clusters) = images.Superclasses(parse.GetValue(superclasses));
            VaeTrainingSettings training = modelOptions.Settings(parse, new VaeArchitecture(), new TrainerSettings { Steps = parse.GetValue(trainSteps) }, train.Height, train.Width) with
            {
                EarlyStopping = early ? new VaeEarlyStopping { ValidationFraction = parse.GetValue(validation), Every = parse.GetValue(evalEvery), Patience = parse.GetValue(patience) } : null,
            };
            var settings = new VaeConceptFormationSettings
            {
                Classes = images.ClassNames.Count,
                Superclass = given,
                SuperclassClusters = clusters,
                PlantedSuperclass = images.PlantedSuperclass,
                Latents = parse.GetValue(latents)!,
                Seeds = Enumerable.Range(parse.GetValue(seed), parse.GetValue(seeds)).ToArray(),
                Training = training,
                Dynamics = dynamics.Settings(parse, parse.GetValue(seed), parse.GetValue(modelOptions.Threads), training.Architecture.Binarize),
            };
            settings.Validate();
            VaeConceptFormationResult result = context.WithProgress("vae report", p => VaeConceptFormation.Run(train, test, settings,
                models is null ? null : (latent, s) => Path.Combine(models, $"latent-{latent}-seed-{s}.ckpt"), p));
            return report.Finish(parse, context, result, (folder, command, formats) => VaeConceptReport.Write(folder, result, command, formats, images.ClassNames), (o, folder) =>
            {
                foreach (string line in VaeConceptReport.Lines(result, images.ClassNames)) o.WriteLine(line);
                if (folder is not null) o.WriteLine(ReportOptions.ReportLine(folder));
            });
        });
        return command;
    }
}
