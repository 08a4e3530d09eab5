using System.CommandLine;
using System.Globalization;
using Engram.Continual.Diffusion;
using Engram.Data;
using Engram.Training;

namespace Engram.Cli.Continual;

/// <summary>The presets of <c>engram continual diffusion train</c>.</summary>
public enum DiffusionPreset
{
    /// <summary><see cref="DiffusionContinualSettings.Quick"/>.</summary>
    Quick,

    /// <summary><see cref="DiffusionContinualSettings.Paper"/>.</summary>
    Paper,
}

/// <summary>Options of the <c>engram continual diffusion</c> verbs; every setting left out keeps the preset's value.</summary>
internal sealed class DiffusionOptions
{
    public Option<DiffusionPreset> Preset { get; } = CommonOptions.Choice("--preset", "quick (≤ 10 min on 2 cores) or paper (5 tasks, 4 replay policies, 3 seeds; ≈ 1 h with one process per seed, see --only-seed)", DiffusionPreset.Quick);
    public Option<DirectoryInfo?> Data { get; } = new("--data")
    {
        Description = $"folder with the four Fashion-MNIST .gz IDX files (default: {FashionMnist.DebianFolder}, else shared/data/fashion-mnist beside the repository; data/{FashionMnist.BundledSubset} is a bundled 600-image subset)",
    };
    public Option<int[][]?> Tasks { get; } = new("--tasks")
    {
        Description = "classes of each task: classes joined by commas, tasks by semicolons, e.g. \"0,1;2,3;4,5;6,7;8,9\"",
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            var tasks = new List<int[]>();
            foreach (string part in s.Split(';', StringSplitOptions.TrimEntries))
            {
                var classes = new List<int>();
                foreach (string c in part.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)) { r.AddError($"--tasks: '{c}' in '{s}' is not a class number; write e.g. \"0,1;2,3\""); return null; }
                    classes.Add(v);
                }
                tasks.Add(classes.ToArray());
            }
            return tasks.ToArray();
        },
    };
    public Option<int?> Steps { get; } = NullableInt("--steps", "Adam steps on task 1");
    public Option<int?> LaterSteps { get; } = NullableInt("--later-steps", "Adam steps on each later task");
    public Option<ReplayPolicy[]?> Replay { get; } = new("--replay")
    {
        Description = "replay policies, a comma list of none, topk, random, bottomk, or all",
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            if (s.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return Enum.GetValues<ReplayPolicy>();
            var result = new List<ReplayPolicy>();
            foreach (string part in s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Enum.TryParse(part, ignoreCase: true, out ReplayPolicy p) || int.TryParse(part, out _)) { r.AddError($"--replay: '{part}' is not one of none, topk, random, bottomk, all"); return null; }
                result.Add(p);
            }
            return result.ToArray();
        },
    };
    public Option<int?> Budget { get; } = NullableInt("--budget", "replay buffer size K (task-1 images)");
    public Option<double?> Ratio { get; } = new("--ratio")
    {
        Description = "fraction of each later-task batch taken from the replay buffer, in [0, 1]",
        CustomParser = r => CommonOptions.ParseDouble(r, "--ratio", v => v >= 0 && v <= 1, "in [0, 1]"),
    };
    public Option<int?> Seeds { get; } = NullableInt("--seeds", "number of seeds S, S+1, … from --seed");
    public Option<int?> PerClass { get; } = NullableInt("--images-per-class", "training images per class, at most");
    public Option<int?> EvalImages { get; } = NullableInt("--eval-images", "task-1 images whose energy and forgetting are measured");
    public Option<int?> Channels { get; } = NullableInt("--channels", "base channels of the U-Net");
    public Option<int?> Batch { get; } = NullableInt("--batch", "images per minibatch");
    public Option<ScheduleKind?> Schedule { get; } = new("--schedule")
    {
        Description = "noise schedule: linear or cosine",
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            if (Enum.TryParse(s, ignoreCase: true, out ScheduleKind k) && !int.TryParse(s, out _)) return k;
            r.AddError($"--schedule: '{s}' is not one of linear, cosine");
            return null;
        },
    };
    public Option<bool> Attention { get; } = new("--attention") { Description = "add self-attention at the lowest resolution" };
    public Option<int> Threads { get; } = CommonOptions.IntAtLeast("--threads", "libtorch threads (results are bit-identical for the same count; for several seeds, one single-thread process per seed (--only-seed) uses the cores best)", 1);
    public Option<int?> OnlySeed { get; } = new("--only-seed")
    {
        Description = "train only this seed's stages (start one process per seed with --resume to use several cores; a last plain --resume collects them)",
    };
    public Option<bool> Resume { get; } = new("--resume") { Description = "continue the run in --out with its saved settings (finished stages are kept, an interrupted one resumes bit for bit)" };
    public Option<int> Seed { get; } = CommonOptions.Seed();
    public Option<DirectoryInfo?> Out { get; } = CommonOptions.Out();
    public Option<bool> Json { get; } = CommonOptions.Json();

    static Option<int?> NullableInt(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 1) return v;
            r.AddError($"{name}: '{s}' must be a whole number ≥ 1");
            return null;
        },
    };

    /// <summary>The preset with every given option applied.</summary>
    public DiffusionContinualSettings Settings(ParseResult parse)
    {
        var s = parse.GetValue(Preset) == DiffusionPreset.Paper ? DiffusionContinualSettings.Paper() : DiffusionContinualSettings.Quick();
        int seed = parse.GetValue(Seed);
        int seeds = parse.GetValue(Seeds) ?? s.Seeds.Length;
        TrainerSettings trainer = s.FirstTask with
        {
            Steps = parse.GetValue(Steps) ?? s.FirstTask.Steps,
            BatchSize = parse.GetValue(Batch) ?? s.FirstTask.BatchSize,
            Threads = parse.GetValue(Threads),
        };
        return s with
        {
            Tasks = parse.GetValue(Tasks) is { Length: > 0 } tasks ? tasks : s.Tasks,
            ImagesPerClass = parse.GetValue(PerClass) ?? s.ImagesPerClass,
            Architecture = s.Architecture with
            {
                BaseChannels = parse.GetValue(Channels) ?? s.Architecture.BaseChannels,
                Attention = parse.GetValue(Attention) || s.Architecture.Attention,
            },
            Schedule = parse.GetValue(Schedule) ?? s.Schedule,
            FirstTask = trainer,
            LaterTaskSteps = parse.GetValue(LaterSteps) ?? s.LaterTaskSteps,
            Policies = parse.GetValue(Replay) is { Length: > 0 } policies ? policies : s.Policies,
            Budget = parse.GetValue(Budget) ?? s.Budget,
            Ratio = parse.GetValue(Ratio) ?? s.Ratio,
            Seeds = Enumerable.Range(seed, seeds).ToArray(),
            EvaluationSamples = parse.GetValue(EvalImages) ?? s.EvaluationSamples,
        };
    }

    /// <summary>The run folder from --out (required).</summary>
    public string Folder(ParseResult parse) =>
        (parse.GetValue(Out) ?? throw new ArgumentException("give --out DIR: the run's checkpoints and results live there.")).FullName;

    /// <summary>Writes the evaluation's report into the run folder and prints its summary (or JSON).</summary>
    public static int Finish(ParseResult parse, VerbContext context, Option<DirectoryInfo?> output, DiffusionContinualResult result) =>
        ContinualOptions.Finish(parse, context, output, result, Engram.Reports.DiffusionContinualReport.Write, w =>
        {
            foreach (string line in Engram.Reports.DiffusionContinualReport.Lines(result)) w.WriteLine(line);
        });

    /// <summary>The run folder of the evaluate and report verbs (--out, required).</summary>
    public static string RunFolder(ParseResult parse, Option<DirectoryInfo?> output) =>
        (parse.GetValue(output) ?? throw new ArgumentException("give --out DIR: the folder of a trained run.")).FullName;

    /// <summary>Training images of the data folder (or of the default places) and the folder used.</summary>
    public static (ImageSet Images, string Folder) Load(string? folder)
    {
        string located = FashionMnist.Locate(folder);
        return (FashionMnist.Load(located, test: false), located);
    }
}
