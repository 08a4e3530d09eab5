using System.Globalization;

namespace Engram.Reports;

/// <summary>Numbers in summaries and tables: invariant culture, "n/a" for NaN (a quantity the run could not estimate).</summary>
internal static class NumberText
{
    /// <summary><paramref name="v"/> in <paramref name="format"/>, or "n/a" for NaN.</summary>
    public static string F(double v, string format = "0.000") => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);
}
