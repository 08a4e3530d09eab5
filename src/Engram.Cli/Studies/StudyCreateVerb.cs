using System.CommandLine;
using Engram.Reports;
using Engram.Studies;

namespace Engram.Cli.Studies;

/// <summary><c>engram study create</c>: defines a study in a storage (or checks that the existing one matches).</summary>
public static class StudyCreateVerb
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var storage = StudyCommand.Storage();
        var study = StudyCommand.Study();
        var objective = new Option<string>("--objective") { Description = $"what a trial computes: {string.Join(", ", StudyObjectives.Names)}", Required = true };
        var space = new Option<string>("--space")
        {
            Description = "search space: name=float[low,high] (add ' log'), name=int[low,high], name=categorical[a,b,…], separated by ';'",
            Required = true,
        };
        var set = new Option<string[]>("--set")
        {
            Description = "objective setting key=value (repeatable), checked when the study is created; gw-alignment: x, y (files), categories, input, metric, strict, " +
                          "max_iter, tol, loss_tol, precision, init, histogram_matching, or any full name such as alignment.gw.sinkhorn_max_iterations; " +
                          "hopfield-capacity: networks, max_steps, cue_noise",
            AllowMultipleArgumentsPerToken = false,
        };
        var trials = CommonOptions.IntAtLeast("--trials", "number of trials the study should hold", 20);
        var sampler = CommonOptions.Choice("--sampler", "tpe (multivariate, constant liar), random, grid or anneal (warm-started descent of the log-scaled parameter eps, then restarts at the best value)", SamplerKind.Tpe);
        var pruner = CommonOptions.Choice("--pruner", "none, median or hyperband", PrunerKind.None);
        var direction = CommonOptions.Choice("--direction", "minimize or maximize (default: minimize; hopfield-capacity: maximize)", StudyDirection.Minimize);
        var heartbeat = CommonOptions.PositiveDouble("--heartbeat", "seconds between heartbeats of a running trial", 5);
        var stale = CommonOptions.PositiveDouble("--stale-after", "seconds without heartbeat after which a trial is given up and re-run", 60);
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json();
        var command = new Command("create",
            "Create a study (or check that the existing one has the same definition; a new --trials extends it).\n" +
            "Example: engram study create --storage sqlite:runs/studies.db --study capacity --objective hopfield-capacity " +
            "--space 'n=int[100,400];alpha=float[0.05,0.25]' --sampler grid --trials 25 --direction maximize --set networks=10")
        {
            storage, study, objective, space, set, trials, sampler, pruner, direction, heartbeat, stale, seed, json,
        };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            // Everything is checked, and the inputs read, before the storage is opened: a refused study leaves nothing behind.
            string objectiveName = parse.GetValue(objective)!;
            StudyObjectiveKind kind = StudyObjectives.Get(objectiveName);
            SearchSpace searchSpace = ParseSpace(parse.GetValue(space)!);
            kind.CheckSpace(searchSpace);
            var pairs = ParseSettings(parse.GetValue(set) ?? []);
            string settings;
            try { settings = kind.Settings(pairs); }
            catch (ArgumentException e) { throw new ArgumentException($"--set: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}"); }
            bool directionGiven = parse.GetResult(direction) is { Implicit: false };
            var definition = new StudyDefinition
            {
                Name = parse.GetValue(study)!, Space = searchSpace, Objective = objectiveName, ObjectiveSettings = settings,
                TargetTrials = parse.GetValue(trials), Sampler = parse.GetValue(sampler), Pruner = parse.GetValue(pruner), Seed = parse.GetValue(seed),
                Direction = directionGiven ? parse.GetValue(direction) : kind.Direction,
                HeartbeatSeconds = parse.GetValue(heartbeat), StaleAfterSeconds = parse.GetValue(stale),
            };
            definition.Validate();
            StudyObjectives.Create(definition);   // reads the inputs now, so a wrong path fails here and not in every worker
            using IStudyStorage store = StudyStorage.Open(parse.GetValue(storage)!);
            StudySnapshot snapshot = store.CreateStudy(definition);
            if (context.Json) context.Output.WriteLine(JsonResult.ToJson(StudySummary.Of(snapshot, store.Description, withTrials: false)));
            else context.Output.WriteLine($"study {definition.Name} in {store.Description}: {snapshot.Trials.Count} trials so far of {definition.TargetTrials}; " +
                                          $"start workers with: engram study worker --storage {parse.GetValue(storage)} --study {definition.Name}");
            return 0;
        });
        return command;
    }

    /// <summary>Parses a search space, with a message that shows the expected form.</summary>
    public static SearchSpace ParseSpace(string text)
    {
        try
        {
            return SearchSpace.Parse(text);
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException($"--space: {e.Message} Write e.g. 'eps=float[1,10] log;init=categorical[random,uniform]'.");
        }
    }

    /// <summary>key=value pairs, in order (the objective makes file paths absolute, so that workers elsewhere find them).</summary>
    public static List<(string Key, string Value)> ParseSettings(IEnumerable<string> pairs)
    {
        var settings = new List<(string, string)>();
        foreach (string pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--set: '{pair}' is not key=value.");
            settings.Add((pair[..eq].Trim(), pair[(eq + 1)..].Trim()));
        }
        return settings;
    }
}
