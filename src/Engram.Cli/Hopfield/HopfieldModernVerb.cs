using System.CommandLine;

namespace Engram.Cli.Hopfield;

/// <summary><c>engram hopfield modern</c> (placeholder until implemented below).</summary>
public static class HopfieldModernVerb
{
    /// <summary>The verb.</summary>
    public static Command Create() => new("modern", "modern Hopfield");
}
