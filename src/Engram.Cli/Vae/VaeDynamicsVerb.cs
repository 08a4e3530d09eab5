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
        var steps = CommonOptions.IntAtLeast("--steps", "repeated-inference steps T", 30);
        var kind = CommonOptions.Choice("--noise-kind", "corruption: gaussian, saltpepper or occlusion", NoiseKind.Gaussian);
        var levels = VaeOptions.Levels("0,0.3,0.6,0.9");
        var inputs = CommonOptions.IntAtLeast("--inputs", "test inputs per class", 20);
        var means = new Option<bool>("--means") { Description = "follow the means of p(x|z) and q(z|x) instead of sampling" };
        var threads = VaeOptions.Threads();
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out();
        var json = CommonOptions.Json();
        var command = new Command("dynamics",
            "Repeated inference x(t+1) ~ p(x|z(t)), z(t+1) ~ q(z|x(t+1)) from noisy test inputs: distances of z(t) to every class " +
            "concept (mean training code of a class), to the nearest memory (a training code) and to the grand mean, and decoded images over t.\n" +
            "Example: engram vae dynamics --model runs/vae-model --noise 0,0.5 --steps 30 --out runs/vae-dynamics")
        {
            model, data, steps, kind, levels, inputs, means, threads, seed, output, json,
        };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            DirectoryInfo folder = parse.GetValue(model) ?? throw new ArgumentException("give --model DIR, the folder 'engram vae train --out DIR' wrote.");
            VaeModelFolder.Description description = VaeModelFolder.Read(folder.FullName);
            var (train, test, _) = VaeOptions.Load(parse.GetValue(data) ?? new DirectoryInfo(description.DataFolder), description.TrainImages);
            var settings = VaeOptions.Dynamics(parse, steps, kind, levels, inputs, means, seed, threads);
            settings.Validate();
            RepeatedInferenceResult result = context.WithProgress("vae dynamics", p =>
            {
                using var vae = VaeTraining.Load(description.Settings.Architecture, VaeModelFolder.CheckpointPath(folder.FullName));
                return VaeConceptFormation.Dynamics(vae, train, test, settings, FashionMnist.ClassNames.Count, FashionMnist.Superclass, p);
            });
            return ContinualOptions.Finish(parse, context, output, result, VaeDynamicsReport.Write, o =>
            {
                foreach (string line in VaeDynamicsReport.Lines(result)) o.WriteLine(line);
            });
        });
        return command;
    }
}
