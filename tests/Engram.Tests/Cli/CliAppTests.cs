namespace Engram.Tests.Cli;

public class CliAppTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("align --help")]
    [InlineData("hopfield capacity --help")]
    [InlineData("continual drift --help")]
    public void Help_shows_the_command_as_engram(string args)
    {
        var (exit, output, _) = CliHarness.Run(args.Split(' '));
        Assert.Equal(0, exit);
        string usage = output[(output.IndexOf("Usage:", StringComparison.Ordinal) + "Usage:".Length)..].TrimStart();
        Assert.StartsWith("engram " + args.Replace("--help", "").Trim(), usage);
        Assert.DoesNotContain("Engram.Cli", output);
    }
}
