using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Engram.Cli;

/// <summary>Options every verb shares, and parsers that reject impossible values at the command line.</summary>
public static class CommonOptions
{
    /// <summary><c>--seed S</c>: every random draw follows from it.</summary>
    public static Option<int> Seed() => new("--seed")
    {
        Description = "random seed; the same seed gives the same result",
        DefaultValueFactory = _ => 0,
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)) return v;
            r.AddError($"--seed: '{s}' is not a whole number");
            return 0;
        },
    };

    /// <summary><c>--out DIR</c>: write result.json, arrays, figures and index.html there.</summary>
    public static Option<DirectoryInfo?> Out() => new("--out")
    {
        Description = "folder for result.json, arrays (.npy), figures (.png) and index.html",
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            if (File.Exists(s)) { r.AddError($"--out: '{s}' is a file; give a folder (it is created if missing)"); return null; }
            return new DirectoryInfo(s);
        },
    };

    /// <summary><c>--format png,svg</c>: the files each figure is written as.</summary>
    public static Option<Engram.Reports.FigureFormats> Format() => new("--format")
    {
        Description = "figure files: png (slide resolution), svg (vector, for papers) or png,svg (default png)",
        DefaultValueFactory = _ => Engram.Reports.FigureFormats.Png,
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            Engram.Reports.FigureFormats formats = 0;
            foreach (string part in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                switch (part.ToLowerInvariant())
                {
                    case "png": formats |= Engram.Reports.FigureFormats.Png; break;
                    case "svg": formats |= Engram.Reports.FigureFormats.Svg; break;
                    default: r.AddError($"--format: '{part}' is not png or svg; write png, svg or png,svg"); return Engram.Reports.FigureFormats.Png;
                }
            }
            if (formats == 0) { r.AddError("--format: give png, svg or png,svg"); return Engram.Reports.FigureFormats.Png; }
            return formats;
        },
    };

    /// <summary><c>--json</c>: one JSON object on stdout, nothing else.</summary>
    public static Option<bool> Json() => new("--json") { Description = "print one JSON object on stdout" };

    /// <summary>A double option that must be finite and &gt; 0.</summary>
    public static Option<double> PositiveDouble(string name, string description, double defaultValue) =>
        Double(name, description, defaultValue, v => v > 0, "> 0");

    /// <summary>A double option that must be finite and ≥ 0.</summary>
    public static Option<double> NonNegativeDouble(string name, string description, double defaultValue) =>
        Double(name, description, defaultValue, v => v >= 0, "≥ 0");

    /// <summary>A double option that must lie in [<paramref name="min"/>, <paramref name="max"/>] (or the half-open form).</summary>
    public static Option<double> DoubleIn(string name, string description, double defaultValue, double min, double max, bool maxInclusive = true) =>
        Double(name, description, defaultValue, v => v >= min && (maxInclusive ? v <= max : v < max),
            maxInclusive ? $"in [{Format(min)}, {Format(max)}]" : $"in [{Format(min)}, {Format(max)})");

    /// <summary>A finite double option with a validity rule described by <paramref name="rule"/>.</summary>
    public static Option<double> Double(string name, string description, double defaultValue, Func<double, bool> valid, string rule) =>
        new(name)
        {
            Description = $"{description}",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseDouble(r, name, valid, rule),
        };

    /// <summary>An integer option that must be ≥ <paramref name="min"/>.</summary>
    public static Option<int> IntAtLeast(string name, string description, int defaultValue, int min = 1) =>
        new(name)
        {
            Description = $"{description}",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                string s = r.Tokens.Single().Value;
                if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
                { r.AddError($"{name}: '{s}' is not a whole number"); return 0; }
                if (v < min) { r.AddError($"{name} must be ≥ {min}; got {v}"); return 0; }
                return v;
            },
        };

    /// <summary>A whole-number option ≥ 1 whose absence means "keep the verb's value".</summary>
    public static Option<int?> OptionalPositiveInt(string name, string description) => new(name)
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

    /// <summary>
    /// An enum option written in lower case (<c>--metric sqeuclidean</c>, any case accepted). An unknown value gives one
    /// line naming the option and listing the choices (System.CommandLine's own enum error spans several lines and names
    /// the .NET type).
    /// </summary>
    public static Option<TEnum> Choice<TEnum>(string name, string description, TEnum defaultValue) where TEnum : struct, Enum
    {
        TEnum[] values = Enum.GetValues<TEnum>();
        string[] names = values.Select(v => v.ToString().ToLowerInvariant()).ToArray();
        var option = new Option<TEnum>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                string s = r.Tokens.Single().Value;
                int index = Array.IndexOf(names, s.Trim().ToLowerInvariant());
                if (index >= 0) return values[index];
                r.AddError($"{name}: '{s}' is not one of {string.Join(", ", names)}");
                return defaultValue;
            },
        };
        option.CompletionSources.Clear();              // the enum's own, capitalised names
        option.CompletionSources.Add(names);
        return option;
    }

    /// <summary>Parses a finite double from the single token of <paramref name="r"/>, adding an error otherwise.</summary>
    public static double ParseDouble(ArgumentResult r, string name, Func<double, bool> valid, string rule)
    {
        string s = r.Tokens.Single().Value;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        { r.AddError($"{name}: '{s}' is not a finite number"); return 0; }
        if (!valid(v)) { r.AddError($"{name} must be {rule}; got {s}"); return 0; }
        return v;
    }

    /// <summary>A comma list of whole numbers ≥ <paramref name="min"/>.</summary>
    public static Option<int[]> Ints(string name, string description, string defaultValue, int min) => new(name)
    {
        Description = $"{description}, a comma list (default {defaultValue})",
        DefaultValueFactory = _ => ParseInts(defaultValue, min)!,
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            int[]? v = ParseInts(s, min);
            if (v is null) { r.AddError($"{name}: '{s}' must be a comma list of whole numbers ≥ {min}"); return []; }
            return v;
        },
    };

    /// <summary>An optional comma list of whole numbers ≥ <paramref name="min"/> (null when not given).</summary>
    public static Option<int[]?> OptionalInts(string name, string description, int min) => new(name)
    {
        Description = $"{description}, a comma list",
        CustomParser = r =>
        {
            string s = r.Tokens.Single().Value;
            int[]? v = ParseInts(s, min);
            if (v is null) r.AddError($"{name}: '{s}' must be a comma list of whole numbers{(min == int.MinValue ? "" : $" ≥ {min}")}");
            return v;
        },
    };

    static int[]? ParseInts(string s, int min)
    {
        var values = new List<int>();
        foreach (string part in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min) return null;
            values.Add(v);
        }
        return values.Count == 0 ? null : values.ToArray();
    }

    /// <summary>
    /// A grid <c>start:stop:step</c> (inclusive of stop within rounding), or a comma list <c>a,b,c</c>.
    /// </summary>
    public static Option<double[]> Grid(string name, string description, string defaultValue) =>
        new(name)
        {
            Description = $"{description}: start:stop:step or a comma list",
            DefaultValueFactory = _ => ParseGrid(defaultValue) ?? [],
            CustomParser = r =>
            {
                string s = r.Tokens.Single().Value;
                double[]? grid = ParseGrid(s);
                if (grid is null) { r.AddError($"{name}: '{s}' is not a grid; write start:stop:step (step > 0, start ≤ stop) or a,b,c"); return []; }
                return grid;
            },
        };

    /// <summary>Parses <c>start:stop:step</c> or <c>a,b,c</c>; null when malformed or empty.</summary>
    public static double[]? ParseGrid(string s)
    {
        static bool Num(string t, out double v) =>
            double.TryParse(t.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);
        string[] parts = s.Split(':');
        if (parts.Length == 3)
        {
            if (!Num(parts[0], out double a) || !Num(parts[1], out double b) || !Num(parts[2], out double step)) return null;
            if (!(step > 0) || a > b) return null;
            int count = (int)Math.Floor((b - a) / step + 1e-9) + 1;
            if (count > 1_000_000) return null;
            return Enumerable.Range(0, count).Select(i => Math.Round(a + i * step, 12)).ToArray();
        }
        var values = new List<double>();
        foreach (string part in s.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Num(part, out double v)) return null;
            values.Add(v);
        }
        return values.Count == 0 ? null : values.ToArray();
    }

    static string Format(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}
