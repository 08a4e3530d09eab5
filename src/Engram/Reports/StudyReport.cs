using System.Globalization;
using System.Text;
using Engram.Data;
using Engram.Studies;
using ScottPlot;

namespace Engram.Reports;

/// <summary>One trial as exported (CSV, JSON): parameters in user terms, value, state, attributes, timing.</summary>
public sealed record TrialRecord
{
    /// <summary>Trial number.</summary>
    public required int Number { get; init; }
    /// <summary>waiting, running, complete, pruned or failed.</summary>
    public required string State { get; init; }
    /// <summary>Objective value (complete trials).</summary>
    public double? Value { get; init; }
    /// <summary>Parameters: numbers, or the names of categorical choices.</summary>
    public required IReadOnlyDictionary<string, object> Params { get; init; }
    /// <summary>User attributes (metrics, iterations, seconds).</summary>
    public required IReadOnlyDictionary<string, double> Attributes { get; init; }
    /// <summary>The sampler's notes (for an annealed search: anneal_stage, warm_from); empty for most samplers.</summary>
    public required IReadOnlyDictionary<string, double> SystemAttributes { get; init; }
    /// <summary>Intermediate values by step.</summary>
    public required IReadOnlyDictionary<int, double> Intermediate { get; init; }
    /// <summary>Worker that ran it last.</summary>
    public string? Worker { get; init; }
    /// <summary>Wall seconds from start to end.</summary>
    public double? Seconds { get; init; }
    /// <summary>Why it failed or was pruned.</summary>
    public string? Reason { get; init; }
    /// <summary>The failed trial it re-runs.</summary>
    public int? RetryOf { get; init; }

    /// <summary>The record of <paramref name="t"/>.</summary>
    public static TrialRecord Of(SearchSpace space, Trial t) => new()
    {
        Number = t.Number, State = t.State.ToString().ToLowerInvariant(), Value = t.Value,
        Params = space.Parameters.Where(p => t.Parameters.ContainsKey(p.Name)).ToDictionary(p => p.Name,
            p => p.Distribution is CategoricalDistribution c ? (object)c.Choices[(int)t.Parameters[p.Name]] : t.Parameters[p.Name]),
        Attributes = t.Attributes, SystemAttributes = t.SystemAttributes, Intermediate = t.Intermediate, Worker = t.Worker,
        Seconds = t.Started is not null && t.Finished is not null ? Math.Round((t.Finished.Value - t.Started.Value).TotalSeconds, 3) : null,
        Reason = t.Reason, RetryOf = t.RetryOf,
    };
}

/// <summary>A study as reported by <c>engram study status|best|export</c> and by <c>engram align --trials</c>.</summary>
public sealed record StudySummary
{
    /// <summary>Study name.</summary>
    public required string Study { get; init; }
    /// <summary>Storage (without password).</summary>
    public required string Storage { get; init; }
    /// <summary>Objective name.</summary>
    public required string Objective { get; init; }
    /// <summary>minimize or maximize.</summary>
    public required string Direction { get; init; }
    /// <summary>Search space, one line.</summary>
    public required string Space { get; init; }
    /// <summary>Sampler.</summary>
    public required string Sampler { get; init; }
    /// <summary>Pruner.</summary>
    public required string Pruner { get; init; }
    /// <summary>Study seed.</summary>
    public required int Seed { get; init; }
    /// <summary>Target number of trials.</summary>
    public required int TrialsTarget { get; init; }
    /// <summary>Trials waiting for a re-run.</summary>
    public required int TrialsWaiting { get; init; }
    /// <summary>Trials running.</summary>
    public required int TrialsRunning { get; init; }
    /// <summary>Complete trials.</summary>
    public required int TrialsComplete { get; init; }
    /// <summary>Pruned trials.</summary>
    public required int TrialsPruned { get; init; }
    /// <summary>Failed trials (objective failures, counted).</summary>
    public required int TrialsFailed { get; init; }
    /// <summary>Trials given up because their worker stopped; their parameters ran again.</summary>
    public required int TrialsRequeued { get; init; }
    /// <summary>Mean seconds per finished trial.</summary>
    public double? MeanTrialSeconds { get; init; }
    /// <summary>Estimated seconds until the target is reached at the current number of running workers.</summary>
    public double? EtaSeconds { get; init; }
    /// <summary>The best complete trial.</summary>
    public TrialRecord? Best { get; init; }
    /// <summary>Every trial (export only).</summary>
    public IReadOnlyList<TrialRecord>? Trials { get; init; }

    /// <summary>The summary of <paramref name="study"/>.</summary>
    public static StudySummary Of(StudySnapshot study, string storage, bool withTrials)
    {
        StudyStatus s = StudyStatus.Of(study);
        StudyDefinition d = study.Definition;
        return new StudySummary
        {
            Study = d.Name, Storage = storage, Objective = d.Objective, Direction = d.Direction.ToString().ToLowerInvariant(),
            Space = d.Space.Describe(), Sampler = d.Sampler.ToString().ToLowerInvariant(), Pruner = d.Pruner.ToString().ToLowerInvariant(),
            Seed = d.Seed, TrialsTarget = s.Target, TrialsWaiting = s.Waiting, TrialsRunning = s.Running, TrialsComplete = s.Complete,
            TrialsPruned = s.Pruned, TrialsFailed = s.Failed, TrialsRequeued = s.Requeued,
            MeanTrialSeconds = s.MeanTrialSeconds is double m ? Math.Round(m, 3) : null, EtaSeconds = s.EtaSeconds is double e ? Math.Round(e, 1) : null,
            Best = s.Best is null ? null : TrialRecord.Of(d.Space, s.Best),
            Trials = withTrials ? study.Trials.Select(t => TrialRecord.Of(d.Space, t)).ToArray() : null,
        };
    }
}

/// <summary>Writes a study's trials (CSV, JSON) and its figures.</summary>
public static class StudyReport
{
    /// <summary>trials.csv: one row per trial; columns number, state, value, each parameter, each attribute, worker, wall seconds, retry_of, reason.</summary>
    public static void WriteCsv(string path, StudySnapshot study) => AtomicFile.WriteAllText(path, Csv(study));

    /// <summary>The text of trials.csv (see <see cref="WriteCsv"/>).</summary>
    public static string Csv(StudySnapshot study)
    {
        SearchSpace space = study.Definition.Space;
        string[] attributes = study.Trials.SelectMany(t => t.Attributes.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        string[] system = study.Trials.SelectMany(t => t.SystemAttributes.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", ["number", "state", "value", .. space.Parameters.Select(p => p.Name), .. attributes,
            .. system.Select(a => "system_attrs_" + a), "worker", "wall_seconds", "retry_of", "reason"]));
        foreach (Trial t in study.Trials)
        {
            TrialRecord r = TrialRecord.Of(space, t);
            IEnumerable<string> cells =
            [
                r.Number.ToString(CultureInfo.InvariantCulture), r.State, Number(r.Value),
                .. space.Parameters.Select(p => r.Params.TryGetValue(p.Name, out object? v) ? v is double d ? Number(d) : Quote(v.ToString()!) : ""),
                .. attributes.Select(a => t.Attributes.TryGetValue(a, out double v) ? Number(v) : ""),
                .. system.Select(a => t.SystemAttributes.TryGetValue(a, out double v) ? Number(v) : ""),
                Quote(r.Worker ?? ""), Number(r.Seconds), r.RetryOf?.ToString(CultureInfo.InvariantCulture) ?? "", Quote(r.Reason ?? ""),
            ];
            text.AppendLine(string.Join(",", cells));
        }
        return text.ToString();
    }

    static string Number(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "";

    static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    /// <summary>
    /// Figures of a GW study: ε against GW loss, each trial coloured by its top-1 rate (failed and pruned trials drawn as
    /// crosses at their last intermediate loss), and the matching rates against ε. Returns the file names written.
    /// </summary>
    public static IReadOnlyList<string> WriteEpsilonFigures(string directory, StudySnapshot study, FigureFormats formats = FigureFormats.Png)
    {
        var written = new List<string>();
        Trial[] complete = study.Trials.Where(t => t.State == TrialState.Complete && t.Parameters.ContainsKey("eps")).OrderBy(t => t.Parameters["eps"]).ToArray();
        if (complete.Length == 0) return written;
        Plot loss = StudyFigures.EpsilonLoss(study);
        double[] top1 = complete.Select(t => t.Attributes.GetValueOrDefault("top1", double.NaN)).ToArray();
        written.Add(Path.GetFileName(Figures.Save(loss, Path.Combine(directory, "eps_vs_gw_loss.png"), formats)));
        if (top1.Any(double.IsFinite))
        {
            double[] eps = complete.Select(t => t.Parameters["eps"]).ToArray();
            var series = new[] { "top1", "top5", "top10", "category_top1", "knn_top1" }
                .Where(name => complete.All(t => t.Attributes.ContainsKey(name)))
                .Select(name => new Figures.Series(name.Replace("_", "-", StringComparison.Ordinal), eps, complete.Select(t => t.Attributes[name]).ToArray()));
            written.Add(Path.GetFileName(Figures.Lines(Path.Combine(directory, "accuracy_vs_eps.png"), formats, $"{study.Definition.Name}: matching rate against ε",
                "ε (entropic regularisation)", "matching rate (%)", series)));
        }
        return written;
    }
}
