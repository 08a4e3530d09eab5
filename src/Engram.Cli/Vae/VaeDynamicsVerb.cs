using System.CommandLine;
using Engram.Cli.Continual;
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
        var data = VaeData.Option();
        var superclasses = VaeData.SuperclassOption();
        var dynamics = new DynamicsOptions();
        var threads = TrainerOptions.Threads();
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var command = new Command("dynamics",
            "Repeated inference x(t+1) ~ p(x|z(t)), z(t+1) ~ q(z|x(t+1)) from noisy test inputs: distances of z(t) to every class " +
            "concept (mean training code of a class), to the nearest memory (a training code) and to the grand mean, and decoded images over t.\n" +
            "Example: engram vae dynamics --model runs/vae-model --noise 0,0.5 --steps 30 --out runs/vae-dynamics")
        {
            model, data, superclasses, threads, seed,
        };
        report.AddTo(command);
        dynamics.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            DirectoryInfo folder = parse.GetValue(model) ?? throw new ArgumentException("give --model DIR, the folder 'engram vae train --out DIR' wrote.");
            VaeModelFolder.Description description = VaeModelFolder.Read(folder.FullName);
            VaeData images = VaeData.Load(parse.GetValue(data) ?? description.DataFolder, description.TrainImages);
            var (train, test) = (images.Train, images.Test);
            var (given, clusters) = images.Superclasses(parse.GetValue(superclasses));
            var settings = dynamics.Settings(parse, parse.GetValue(seed), parse.GetValue(threads), description.Settings.Architecture.Binarize);
            settings.Validate();
            settings.CheckInputDistribution(description.Settings.Architecture.Binarize);
            RepeatedInferenceResult result = context.WithProgress("vae dynamics", p =>
            {
                using var vae = VaeTraining.Load(description.Settings.Architecture, VaeModelFolder.CheckpointPath(folder.FullName));
                var prepare = description.Settings.Architecture;
                return VaeConceptFormation.Dynamics(vae, prepare.Prepare(train), prepare.Prepare(test), settings, images.ClassNames.Count, given, clusters, p);
            });
            return report.Finish(parse, context, result, (folder, command, formats) => VaeDynamicsReport.Write(folder, result, command, formats, images.ClassNames, clusters is not null), (o, folder) =>
            {
                foreach (string line in VaeDynamicsReport.Lines(result, images.ClassNames, clusters is not null)) o.WriteLine(line);
                if (folder is not null) o.WriteLine(ReportOptions.ReportLine(folder));
            });
        });
        return command;
    }
}
