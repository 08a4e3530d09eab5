using System.CommandLine;
using Engram.Data;
using Engram.Phi;

namespace Engram.Cli.Phi;

/// <summary>The options every <c>phi</c> verb shares: the data (a series or an AR model), the lag, the measure.</summary>
public sealed class PhiInputs
{
    readonly Argument<FileInfo?> data = new("DATA")
    {
        Description = "time series, channels × samples (.npy/.npz/.csv); omit it when --ar gives a model",
        Arity = ArgumentArity.ZeroOrOne,
    };
    readonly Option<FileInfo?> ar = new("--ar") { Description = "AR coefficient matrix A (N × N) of X_t = A X_{t−τ} + E, Cov(E) = I: exact stationary covariances instead of data" };
    readonly Option<int> tau = CommonOptions.IntAtLeast("--tau", "lag τ between past and present, in samples", 1);
    readonly Option<double> ridge = CommonOptions.NonNegativeDouble("--ridge", "added to the diagonal of the covariances (regularises short series)", 0);
    readonly Option<PhiMeasure> measure = CommonOptions.Choice("--measure", "mi1, mi, si, star (Φ*) or geo (Φ_G)", PhiMeasure.Mi1);
    readonly Option<bool> normalise = new("--normalise") { Description = "divide Φ by (K − 1) min_k H(part k), as PhiToolbox's normalization = 1" };
    readonly Option<bool> discrete = new("--discrete") { Description = "DATA holds whole-number states 0…k−1: discrete Φ from counted probabilities (mi1, mi, si, star; measure and mip)" };
    readonly Option<int> states = CommonOptions.IntAtLeast("--states", "number of states k per channel with --discrete (default: largest state + 1, at least 2)", 0);

    /// <summary>Adds the shared arguments and options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(data);
        command.Options.Add(ar);
        command.Options.Add(tau);
        command.Options.Add(ridge);
        command.Options.Add(measure);
        command.Options.Add(normalise);
        command.Options.Add(discrete);
        command.Options.Add(states);
    }

    /// <summary>Whether --discrete was given.</summary>
    public bool IsDiscrete(ParseResult parse) => parse.GetValue(discrete);

    /// <summary>Reads a discrete state series and prepares the discrete evaluator; bad input throws ArgumentException.</summary>
    public DiscretePhi LoadDiscrete(ParseResult parse)
    {
        FileInfo? dataFile = parse.GetValue(data);
        if (dataFile is null || parse.GetValue(ar) is not null)
            throw new ArgumentException("--discrete needs a DATA file of states (channels × samples), not --ar.");
        if (parse.GetValue(ridge) != 0) throw new ArgumentException("--ridge applies to Gaussian covariances; drop it with --discrete.");
        int k = parse.GetValue(states);
        var statistics = DiscreteStatistics.FromSeries(MatrixFile.Read(dataFile.FullName), parse.GetValue(tau), k == 0 ? null : k);
        return new DiscretePhi(statistics, new PhiSettings { Measure = parse.GetValue(measure), Normalise = parse.GetValue(normalise) });
    }

    /// <summary>The input's name for summaries: the data file or the AR file.</summary>
    public string Name(ParseResult parse) => parse.GetValue(data)?.Name ?? $"AR model {parse.GetValue(ar)?.Name}";

    /// <summary>Reads the data (or the model) and prepares the evaluator; bad input throws ArgumentException.</summary>
    public GaussianPhi Load(ParseResult parse)
    {
        FileInfo? dataFile = parse.GetValue(data), arFile = parse.GetValue(ar);
        if (dataFile is null == arFile is null)
            throw new ArgumentException("give either a DATA file (channels × samples) or --ar A.npy (an AR model), not both and not neither.");
        if (parse.GetValue(discrete)) throw new ArgumentException("--discrete is available for `phi measure` and `phi mip`; the complex search is Gaussian only.");
        if (parse.GetValue(states) != 0) throw new ArgumentException("--states applies to discrete data; add --discrete.");
        int lag = parse.GetValue(tau);
        GaussianStatistics statistics = arFile is not null
            ? GaussianStatistics.FromAutoregressive(MatrixFile.Read(arFile.FullName), lag: lag)
            : FromSeries(MatrixFile.Read(dataFile!.FullName), lag, parse.GetValue(ridge), dataFile.Name);
        return new GaussianPhi(statistics, new PhiSettings { Measure = parse.GetValue(measure), Normalise = parse.GetValue(normalise) });
    }

    static GaussianStatistics FromSeries(double[,] series, int lag, double ridge, string name)
    {
        int channels = series.GetLength(0), samples = series.GetLength(1);
        if (samples <= channels)
            throw new ArgumentException($"{name} has {samples} samples for {channels} channels, so its covariance is singular; give channels as rows and samples as columns, " +
                                        "use a longer series (many more samples than channels), or regularise with --ridge.");
        return GaussianStatistics.FromSeries(series, lag, ridge);
    }

    /// <summary>Parses PhiToolbox-style labels "1,1,2,2" (one integer per channel; equal labels share a part).</summary>
    public static int[] ParseLabels(string text)
    {
        var labels = new List<int>();
        foreach (string token in text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(token, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v))
                throw new ArgumentException($"--partition: '{token}' is not a whole number; give one part label per channel, e.g. 1,1,2,2.");
            labels.Add(v);
        }
        return [.. labels];
    }
}
