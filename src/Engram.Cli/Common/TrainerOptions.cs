using System.CommandLine;
using Engram.Data;
using Engram.Training;

namespace Engram.Cli;

/// <summary>
/// The options of the verbs that train a TorchSharp model (<c>vae train</c>, <c>continual diffusion train</c>) and read
/// Fashion-MNIST, each declared once with one help text. A trainer option left out keeps the verb's (or preset's) value.
/// </summary>
public static class TrainerOptions
{
    /// <summary><c>--data DIR</c>: the Fashion-MNIST folder.</summary>
    public static Option<DirectoryInfo?> FashionMnistData() => new("--data")
    {
        Description = $"folder with the four Fashion-MNIST .gz IDX files (default: {FashionMnist.DebianFolder}, else shared/data/fashion-mnist beside " +
                      $"the repository; data/{FashionMnist.BundledSubset} is a bundled subset of 600 training and 200 test images)",
    };

    /// <summary><c>--threads T</c>: libtorch threads (default 1).</summary>
    public static Option<int> Threads() => CommonOptions.IntAtLeast("--threads",
        "libtorch threads (default 1; results are bit-identical for the same count; at these model sizes one thread per process, " +
        "with one process per seed where a verb offers --only-seed, uses the cores best; evaluating a run defaults to the run's own count)", 1);

    /// <summary><c>--steps N</c>: Adam steps (null: the verb's or the preset's).</summary>
    public static Option<int?> Steps(string what = "Adam steps") => CommonOptions.OptionalPositiveInt("--steps", what);

    /// <summary><c>--batch N</c>: images per minibatch.</summary>
    public static Option<int?> Batch() => CommonOptions.OptionalPositiveInt("--batch", "images per minibatch");

    /// <summary><c>--lr R</c>: Adam learning rate.</summary>
    public static Option<double?> LearningRate() => new("--lr")
    {
        Description = "Adam learning rate",
        CustomParser = r => CommonOptions.ParseDouble(r, "--lr", v => v > 0, "> 0"),
    };

    /// <summary><c>--ema D</c>: decay of an exponential moving average of the weights.</summary>
    public static Option<double?> Ema() => new("--ema")
    {
        Description = "decay of an exponential moving average of the weights, in [0, 1) (default off)",
        CustomParser = r => CommonOptions.ParseDouble(r, "--ema", v => v >= 0 && v < 1, "in [0, 1)"),
    };

    /// <summary><paramref name="baseline"/> with every given option among <paramref name="steps"/> … <paramref name="ema"/> applied.</summary>
    public static TrainerSettings Apply(ParseResult parse, TrainerSettings baseline, Option<int?>? steps = null, Option<int?>? batch = null,
        Option<double?>? learningRate = null, Option<double?>? ema = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(baseline);
        return baseline with
        {
            Steps = (steps is null ? null : parse.GetValue(steps)) ?? baseline.Steps,
            BatchSize = (batch is null ? null : parse.GetValue(batch)) ?? baseline.BatchSize,
            LearningRate = (learningRate is null ? null : parse.GetValue(learningRate)) ?? baseline.LearningRate,
            EmaDecay = (ema is null ? null : parse.GetValue(ema)) ?? baseline.EmaDecay,
        };
    }
}
