using System.Text;
using System.Text.RegularExpressions;
using Engram.Tests.Cli;

namespace Engram.Tests.Docs;

/// <summary>
/// The command examples in README.md and docs/*.md (docs/examples.md describes the convention): a fenced block right
/// after a line <c>&lt;!-- example --&gt;</c> (or <c>&lt;!-- example: slow --&gt;</c>) holds lines <c>$ engram …</c>, each
/// followed by what the command prints: its stdout, or its stderr when it fails. Running an example executes every
/// command of the file's marked blocks in order, in-process, in a scratch folder where <c>data/</c> is the repository's.
/// </summary>
internal static partial class DocExamples
{
    /// <summary>One marked block: where it is and what it shows.</summary>
    public sealed record Block(string File, int Line, bool Slow, IReadOnlyList<(string Command, string Output)> Runs);

    /// <summary>The repository root (the folder holding data/).</summary>
    public static string Root => Path.GetDirectoryName(Engram.Data.BundledData.Directory)!;

    /// <summary>README.md and every docs/*.md file.</summary>
    public static IEnumerable<string> Files() =>
        [Path.Combine(Root, "README.md"), .. Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"^<!-- (?<kind>example|gallery)(?<slow>: slow)? -->\s*$")]
    private static partial Regex Marker();

    /// <summary>
    /// The marked blocks of <paramref name="file"/>: <c>&lt;!-- example --&gt;</c> blocks, or with <paramref name="gallery"/>
    /// the <c>&lt;!-- gallery --&gt;</c> blocks of docs/figures.md (run by <c>GalleryTests</c>, which also checks the figures).
    /// </summary>
    public static List<Block> Parse(string file, bool gallery = false)
    {
        string[] lines = File.ReadAllLines(file);
        var blocks = new List<Block>();
        for (int i = 0; i < lines.Length; i++)
        {
            Match marker = Marker().Match(lines[i]);
            if (marker.Success && marker.Groups["kind"].Value != (gallery ? "gallery" : "example")) continue;
            if (!marker.Success) continue;
            if (i + 1 >= lines.Length || !lines[i + 1].StartsWith("```", StringComparison.Ordinal))
                throw new InvalidDataException($"{file}:{i + 1}: an example marker must be followed by a fenced code block.");
            int end = Array.FindIndex(lines, i + 2, l => l.StartsWith("```", StringComparison.Ordinal));
            var runs = new List<(string, string)>();
            string? command = null;
            var output = new StringBuilder();
            for (int k = i + 2; k < end; k++)
            {
                if (lines[k].StartsWith("$ engram ", StringComparison.Ordinal))
                {
                    if (command is not null) runs.Add((command, output.ToString()));
                    command = lines[k][2..];
                    output.Clear();
                }
                else if (command is null)
                    throw new InvalidDataException($"{file}:{k + 1}: an example block starts with a '$ engram …' line.");
                else output.Append(lines[k]).Append('\n');
            }
            if (command is not null) runs.Add((command, output.ToString()));
            blocks.Add(new Block(file, i + 1, marker.Groups["slow"].Success, runs));
        }
        return blocks;
    }

    /// <summary>What <paramref name="command"/> (<c>engram …</c>) prints: stdout, or stderr when it fails.</summary>
    public static string Run(string command)
    {
        var (exit, output, error) = CliHarness.Run(Split(command)[1..]);
        return (exit == 0 ? output : error).ReplaceLineEndings("\n");
    }

    /// <summary>Splits a command line on spaces, keeping double-quoted words together.</summary>
    static string[] Split(string command) =>
        [.. Regex.Matches(command, "\"([^\"]*)\"|(\\S+)").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)];

    [GeneratedRegex(@"\d+(\.\d+)? s\b")]
    private static partial Regex Seconds();

    [GeneratedRegex(@"\d[\d ]*(\.\d+)? (?<unit>[A-Za-z]+)/s\b")]
    private static partial Regex Rate();

    // The plan change that ended a converged solve lies below tol by construction, but its digits come from float32
    // kernels that differ between CPUs (AVX2 or AVX-512 OpenBLAS): 3.41E-12 on one machine, 3.04E-12 on another.
    [GeneratedRegex(@"(?<=‖T − T_prev‖_F = )\d\.?\d*E[-+]\d+(?= ≤ tol)")]
    private static partial Regex ConvergedChange();

    // Residuals at the level of float64 roundoff (below 1e-12, printed as 1.5E-16) are checks that something is zero;
    // their digits depend on the CPU's vector width (1.4E-16 without AVX2, 1.5E-16 with it).
    [GeneratedRegex(@"\b\d(\.\d+)?E-(1[3-9]|[2-9]\d|[1-9]\d\d)\b")]
    private static partial Regex Roundoff();

    /// <summary>
    /// Output with timings ("12.3 s"), throughputs ("562 images/s"), the plan change below tol of a converged solve and
    /// roundoff-level residuals (below 1e-12) masked, for comparison.
    /// </summary>
    public static string Masked(string output) =>
        Roundoff().Replace(ConvergedChange().Replace(Rate().Replace(Seconds().Replace(output, "… s"), m => "… " + m.Groups["unit"].Value + "/s"), "…"), "‹roundoff›");

    /// <summary>
    /// Runs the marked blocks of <paramref name="file"/> (all, or only the fast ones; the gallery's blocks with
    /// <paramref name="gallery"/>), in order, in a scratch folder whose data/ and examples/ are the repository's, then hands
    /// the scratch folder to <paramref name="inspect"/> before it is removed. Returns the blocks with what the commands print now.
    /// </summary>
    public static List<(Block Block, List<string> Printed)> RunFile(string file, bool includeSlow, bool gallery = false, Action<string>? inspect = null)
    {
        string scratch = Directory.CreateTempSubdirectory("engram-examples-").FullName;
        string previous = Environment.CurrentDirectory;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(scratch, "data"), Engram.Data.BundledData.Directory);
            Directory.CreateSymbolicLink(Path.Combine(scratch, "examples"), Path.Combine(Root, "examples"));
            Environment.CurrentDirectory = scratch;
            // Paths under the scratch folder are shown relative to it, as the user's working directory would show them.
            List<(Block, List<string>)> results = [.. Parse(file, gallery).Where(b => includeSlow || !b.Slow)
                .Select(b => (b, b.Runs.Select(r => Run(r.Command).Replace(scratch + Path.DirectorySeparatorChar, "")).ToList()))];
            inspect?.Invoke(scratch);
            return results;
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// Fails when a command of <paramref name="results"/> no longer prints what <paramref name="relative"/> shows (timings
    /// masked), naming the script that rewrites the page.
    /// </summary>
    public static void AssertPrinted(string relative, IReadOnlyList<(Block Block, List<string> Printed)> results, string script)
    {
        foreach (var (block, printed) in results)
            for (int k = 0; k < block.Runs.Count; k++)
                Assert.True(Masked(block.Runs[k].Output) == Masked(printed[k]),
                    $"{relative}:{block.Line}: '{block.Runs[k].Command}' now prints\n{printed[k]}\nbut the page shows\n{block.Runs[k].Output}\n" +
                    $"Run {script} to rewrite it.");
    }

    /// <summary>Rewrites the output lines of the given blocks of <paramref name="file"/> with what was printed.</summary>
    public static void Rewrite(string file, IReadOnlyList<(Block Block, List<string> Printed)> results)
    {
        var lines = File.ReadAllLines(file).ToList();
        foreach (var (block, printed) in results.OrderByDescending(r => r.Block.Line))
        {
            int fence = block.Line, end = lines.FindIndex(fence + 1, l => l.StartsWith("```", StringComparison.Ordinal));   // Line is the marker's, 1-based
            var body = new List<string>();
            for (int k = 0; k < block.Runs.Count; k++)
            {
                body.Add("$ " + block.Runs[k].Command);
                body.AddRange(printed[k].TrimEnd('\n').Split('\n').Where(_ => printed[k].Length > 0));
            }
            lines.RemoveRange(fence + 1, end - fence - 1);
            lines.InsertRange(fence + 1, body);
        }
        File.WriteAllText(file, string.Join('\n', lines) + "\n");
    }
}
