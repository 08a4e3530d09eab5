namespace Engram.Studies;

/// <summary>
/// Proposes the parameters of a new trial from the study so far. Implementations are deterministic: the same study
/// contents, trial number and study seed give the same proposal, in any process (trial k draws from the random stream
/// <see cref="Numerics.Seeding.Derive"/>(study seed, k)).
/// </summary>
public interface ITrialSampler
{
    /// <summary>The proposal for trial <paramref name="number"/> of <paramref name="study"/>: parameters (categoricals as choice indices) and any system attributes.</summary>
    Proposal Sample(StudySnapshot study, int number);
}

/// <summary>The sampler of each <see cref="SamplerKind"/>, with its default settings.</summary>
public static class TrialSamplers
{
    /// <summary>A sampler of <paramref name="kind"/>.</summary>
    public static ITrialSampler Create(SamplerKind kind) => kind switch
    {
        SamplerKind.Tpe => new TpeSampler(),
        SamplerKind.Random => new RandomSampler(),
        SamplerKind.Grid => new GridSampler(),
        SamplerKind.Anneal => new AnnealSampler(),
        _ => throw new ArgumentException($"unknown sampler {kind}.", nameof(kind)),
    };

    /// <summary>The random stream of trial <paramref name="number"/>.</summary>
    internal static Random StreamOf(StudySnapshot study, int number) =>
        Numerics.Seeding.Create(Numerics.Seeding.Derive(study.Definition.Seed, number));

    /// <summary>Bounds of a numeric parameter in the space the samplers work in (log for log ranges; integers widened by ½).</summary>
    internal static (double Low, double High) SearchBounds(ParameterDistribution d) => d switch
    {
        FloatDistribution { Log: true } f => (Math.Log(f.Low), Math.Log(f.High)),
        FloatDistribution f => (f.Low, f.High),
        IntDistribution { Log: true } i => (Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5)),
        IntDistribution i => (i.Low - 0.5, i.High + 0.5),
        _ => throw new ArgumentException("categorical parameters have no numeric bounds."),
    };

    /// <summary>A value of the search space (see <see cref="SearchBounds"/>) mapped to the parameter's own range.</summary>
    internal static double FromSearch(ParameterDistribution d, double x) => d switch
    {
        FloatDistribution { Log: true } f => Math.Clamp(Math.Exp(x), f.Low, f.High),
        FloatDistribution f => Math.Clamp(x, f.Low, f.High),
        IntDistribution { Log: true } i => Math.Clamp(Math.Round(Math.Exp(x)), i.Low, i.High),
        IntDistribution i => Math.Clamp(Math.Round(x), i.Low, i.High),
        _ => x,
    };

    /// <summary>A parameter value mapped to the search space.</summary>
    internal static double ToSearch(ParameterDistribution d, double value) => d switch
    {
        FloatDistribution { Log: true } or IntDistribution { Log: true } => Math.Log(value),
        _ => value,
    };
}

/// <summary>Independent uniform draws: uniform on linear ranges, log-uniform on log ranges, uniform over choices.</summary>
public sealed class RandomSampler : ITrialSampler
{
    /// <inheritdoc/>
    public Proposal Sample(StudySnapshot study, int number) => new(Draw(study.Definition.Space, TrialSamplers.StreamOf(study, number)));

    internal static Dictionary<string, double> Draw(SearchSpace space, Random random)
    {
        var values = new Dictionary<string, double>();
        foreach (var (name, d) in space.Parameters)
        {
            if (d is CategoricalDistribution c) { values[name] = random.Next(c.Choices.Count); continue; }
            var (low, high) = TrialSamplers.SearchBounds(d);
            values[name] = TrialSamplers.FromSearch(d, low + (high - low) * random.NextDouble());
        }
        return values;
    }
}

/// <summary>
/// The points of a regular grid, each once, in row-major order (the first parameter varies slowest): every choice of a
/// categorical, and <see cref="PointsPerParameter"/> evenly spaced values (geometrically on log ranges) of each numeric
/// parameter, ends included. A new trial takes the first grid point no counted trial holds; once all are taken, points
/// repeat in order.
/// </summary>
public sealed class GridSampler : ITrialSampler
{
    /// <summary>Values per numeric parameter; null (default) chooses the fewest that give every trial of the target its own point.</summary>
    public int? PointsPerParameter { get; init; }

    /// <inheritdoc/>
    public Proposal Sample(StudySnapshot study, int number)
    {
        SearchSpace space = study.Definition.Space;
        double[][] axes = Axes(space, study.Definition.TargetTrials);
        long total = axes.Aggregate(1L, (n, a) => n * a.Length);
        var taken = study.Trials.Where(t => t.Counts).Select(t => Key(space, t.Parameters)).ToHashSet();
        long chosen = -1;
        for (long index = 0; index < total && chosen < 0; index++)
            if (!taken.Contains(Key(space, Point(space, axes, index)))) chosen = index;
        return new(Point(space, axes, chosen >= 0 ? chosen : number % total));
    }

    double[][] Axes(SearchSpace space, int target)
    {
        int categoricalPoints = space.Parameters.Where(p => p.Distribution is CategoricalDistribution)
            .Aggregate(1, (n, p) => n * ((CategoricalDistribution)p.Distribution).Choices.Count);
        int numeric = space.Parameters.Count(p => p.Distribution is not CategoricalDistribution);
        int per = PointsPerParameter ?? (numeric == 0 ? 1 : Math.Max(2, (int)Math.Ceiling(Math.Pow(Math.Max(1.0, target / (double)categoricalPoints), 1.0 / numeric) - 1e-9)));
        return space.Parameters.Select(p => p.Distribution switch
        {
            CategoricalDistribution c => Enumerable.Range(0, c.Choices.Count).Select(i => (double)i).ToArray(),
            IntDistribution i => Spaced(p.Distribution, per).Distinct().ToArray(),
            _ => Spaced(p.Distribution, per),
        }).ToArray();
    }

    static double[] Spaced(ParameterDistribution d, int count)
    {
        (double low, double high) = d switch
        {
            FloatDistribution f => (TrialSamplers.ToSearch(d, f.Low), TrialSamplers.ToSearch(d, f.High)),
            IntDistribution i => (TrialSamplers.ToSearch(d, i.Low), TrialSamplers.ToSearch(d, i.High)),
            _ => throw new ArgumentException("categorical"),
        };
        return Enumerable.Range(0, count).Select(k => TrialSamplers.FromSearch(d, count == 1 ? low : low + (high - low) * k / (count - 1))).ToArray();
    }

    static Dictionary<string, double> Point(SearchSpace space, double[][] axes, long index)
    {
        var values = new Dictionary<string, double>();
        for (int p = space.Parameters.Count - 1; p >= 0; p--)
        {
            values[space.Parameters[p].Name] = axes[p][index % axes[p].Length];
            index /= axes[p].Length;
        }
        return values;
    }

    static string Key(SearchSpace space, IReadOnlyDictionary<string, double> values) =>
        string.Join(";", space.Parameters.Select(p => values.TryGetValue(p.Name, out double v) ? v.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "?"));
}
