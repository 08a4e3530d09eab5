using System.CommandLine;
using Engram.Cli.Continual;
using Engram.Generative;
using Engram.Reports;
using Engram.Training;

namespace Engram.Cli.Vae;

/// <summary><c>engram vae train</c>: trains one VAE into a model folder (resumes when the folder holds a checkpoint).</summary>
public static class VaeTrainVerb
{
    /// <summary>Adam on the negative ELBO: 3000 steps of 128 images at learning rate 1e-3, no weight averaging.</summary>
    static readonly TrainerSettings DefaultTrainer = new() { Steps = 3000, BatchSize = 128, LearningRate = 1e-3 };

    /// <summary>The verb with its options.</summary>
    public static Command Create()
    {
        var data = VaeData.Option();
        var latent = CommonOptions.IntAtLeast("--latent", "number of latent variables", 8);
        var network = CommonOptions.Choice("--network", "encoder/decoder: mlp or conv", VaeNetwork.Mlp);
        var likelihood = CommonOptions.Choice("--likelihood", "decoder likelihood: bernoulli or gaussian", VaeLikelihood.Bernoulli);
        var steps = TrainerOptions.Steps("Adam steps (default 3000)");
        var batch = TrainerOptions.Batch();
        var lr = TrainerOptions.LearningRate();
        var ema = TrainerOptions.Ema();
        var modelOptions = new ModelOptions();
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var command = new Command("train",
            "Trains a VAE (Kingma & Welling 2014) on Fashion-MNIST, the UCI digits or a synthetic hierarchy with Adam on the negative ELBO, then measures the test ELBO and the " +
            "importance-sampled test log-likelihood. The model folder (--out) holds model.ckpt, checkpointed every 500 steps; running " +
            "the same command again resumes from it bit for bit.\n" +
            "Example: engram vae train --data data/fashion-mnist-small --latent 8 --steps 300 --out runs/vae-model")
        {
            data, latent, network, likelihood, steps, batch, lr, ema, seed,
        };
        report.AddTo(command);
        modelOptions.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            DirectoryInfo folder = parse.GetValue(report.Out) ?? throw new ArgumentException("give --out DIR: the trained model is saved there.");
            VaeData images = VaeData.Load(parse.GetValue(data), modelOptions.TrainImages(parse));
            var (train, test) = (images.Train, images.Test);
            var settings = modelOptions.Settings(parse,
                new VaeArchitecture { Network = parse.GetValue(network), Likelihood = parse.GetValue(likelihood), Latent = parse.GetValue(latent) },
                TrainerOptions.Apply(parse, DefaultTrainer with { Seed = parse.GetValue(seed) }, steps, batch, lr, ema),
                train.Height, train.Width);
            settings.Validate();
            string checkpoint = VaeModelFolder.CheckpointPath(folder.FullName);
            var (vae, result) = context.WithProgress("vae train", p => VaeTraining.Train(train, test, settings, checkpoint, p));
            vae.Dispose();
            VaeModelFolder.Write(folder.FullName, new VaeModelFolder.Description(settings, images.Source, train.Count));
            return report.Finish(parse, context, result, (folder, command, formats) => VaeTrainReport.Write(folder, result, command, formats), (o, folder) =>
            {
                foreach (string line in VaeTrainReport.Lines(result)) o.WriteLine(line);
                if (folder is not null) o.WriteLine(ReportOptions.ReportLine(folder));
            });
        });
        return command;
    }
}
