using Engram.Data;
using Engram.Reports;

namespace Engram.Tests.Reports;

public class AlignmentReportTests
{
    [Fact]
    public void Plan_figure_blocks_are_the_runs_of_each_category_in_sorted_order_named()
    {
        // Items 0..5 in categories b, a, b, none, a, b; sorted by category: a a b b b none.
        var membership = new bool[6, 2];
        foreach (var (item, category) in new[] { (0, 1), (1, 0), (2, 1), (4, 0), (5, 1) }) membership[item, category] = true;
        var table = new CategoryTable(["i0", "i1", "i2", "i3", "i4", "i5"], ["a", "b"], membership);
        int[] order = [1, 4, 0, 2, 5, 3];
        Assert.Equal(
            [new Figures.Block(0, 2, "a"), new Figures.Block(2, 5, "b"), new Figures.Block(5, 6, "none")],
            AlignmentReport.Blocks(table, order));
    }
}
