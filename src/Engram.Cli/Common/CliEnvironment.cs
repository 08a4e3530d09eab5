using Engram.Data;
using Engram.Numerics;

namespace Engram.Cli;

/// <summary>
/// What the command line takes from its surroundings as defaults of library settings (the library itself reads neither
/// the environment nor folders it was not given): <c>ENGRAM_BLAS=torch</c> runs the GW matrix products on libtorch
/// instead of the system OpenBLAS, and Fashion-MNIST is also looked for in a <c>shared/data</c> folder beside the
/// repository.
/// </summary>
public static class CliEnvironment
{
    /// <summary>The name of the variable that chooses the GEMM backend.</summary>
    public const string BlasVariable = "ENGRAM_BLAS";

    /// <summary><see cref="Numerics.GemmBackend.Torch"/> when <c>ENGRAM_BLAS=torch</c>, else <see cref="Numerics.GemmBackend.Auto"/>.</summary>
    public static GemmBackend GemmBackend =>
        Environment.GetEnvironmentVariable(BlasVariable) is "torch" ? GemmBackend.Torch : GemmBackend.Auto;

    /// <summary>
    /// Where to look for Fashion-MNIST after the folder Debian's package installs: <c>shared/data/fashion-mnist</c>
    /// beside the repository, when the repository's data folder can be found.
    /// </summary>
    public static IReadOnlyList<string> FashionMnistFallbacks()
    {
        try
        {
            return [Path.GetFullPath(Path.Combine(BundledData.Directory, "..", "..", "shared", "data", "fashion-mnist"))];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
