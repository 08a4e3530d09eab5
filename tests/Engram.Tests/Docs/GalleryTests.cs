using System.Text.RegularExpressions;
using Engram.Tests.Reports;

namespace Engram.Tests.Docs;

/// <summary>
/// docs/figures.md, the gallery of every figure kind: its <c>&lt;!-- gallery --&gt;</c> blocks run like doc examples (what
/// they print must match), every figure the page shows must be written by them as a PNG at slide resolution and an SVG
/// that parses, and must be committed beside the page. docs/update-figures.sh (ENGRAM_UPDATE_FIGURES=1) reruns the
/// blocks, rewrites their output and copies the figures into docs/figures/gallery/.
/// </summary>
[Collection(nameof(EnvironmentChanging))]
public partial class GalleryTests
{
    static bool Updating => Environment.GetEnvironmentVariable("ENGRAM_UPDATE_FIGURES") == "1";

    static string Page => Path.Combine(DocExamples.Root, "docs", "figures.md");

    /// <summary>The figures the page shows: paths under docs/ of the form figures/gallery/RUN/NAME.png.</summary>
    static IReadOnlyList<string> Shown() => [.. ImageLink().Matches(File.ReadAllText(Page)).Select(m => m.Groups["path"].Value).Distinct()];

    [GeneratedRegex(@"\]\((?<path>figures/gallery/[^)\s]+\.png)\)")]
    private static partial Regex ImageLink();

    [Fact]
    public void Every_figure_the_gallery_shows_is_committed_as_png_and_svg()
    {
        Assert.NotEmpty(Shown());
        foreach (string figure in Shown())
        {
            string png = Path.Combine(DocExamples.Root, "docs", figure);
            Assert.True(File.Exists(png), $"docs/figures.md shows {figure}, which is missing; run docs/update-figures.sh");
            Assert.True(File.Exists(Path.ChangeExtension(png, ".svg")), $"{figure} has no SVG beside it; run docs/update-figures.sh");
        }
    }

    [Fact]
    public void The_gallery_blocks_print_what_the_page_shows_and_write_every_figure_it_shows() => Check(includeSlow: false);

    [Fact]
    [Trait("Category", "Slow")]
    public void All_gallery_blocks_print_what_the_page_shows_and_write_every_figure_it_shows() => Check(includeSlow: true);

    static void Check(bool includeSlow)
    {
        var results = DocExamples.RunFile(Page, includeSlow, gallery: true, inspect: scratch =>
        {
            // The runs of the blocks that ran are runs/gallery/RUN; each shown figure of such a run must have been written.
            var ran = DocExamples.Parse(Page, gallery: true).Where(b => includeSlow || !b.Slow)
                .SelectMany(b => b.Runs).Select(r => Regex.Match(r.Command, @"--out runs/gallery/(?<run>\S+)")).Where(m => m.Success)
                .Select(m => m.Groups["run"].Value).ToHashSet();
            foreach (string figure in Shown())
            {
                string run = figure.Split('/')[2];
                if (!ran.Contains(run)) continue;
                string written = Path.Combine(scratch, "runs", "gallery", figure["figures/gallery/".Length..]);
                Assert.True(File.Exists(written), $"docs/figures.md shows {figure}, but its block did not write {written}");
                FigureFiles.AssertBoth(written);
                if (Updating)
                {
                    string target = Path.Combine(DocExamples.Root, "docs", figure);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(written, target, overwrite: true);
                    File.Copy(Path.ChangeExtension(written, ".svg"), Path.ChangeExtension(target, ".svg"), overwrite: true);
                }
            }
        });
        if (Updating)
        {
            DocExamples.Rewrite(Page, results);
            return;
        }
        DocExamples.AssertPrinted("docs/figures.md", results, "docs/update-figures.sh");
    }
}
