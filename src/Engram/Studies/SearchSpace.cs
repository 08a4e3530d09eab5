using System.Globalization;

namespace Engram.Studies;

/// <summary>
/// The range of one parameter of a study. Every value is held as a double: floats and integers as themselves,
/// categoricals as the index of the choice (Optuna's internal representation).
/// </summary>
public abstract record ParameterDistribution
{
    /// <summary>Whether <paramref name="value"/> (internal representation) lies in the range.</summary>
    public abstract bool Contains(double value);

    /// <summary>The canonical text form, used to compare the search spaces of two study definitions.</summary>
    public abstract string Describe();
}

/// <summary>A real parameter in [<paramref name="Low"/>, <paramref name="High"/>], sampled uniformly in log space when <paramref name="Log"/>.</summary>
/// <param name="Low">Smallest value.</param>
/// <param name="High">Largest value.</param>
/// <param name="Log">Whether the search works on log(value) (then Low must be &gt; 0).</param>
public sealed record FloatDistribution(double Low, double High, bool Log) : ParameterDistribution
{
    /// <inheritdoc/>
    public override bool Contains(double value) => value >= Low && value <= High;

    /// <inheritdoc/>
    public override string Describe() => $"float[{Text(Low)},{Text(High)}]{(Log ? " log" : "")}";

    internal static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>An integer parameter in [<paramref name="Low"/>, <paramref name="High"/>].</summary>
/// <param name="Low">Smallest value.</param>
/// <param name="High">Largest value.</param>
/// <param name="Log">Whether the search works on log(value) (then Low must be ≥ 1).</param>
public sealed record IntDistribution(int Low, int High, bool Log) : ParameterDistribution
{
    /// <inheritdoc/>
    public override bool Contains(double value) => value >= Low && value <= High && value == Math.Round(value);

    /// <inheritdoc/>
    public override string Describe() => $"int[{Low},{High}]{(Log ? " log" : "")}";
}

/// <summary>A parameter that takes one of a list of named choices.</summary>
/// <param name="Choices">The choices, in order; the internal value is the index.</param>
public sealed record CategoricalDistribution(IReadOnlyList<string> Choices) : ParameterDistribution
{
    /// <inheritdoc/>
    public override bool Contains(double value) => value >= 0 && value < Choices.Count && value == Math.Round(value);

    /// <inheritdoc/>
    public override string Describe() => $"categorical[{string.Join(",", Choices)}]";
}

/// <summary>The named parameters of a study and their ranges, in a fixed order.</summary>
public sealed class SearchSpace
{
    readonly (string Name, ParameterDistribution Distribution)[] parameters;

    /// <summary>Validates and keeps <paramref name="parameters"/> in the given order.</summary>
    public SearchSpace(IEnumerable<(string Name, ParameterDistribution Distribution)> parameters)
    {
        this.parameters = parameters.ToArray();
        if (this.parameters.Length == 0) throw new ArgumentException("a search space needs at least one parameter.", nameof(parameters));
        var seen = new HashSet<string>();
        foreach (var (name, d) in this.parameters)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsWhiteSpace(c) || c is ';' or '=' or ','))
                throw new ArgumentException($"parameter name '{name}' must be non-empty without spaces, ';', '=' or ','.", nameof(parameters));
            if (!seen.Add(name)) throw new ArgumentException($"parameter '{name}' appears twice in the search space.", nameof(parameters));
            switch (d)
            {
                case FloatDistribution f when !(double.IsFinite(f.Low) && double.IsFinite(f.High) && f.Low < f.High):
                    throw new ArgumentException($"the range of '{name}' is [{f.Low}, {f.High}]; it needs finite low < high.", nameof(parameters));
                case FloatDistribution { Log: true, Low: <= 0 } f:
                    throw new ArgumentException($"the log range of '{name}' starts at {f.Low}; a log range needs low > 0.", nameof(parameters));
                case IntDistribution i when i.Low > i.High || (i.Log && i.Low < 1):
                    throw new ArgumentException($"the integer range of '{name}' is [{i.Low}, {i.High}]; it needs low ≤ high (and low ≥ 1 on a log scale).", nameof(parameters));
                case CategoricalDistribution c when c.Choices.Count == 0 || c.Choices.Distinct().Count() != c.Choices.Count:
                    throw new ArgumentException($"the choices of '{name}' must be non-empty and distinct.", nameof(parameters));
            }
        }
    }

    /// <summary>The parameters in order.</summary>
    public IReadOnlyList<(string Name, ParameterDistribution Distribution)> Parameters => parameters;

    /// <summary>The distribution of <paramref name="name"/>.</summary>
    public ParameterDistribution this[string name] =>
        parameters.FirstOrDefault(p => p.Name == name).Distribution ?? throw new ArgumentException($"the study has no parameter '{name}'.", nameof(name));

    /// <summary>One line per space, equal exactly when the spaces are equal: <c>eps=float[1,10] log;init=categorical[random,uniform]</c>.</summary>
    public string Describe() => string.Join(";", parameters.Select(p => $"{p.Name}={p.Distribution.Describe()}"));

    /// <summary>Parses <see cref="Describe"/>'s text.</summary>
    public static SearchSpace Parse(string text)
    {
        var list = new List<(string, ParameterDistribution)>();
        foreach (string part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new InvalidDataException($"search space entry '{part}' is not name=distribution.");
            string name = part[..eq], spec = part[(eq + 1)..];
            bool log = spec.EndsWith(" log", StringComparison.Ordinal);
            if (log) spec = spec[..^4];
            int open = spec.IndexOf('['), close = spec.LastIndexOf(']');
            if (open < 0 || close < open) throw new InvalidDataException($"search space entry '{part}' has no [range].");
            string kind = spec[..open];
            string[] args = spec[(open + 1)..close].Split(',');
            list.Add((name, kind switch
            {
                "float" when args.Length == 2 => new FloatDistribution(Number(args[0]), Number(args[1]), log),
                "int" when args.Length == 2 => new IntDistribution((int)Number(args[0]), (int)Number(args[1]), log),
                "categorical" => new CategoricalDistribution(args),
                _ => throw new InvalidDataException($"search space entry '{part}' has an unknown kind '{kind}'."),
            }));
        }
        return new SearchSpace(list);
    }

    static double Number(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw new InvalidDataException($"'{s}' is not a number.");
}
