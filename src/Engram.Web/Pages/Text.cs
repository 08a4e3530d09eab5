using System.Globalization;

namespace Engram.Web.Pages;

/// <summary>How numbers, durations and times read on the pages.</summary>
internal static class Text
{
    /// <summary>A value with six significant digits, or "—".</summary>
    public static string Number(double? value, string format = "G6") =>
        value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    /// <summary>Seconds as "42 s", "3 min 20 s", "2 h 05 min", or "—".</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not double s || !double.IsFinite(s)) return "—";
        if (s < 60) return $"{s.ToString(s < 10 ? "F1" : "F0", CultureInfo.InvariantCulture)} s";
        if (s < 3600) return $"{(int)(s / 60)} min {(int)(s % 60):D2} s";
        return $"{(int)(s / 3600)} h {(int)(s % 3600 / 60):D2} min";
    }

    /// <summary>A time in UTC, to the minute.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "—";

    /// <summary>"1 trial", "2 trials", "1 study", "3 studies".</summary>
    public static string Count(int n, string one, string many) => $"{n.ToString("N0", CultureInfo.InvariantCulture)} {(n == 1 ? one : many)}";
}
