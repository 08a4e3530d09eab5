using Engram.Data;

namespace Engram.Tests.Data;

public class ColorTableTests
{
    [Fact]
    public void The_bundled_colour_list_holds_93_distinct_codes_in_file_order()
    {
        string[] codes = ColorTable.Read(BundledData.PathOf("color/color_dict.csv"));
        Assert.Equal(93, codes.Length);
        Assert.Equal("#010300", codes[0]);
        Assert.Equal("#FF8F00", codes[^1]);
        Assert.Equal(93, codes.Distinct().Count());
    }

    [Fact]
    public void One_code_per_line_with_a_header_and_quotes_reads_in_order()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("c.csv", "color\n\"#1F77B4\"\nff7f0e\n#2ca02c80\n");
        Assert.Equal(["#1F77B4", "#ff7f0e", "#2ca02c80"], ColorTable.Read(path));
    }

    [Fact]
    public void Something_that_is_not_a_hex_colour_names_the_file_and_the_line()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("c.csv", "#010300,#022C88\n#02529A,red\n");
        TestFiles.AssertInvalidData(() => ColorTable.Read(path), path, "has 'red' on line 2, which is not a hex colour");
    }

    [Theory]
    [InlineData("")]
    [InlineData("colours\n")]
    public void A_file_without_codes_is_refused_naming_it(string text)
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("c.csv", text);
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => ColorTable.Read(path)).Message);
    }
}
