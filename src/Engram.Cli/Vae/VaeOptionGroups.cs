using System.CommandLine;
using Engram.Generative;

namespace Engram.Cli.Vae;

/// <summary>The repeated-inference options of <c>engram vae dynamics</c> and <c>engram vae report</c>.</summary>
internal sealed class DynamicsOptions
{
    readonly Option<int> steps = CommonOptions.IntAtLeast("--steps", "repeated-inference steps T", 30);
    readonly Option<NoiseKind> kind = CommonOptions.Choice("--noise-kind",
        "corruption: bitflip, saltpepper, occlusion or gaussian (default: bitflip for a binarized model, gaussian for a grey-level one)", NoiseKind.BitFlip);
    readonly Option<bool> offDistribution = new("--off-distribution") { Description = "allow Gaussian noise on a binarized model (inputs the model never saw)" };
    readonly Option<double[]> levels = VaeOptions.Levels("0,0.3,0.6,0.9");
    readonly Option<int> inputs = CommonOptions.IntAtLeast("--inputs", "test inputs per class", 20);
    readonly Option<bool> means = new("--means") { Description = "follow the means of p(x|z) and q(z|x) instead of sampling" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { steps, kind, offDistribution, levels, inputs, means }) command.Options.Add(option);
    }

    /// <summary>The settings the options give for a <paramref name="binarized"/> model or not, with frames kept at a few steps up to T.</summary>
    public RepeatedInferenceSettings Settings(ParseResult parse, int seed, int threads, bool binarized)
    {
        int t = parse.GetValue(steps);
        return new RepeatedInferenceSettings
        {
            Steps = t,
            Noise = parse.GetResult(kind) is { Implicit: false } ? parse.GetValue(kind) : RepeatedInferenceSettings.DefaultNoise(binarized),
            OffDistribution = parse.GetValue(offDistribution),
            Levels = parse.GetValue(levels)!,
            InputsPerClass = parse.GetValue(inputs),
            Sampled = !parse.GetValue(means),
            FrameSteps = new[] { 0, 1, 2, 5, 10, 20, 30, 50, 100 }.Where(s => s < t).Append(t).ToArray(),
            Seed = seed,
            Threads = threads,
        };
    }
}

/// <summary>The model and evaluation options of <c>engram vae train</c> and <c>engram vae report</c>.</summary>
internal sealed class ModelOptions
{
    readonly Option<int> hidden = CommonOptions.IntAtLeast("--hidden", "hidden-layer width", 256);
    readonly Option<int> trainImages = VaeOptions.TrainImages();
    readonly Option<int> evalImages = CommonOptions.IntAtLeast("--eval-images", "test images for the ELBO and log-likelihood", 1000);
    readonly Option<int> samples = CommonOptions.IntAtLeast("--samples", "importance samples K of the test log-likelihood", 100);
    readonly Option<bool> grey = new("--grey") { Description = "train on grey levels (default: images thresholded at 0.5, so that the Bernoulli likelihood is a true likelihood)" };

    /// <summary><c>--threads</c>.</summary>
    public Option<int> Threads { get; } = TrainerOptions.Threads();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { hidden, trainImages, evalImages, samples, grey, Threads }) command.Options.Add(option);
    }

    /// <summary>The most training images to read.</summary>
    public int TrainImages(ParseResult parse) => parse.GetValue(trainImages);

    /// <summary>
    /// Training settings from the options: the architecture from <paramref name="architecture"/> with the hidden width,
    /// image size and binarization set, the trainer from <paramref name="trainer"/> with the thread count set.
    /// </summary>
    public VaeTrainingSettings Settings(ParseResult parse, VaeArchitecture architecture, Engram.Training.TrainerSettings trainer, int height, int width) => new()
    {
        Architecture = architecture with { Hidden = parse.GetValue(hidden), Height = height, Width = width, Binarize = !parse.GetValue(grey) },
        Trainer = trainer with { Threads = parse.GetValue(Threads) },
        EvaluationImages = parse.GetValue(evalImages),
        ImportanceSamples = parse.GetValue(samples),
    };
}
