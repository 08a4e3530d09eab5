using System.CommandLine;
using Engram.Cli.Continual;
using Engram.Data;
using Engram.Generative;
using Engram.Reports;

namespace Engram.Cli.Vae;

/// <summary><c>engram vae dynamics</c>: repeated inference from noisy test inputs with a trained model.</summary>
public static class VaeDynamicsVerb
{
    /// <summary>The verb with its options.</summary>
    public static Command Create()
    {
        var model = VaeOptions.Model("the trained model's folder (written by 'engram vae train --out')");
        var data = VaeOptions.Data();
        var dynamics = new DynamicsOptions();
        var threads = VaeOptions.Threads();
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out();
        var json = CommonOptions.Json();
        var command = new Command("dynamics",
            "Repeated inference x(t+1) ~ p(x|z(t)), z(t+1) ~ q(z|x(t+1)) from noisy test inputs: distances of z(t) to every class " +
            "concept (mean training code of a class), to the nearest memory (a training code) and to the grand mean, and decoded images over t.\n" +
            "Example: engram vae dynamics --model runs/vae-model --noise 0,0.5 --steps 30 --out runs/vae-dynamics")
        {
            model, data, threads, seed, output, json,
        };
        dynamics.AddTo(command);
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            DirectoryInfo folder = parse.GetValue(model) ?? throw new ArgumentException("give --model DIR, the folder 'engram vae train --out DIR' wrote.");
            VaeModelFolder.Description description = VaeModelFolder.Read(folder.FullName);
            var (train, test, _) = VaeOptions.Load(parse.GetValue(data) ?? new DirectoryInfo(description.DataFolder), description.TrainImages);
            var settings = dynamics.Settings(parse, parse.GetValue(seed), parse.GetValue(threads));
            settings.Validate();
            RepeatedInferenceResult result = context.WithProgress("vae dynamics", p =>
            {
                using var vae = VaeTraining.Load(description.Settings.Architecture, VaeModelFolder.CheckpointPath(folder.FullName));
                var prepare = description.Settings.Architecture;
                return VaeConceptFormation.Dynamics(vae, prepare.Prepare(train), prepare.Prepare(test), settings, FashionMnist.ClassNames.Count, FashionMnist.Superclass, p);
            });
            return ContinualOptions.Finish(parse, context, output, result, VaeDynamicsReport.Write, o =>
            {
                foreach (string line in VaeDynamicsReport.Lines(result)) o.WriteLine(line);
            });
        });
        return command;
    }
}
