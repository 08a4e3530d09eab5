using System.CommandLine;
using System.Globalization;
using ReplayPolicy = Engram.Continual.ReplayPolicy;
using Engram.Continual.Diffusion;
using Engram.Data;
using Engram.Training;
using Engram.Generative;

namespace Engram.Cli.Continual;

/// <summary>The presets of <c>engram continual diffusion train</c>.</summary>
public enum DiffusionPreset
{
    /// <summary><see cref="DiffusionContinualSettings.Quick"/>.</summary>
    Quick,

    /// <summary><see cref="DiffusionContinualSettings.Paper"/>.</summary>
    Paper,

    /// <summary><see cref="DiffusionContinualSettings.Memorise"/>.</summary>
    Memorise,
}

/// <summary>Options of the <c>engram continual diffusion</c> verbs; every setting left out keeps the preset's value.</summary>
internal sealed class DiffusionOptions
{
    public Option<DiffusionPreset> Preset { get; } = CommonOptions.Choice("--preset", "quick (≤ 10 min on 2 cores), memorise (25 images per class trained 8 000 steps, towards the memorisation regime; minutes with --space latent) or paper (5 tasks, 4 replay policies, 3 seeds; ≈ 1 h with one process per seed, see --only-seed)", DiffusionPreset.Quick);
    public Option<DirectoryInfo?> Data { get; } = TrainerOptions.FashionMnistData();
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
    public Option<int?> Steps { get; } = TrainerOptions.Steps("Adam steps on task 1");
    public Option<int?> LaterSteps { get; } = CommonOptions.OptionalPositiveInt("--later-steps", "Adam steps on each later task");
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
    public Option<int?> Budget { get; } = CommonOptions.OptionalPositiveInt("--budget", "replay buffer size K (task-1 images)");
    public Option<bool> Unstratified { get; } = new("--unstratified") { Description = "rank the whole replay pool for top-K / bottom-K / random-K instead of splitting the budget evenly over the task-1 classes" };
    public Option<double?> Ratio { get; } = new("--ratio")
    {
        Description = "fraction of each later-task batch taken from the replay buffer, in [0, 1]",
        CustomParser = r => CommonOptions.ParseDouble(r, "--ratio", v => v >= 0 && v <= 1, "in [0, 1]"),
    };
    public Option<int?> Seeds { get; } = CommonOptions.OptionalPositiveInt("--seeds", "number of seeds S, S+1, … from --seed");
    public Option<int?> PerClass { get; } = CommonOptions.OptionalPositiveInt("--images-per-class", "training images per class, at most");
    public Option<int?> EvalImages { get; } = CommonOptions.OptionalPositiveInt("--eval-images", "task-1 images whose energy and forgetting are measured");
    public Option<int?> NoiseDraws { get; } = NoiseDrawsOption();
    public Option<int?> Channels { get; } = CommonOptions.OptionalPositiveInt("--channels", "base channels of the U-Net");
    public Option<int?> Batch { get; } = TrainerOptions.Batch();
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
    public Option<string?> Space { get; } = new("--space")
    {
        Description = "where the diffusion runs: pixels (default) or latent (a convolutional autoencoder trained on every task's images first, then frozen; latent diffusion as in Rombach et al. 2022)",
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value.Trim().ToLowerInvariant();
            if (s is "pixels" or "latent") return s;
            r.AddError($"--space: '{r.Tokens.Single().Value}' is not one of pixels, latent");
            return null;
        },
    };
    public Option<int?> LatentChannels { get; } = CommonOptions.OptionalPositiveInt("--latent-channels", "channels C of the latent (C × 8 × 8 codes for 28 × 28 images; default 2); with --space latent");
    public Option<int?> AutoencoderSteps { get; } = CommonOptions.OptionalPositiveInt("--autoencoder-steps", "Adam steps of the autoencoder (default 1500); with --space latent");
    public Option<bool> Attention { get; } = new("--attention") { Description = "add self-attention at the lowest resolution" };
    public Option<int> Threads { get; } = TrainerOptions.Threads();
    public Option<int?> OnlySeed { get; } = new("--only-seed")
    {
        Description = "train only this seed's stages (start one process per seed with --resume to use several cores; a last plain --resume collects them)",
    };
    public Option<bool> Resume { get; } = new("--resume") { Description = "continue the run in --out with its saved settings (finished stages are kept, an interrupted one resumes bit for bit)" };
    public Option<int> Seed { get; } = CommonOptions.Seed();
    public ReportOptions Report { get; } = new(figures: false);   // training writes checkpoints and training.json; evaluate draws

    /// <summary>The options that set the run's settings: fixed once the run exists, so --resume refuses them.</summary>
    public IEnumerable<Option> SettingOptions() =>
        [Preset, Data, Tasks, Steps, LaterSteps, Replay, Budget, Unstratified, Ratio, Seeds, PerClass, EvalImages, NoiseDraws, Channels, Batch,
         Schedule, Attention, Space, LatentChannels, AutoencoderSteps, Seed];

    /// <summary>The preset with every given option applied.</summary>
    public DiffusionContinualSettings Settings(ParseResult parse)
    {
        var s = parse.GetValue(Preset) switch
        {
            DiffusionPreset.Paper => DiffusionContinualSettings.Paper(),
            DiffusionPreset.Memorise => DiffusionContinualSettings.Memorise(),
            _ => DiffusionContinualSettings.Quick(),
        };
        int seed = parse.GetValue(Seed);
        int seeds = parse.GetValue(Seeds) ?? s.Seeds.Length;
        TrainerSettings trainer = TrainerOptions.Apply(parse, s.FirstTask, Steps, Batch) with { Threads = parse.GetValue(Threads) };
        bool latent = parse.GetValue(Space) == "latent";
        if (!latent && (parse.GetValue(LatentChannels) is not null || parse.GetValue(AutoencoderSteps) is not null))
            throw new ArgumentException("--latent-channels and --autoencoder-steps set the autoencoder of latent diffusion; add --space latent.");
        LatentSpaceSettings? space = null;
        if (latent)
        {
            var defaults = new LatentSpaceSettings();
            space = defaults with
            {
                Channels = parse.GetValue(LatentChannels) ?? defaults.Channels,
                Trainer = defaults.Trainer with { Steps = parse.GetValue(AutoencoderSteps) ?? defaults.Trainer.Steps, Threads = trainer.Threads },
                Seed = seed,
            };
        }
        return s with
        {
            Latent = space,
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
            StratifiedReplay = !parse.GetValue(Unstratified) && s.StratifiedReplay,
            Ratio = parse.GetValue(Ratio) ?? s.Ratio,
            Seeds = Enumerable.Range(seed, seeds).ToArray(),
            EvaluationSamples = parse.GetValue(EvalImages) ?? s.EvaluationSamples,
            NoiseDraws = parse.GetValue(NoiseDraws) ?? s.NoiseDraws,
        };
    }

    /// <summary>--noise-draws K, shared by train (stored in the run) and evaluate (overrides the run's value).</summary>
    public static Option<int?> NoiseDrawsOption() =>
        CommonOptions.OptionalPositiveInt("--noise-draws", "noise draws per (image, t) whose denoising errors are averaged, the same for every model (default 8)");

    /// <summary>The run folder from --out (required).</summary>
    public string Folder(ParseResult parse) =>
        (parse.GetValue(Report.Out) ?? throw new ArgumentException("give --out DIR: the run's checkpoints and results live there.")).FullName;

    /// <summary>Writes the evaluation's report into the run folder and prints its summary (or JSON).</summary>
    public static int Finish(ParseResult parse, VerbContext context, ReportOptions report, DiffusionContinualResult result) =>
        report.Finish(parse, context, result, (folder, command, formats) => Engram.Reports.DiffusionContinualReport.Write(folder, result, command, formats), (w, folder) =>
        {
            foreach (string line in Engram.Reports.DiffusionContinualReport.Lines(result)) w.WriteLine(line);
            if (folder is not null) w.WriteLine(ReportOptions.ReportLine(folder));
        });

    /// <summary>The run folder of the evaluate and report verbs (--out, required).</summary>
    public static string RunFolder(ParseResult parse, ReportOptions report) =>
        (parse.GetValue(report.Out) ?? throw new ArgumentException("give --out DIR: the folder of a trained run.")).FullName;

    /// <summary>Training images of the data folder (or of the default places) and the folder used.</summary>
    public static (ImageSet Images, string Folder) Load(string? folder)
    {
        string located = FashionMnist.Locate(folder, CliEnvironment.FashionMnistFallbacks());
        return (FashionMnist.Load(located, test: false), located);
    }
}
