using Engram.Data;

namespace Engram.Tests.Data;

public class CategoryTableTests
{
    [Fact]
    public void Items_categories_and_membership_come_from_the_first_column_and_header()
    {
        using var folder = new TempFolder();
        var table = CategoryTable.Read(folder.WriteText("c.csv", ",animal,tool,food\ndog,1,0,0\n\"hot dog, grilled\",0,0,1\nrock,0,0,0\nknife,0,1,1\n"));
        Assert.Equal(["dog", "hot dog, grilled", "rock", "knife"], table.Items);
        Assert.Equal(["animal", "tool", "food"], table.Categories);
        Assert.Equal(4, table.ItemCount);
        Assert.Equal(3, table.CategoryCount);
        Assert.True(table.Membership[3, 1] && table.Membership[3, 2] && !table.Membership[3, 0]);
        Assert.Equal([0, 2, -1, 1], table.PrimaryCategory());
    }

    [Fact]
    public void Marks_may_be_written_as_floats_or_booleans()
    {
        using var folder = new TempFolder();
        var table = CategoryTable.Read(folder.WriteText("c.csv", "item;a;b\nx;1.0;0.0\ny;False;True\n"));
        Assert.Equal([0, 1], table.PrimaryCategory());
    }

    [Fact]
    public void Ragged_row_names_the_file_and_the_line_number()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("c.csv", ",a,b\nx,1,0\ny,1\n");
        TestFiles.AssertInvalidData(() => CategoryTable.Read(path), path, "has 2 fields on line 3 but 3 in its header");
    }

    [Fact]
    public void A_mark_that_is_not_zero_or_one_names_the_line_and_column()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("c.csv", ",a,b\nx,1,0\ny,0,2\n");
        TestFiles.AssertInvalidData(() => CategoryTable.Read(path), path, "has '2' on line 3, column 3; expected 0 or 1");
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData(",a,b\n", "has a header but no items")]
    [InlineData("items\nx\n", "has no category names in its header")]
    [InlineData(",a\n,1\n", "has no item name on line 2")]
    public void Tables_without_items_or_categories_are_refused_naming_the_file(string text, string problem)
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("c.csv", text);
        Assert.Contains($"'{path}' {problem}", Assert.Throws<InvalidDataException>(() => CategoryTable.Read(path)).Message);
    }

    [Fact]
    public void Membership_must_have_one_row_per_item_and_one_column_per_category()
    {
        var error = Assert.Throws<ArgumentException>(() => new CategoryTable(["a", "b"], ["c"], new bool[2, 2]));
        Assert.Contains("membership is 2 x 2 but there are 2 items and 1 categories", error.Message);
    }

    [Fact]
    public void The_bundled_THINGS_table_puts_each_of_1854_items_in_exactly_one_of_28_categories()
    {
        var table = CategoryTable.Read(BundledData.PathOf("things/category_mat_manual_preprocessed.csv"));
        Assert.Equal(1854, table.ItemCount);
        Assert.Equal(28, table.CategoryCount);
        Assert.Equal("animal", table.Categories[0]);
        Assert.Equal("others", table.Categories[^1]);
        Assert.Equal(("aardvark", "zucchini"), (table.Items[0], table.Items[^1]));
        for (int i = 0; i < table.ItemCount; i++)
            Assert.Equal(1, Enumerable.Range(0, table.CategoryCount).Count(c => table.Membership[i, c]));
        Assert.DoesNotContain(-1, table.PrimaryCategory());
    }
}
