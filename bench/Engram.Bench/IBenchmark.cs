namespace Engram.Bench;

/// <summary>
/// One benchmark: runs Engram and its reference implementation (numpy, POT, …) in the same run and
/// prints the ratio. Discovered by reflection, so adding a benchmark is adding one class.
/// </summary>
public interface IBenchmark
{
    /// <summary>Name used on the command line: <c>dotnet run -c Release --project bench/Engram.Bench -- NAME</c>.</summary>
    string Name { get; }

    /// <summary>One line saying what is measured against what.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark with the remaining arguments; returns the exit code.</summary>
    int Run(string[] args);
}
