namespace Engram.Tests.Docs;

/// <summary>
/// Every marked example in README.md and docs/ prints what it shows (timings masked). With ENGRAM_UPDATE_EXAMPLES=1
/// the tests rewrite the blocks instead (docs/update-examples.sh). They change the working directory, so they run alone.
/// </summary>
[Collection(nameof(EnvironmentChanging))]
public class DocExampleTests
{
    static bool Updating => Environment.GetEnvironmentVariable("ENGRAM_UPDATE_EXAMPLES") == "1";

    /// <summary>Whether an update rewrites <paramref name="relative"/>: ENGRAM_UPDATE_EXAMPLES_FILES lists the files
    /// (repository-relative, space-separated); empty or unset means every file.</summary>
    static bool UpdateSelects(string relative) =>
        Environment.GetEnvironmentVariable("ENGRAM_UPDATE_EXAMPLES_FILES") is not { Length: > 0 } files
        || files.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(relative.Replace('\\', '/'));

    public static TheoryData<string> Files() => [.. DocExamples.Files().Select(f => Path.GetRelativePath(DocExamples.Root, f))];

    [Theory]
    [MemberData(nameof(Files))]
    public void Fast_examples_print_what_the_docs_show(string file) => Check(file, includeSlow: false);

    [Theory]
    [MemberData(nameof(Files))]
    [Trait("Category", "Slow")]
    public void All_examples_print_what_the_docs_show(string file) => Check(file, includeSlow: true);

    static void Check(string relative, bool includeSlow)
    {
        if (Updating && !UpdateSelects(relative)) return;
        string file = Path.Combine(DocExamples.Root, relative);
        var results = DocExamples.RunFile(file, includeSlow);
        if (Updating)
        {
            DocExamples.Rewrite(file, results);
            return;
        }
        DocExamples.AssertPrinted(relative, results, "docs/update-examples.sh");
    }

    [Fact]
    public void A_changed_output_is_caught_and_timings_are_not()
    {
        string shown = "  GW loss            1.7778\n  1.0 s in all: solve 0.8 s\n";
        Assert.Equal(DocExamples.Masked(shown), DocExamples.Masked(shown.Replace("1.0 s", "2.5 s")));
        Assert.NotEqual(DocExamples.Masked(shown), DocExamples.Masked(shown.Replace("1.7778", "1.7779")));
        string trained = "trained in 68.3 s: 562 images/s, loss 157.49\n";
        Assert.Equal(DocExamples.Masked(trained), DocExamples.Masked(trained.Replace("68.3 s: 562", "7.0 s: 5 205")));
        Assert.NotEqual(DocExamples.Masked(trained), DocExamples.Masked(trained.Replace("157.49", "157.50")));
        string check = "max |VᵀV − I| = 3.9E-15; max |closed form − direct| = 1.5E-16; gain 1.315E-05\n";
        Assert.Equal(DocExamples.Masked(check), DocExamples.Masked(check.Replace("1.5E-16", "1.4E-16").Replace("3.9E-15", "4.4E-15")));
        Assert.NotEqual(DocExamples.Masked(check), DocExamples.Masked(check.Replace("1.5E-16", "1.5E-12")));
        Assert.NotEqual(DocExamples.Masked(check), DocExamples.Masked(check.Replace("1.315E-05", "1.316E-05")));
    }
}
