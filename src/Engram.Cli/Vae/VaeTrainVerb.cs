using System.CommandLine;
using Engram.Cli.Continual;
using Engram.Generative;
using Engram.Reports;
using Engram.Training;

namespace Engram.Cli.Vae;

/// <summary><c>engram vae train</c>: trains one VAE into a model folder (resumes when the folder holds a checkpoint).</summary>
public static class VaeTrainVerb
{
    /// <summary>The verb with its options.</summary>
    public static Command Create()
    {
        var data = VaeOptions.Data();
        var latent = CommonOptions.IntAtLeast("--latent", "number of latent variables", 8);
        var network = CommonOptions.Choice("--network", "encoder/decoder: mlp or conv", VaeNetwork.Mlp);
        var likelihood = CommonOptions.Choice("--likelihood", "decoder likelihood: bernoulli or gaussian", VaeLikelihood.Bernoulli);
        var steps = CommonOptions.IntAtLeast("--steps", "Adam steps", 3000);
        var batch = CommonOptions.IntAtLeast("--batch", "images per minibatch", 128);
        var lr = CommonOptions.PositiveDouble("--lr", "Adam learning rate", 1e-3);
        var ema = new Option<double?>("--ema")
        {
            Description = "decay of an exponential moving average of the weights, in [0, 1) (default off)",
            CustomParser = r => CommonOptions.ParseDouble(r, "--ema", v => v >= 0 && v < 1, "in [0, 1)"),
        };
        var modelOptions = new ModelOptions();
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out();
        var json = CommonOptions.Json();
        var command = new Command("train",
            "Trains a VAE (Kingma & Welling 2014) on Fashion-MNIST with Adam on the negative ELBO, then measures the test ELBO and the " +
            "importance-sampled test log-likelihood. The model folder (--out) holds model.ckpt, checkpointed every 500 steps; running " +
            "the same command again resumes from it bit for bit.\n" +
            "Example: engram vae train --data data/fashion-mnist-small --latent 8 --steps 300 --out runs/vae-model")
        {
            data, latent, network, likelihood, steps, batch, lr, ema, seed, output, json,
        };
        modelOptions.AddTo(command);
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            DirectoryInfo folder = parse.GetValue(output) ?? throw new ArgumentException("give --out DIR: the trained model is saved there.");
            var (train, test, dataFolder) = VaeOptions.Load(parse.GetValue(data), modelOptions.TrainImages(parse));
            var settings = modelOptions.Settings(parse,
                new VaeArchitecture { Network = parse.GetValue(network), Likelihood = parse.GetValue(likelihood), Latent = parse.GetValue(latent) },
                new TrainerSettings
                {
                    Steps = parse.GetValue(steps), BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(lr),
                    EmaDecay = parse.GetValue(ema), Seed = parse.GetValue(seed),
                },
                train.Height, train.Width);
            settings.Validate();
            string checkpoint = VaeModelFolder.CheckpointPath(folder.FullName);
            var (vae, result) = context.WithProgress("vae train", p => VaeTraining.Train(train, test, settings, checkpoint, p));
            vae.Dispose();
            VaeModelFolder.Write(folder.FullName, new VaeModelFolder.Description(settings, dataFolder, train.Count));
            return ContinualOptions.Finish(parse, context, output, result, VaeTrainReport.Write, o =>
            {
                foreach (string line in VaeTrainReport.Lines(result)) o.WriteLine(line);
            });
        });
        return command;
    }
}
