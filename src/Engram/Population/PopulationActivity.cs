namespace Engram.Population;

/// <summary>
/// Neural activity of a population recorded for several stimuli: a stimuli × neurons × time array
/// (C order, time fastest, as numpy stores <c>activity[s, n, t]</c>), e.g. firing rates in 1 ms bins.
/// Validated on construction: three positive dimensions, finite values.
/// </summary>
public sealed class PopulationActivity
{
    /// <summary>Wraps <paramref name="values"/> (not copied) as <paramref name="stimuli"/> × <paramref name="neurons"/> × <paramref name="timePoints"/>.</summary>
    /// <exception cref="ArgumentException">A dimension &lt; 1, a length that does not match, or a NaN/infinite value.</exception>
    public PopulationActivity(double[] values, int stimuli, int neurons, int timePoints)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (stimuli < 1 || neurons < 1 || timePoints < 1)
            throw new ArgumentException($"activity needs at least one stimulus, neuron and time point; got shape ({stimuli}, {neurons}, {timePoints}).", nameof(values));
        if (values.Length != (long)stimuli * neurons * timePoints)
            throw new ArgumentException($"activity of shape ({stimuli}, {neurons}, {timePoints}) needs {(long)stimuli * neurons * timePoints} values; got {values.Length}.", nameof(values));
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i])) continue;
            int t = i % timePoints, n = i / timePoints % neurons, s = i / timePoints / neurons;
            throw new ArgumentException($"activity[{s}, {n}, {t}] (stimulus, neuron, time) is {Describe(values[i])}; activity must be finite.", nameof(values));
        }
        Values = values;
        Stimuli = stimuli;
        Neurons = neurons;
        TimePoints = timePoints;
    }

    /// <summary>Wraps an array of shape <paramref name="shape"/>, which must have rank 3 (stimuli × neurons × time).</summary>
    /// <exception cref="ArgumentException">Rank other than 3, or as the constructor.</exception>
    public static PopulationActivity FromArray(double[] values, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count != 3)
            throw new ArgumentException($"activity must be a 3-D array (stimuli × neurons × time); got shape ({string.Join(", ", shape)}) of rank {shape.Count}.", nameof(shape));
        return new PopulationActivity(values, shape[0], shape[1], shape[2]);
    }

    /// <summary>The values, index ((s·Neurons) + n)·TimePoints + t.</summary>
    public double[] Values { get; }

    /// <summary>Number of stimuli (samples to cluster).</summary>
    public int Stimuli { get; }

    /// <summary>Number of neurons (features).</summary>
    public int Neurons { get; }

    /// <summary>Number of time points.</summary>
    public int TimePoints { get; }

    /// <summary>activity[s, n, t].</summary>
    public double this[int s, int n, int t] => Values[((long)s * Neurons + n) * TimePoints + t];

    static string Describe(double v) => double.IsNaN(v) ? "NaN" : v > 0 ? "+Infinity" : "-Infinity";
}
