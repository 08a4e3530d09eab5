using CsCheck;
using Engram.Data;

namespace Engram.Tests.Data;

public class DelimitedTextTests
{
    [Theory]
    [InlineData("1,2,3", ',')]
    [InlineData("1;2;3", ';')]
    [InlineData("1\t2\t3", '\t')]
    [InlineData("1.0 2.0  3.0", DelimitedText.WhiteSpace)]
    [InlineData("\"a,b\";\"c,d\";e", ';')]
    [InlineData("42", DelimitedText.WhiteSpace)]
    [InlineData("\"one, quoted\"\n1,2", ',')]
    public void The_delimiter_is_the_most_frequent_separator_outside_quotes(string line, char delimiter)
        => Assert.Equal(delimiter, DelimitedText.DetectDelimiter(line));

    [Fact]
    public void Fields_are_trimmed_and_quotes_protect_delimiters_and_escape_quotes()
    {
        Assert.Equal(["a", "b c", "d"], DelimitedText.Split(" a , b c ,d", ','));
        Assert.Equal(["hot dog, grilled", "say \"hi\"", ""], DelimitedText.Split("\"hot dog, grilled\",\"say \"\"hi\"\"\",", ','));
        Assert.Equal(["1", "2", "3"], DelimitedText.Split("  1 \t2   3 ", DelimitedText.WhiteSpace));
        Assert.Equal(["a b", "", "c"], DelimitedText.Split(" \"a b\" \"\"  c", DelimitedText.WhiteSpace));
        Assert.Equal(["  padded  ", "x"], DelimitedText.Split(" \"  padded  \" ,x", ','));
    }

    [Fact]
    public void Quoted_fields_split_back_to_themselves()
    {
        Gen.String.Array[1, 5].Sample(fields =>
        {
            string line = string.Join(',', fields.Select(f => DelimitedText.Quote(f, ',')));
            Assert.Equal(fields.Select(f => f), DelimitedText.Split(line, ','));
        }, iter: 2000);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData(" -2e-3 ", -0.002)]
    [InlineData("nan", double.NaN)]
    [InlineData("NaN", double.NaN)]
    [InlineData("-nan", double.NaN)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("+inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("1e400", double.PositiveInfinity)]
    public void Numbers_parse_in_the_invariant_culture_with_numpys_special_values(string text, double value)
    {
        Assert.True(DelimitedText.TryParseNumber(text, out double parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("--inf")]
    [InlineData("infinite")]
    [InlineData("0x10")]
    public void Text_that_is_not_a_number_does_not_parse(string text)
        => Assert.False(DelimitedText.TryParseNumber(text, out _));

    [Fact]
    public void Formatted_numbers_parse_back_to_the_same_bits()
    {
        Gen.Double.Sample(value =>
        {
            Assert.True(DelimitedText.TryParseNumber(DelimitedText.FormatNumber(value), out double back));
            Assert.True(double.IsNaN(value) ? double.IsNaN(back) : BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(back),
                $"{value:R} came back as {back:R}");
        }, iter: 5000);
        Assert.Equal(["nan", "inf", "-inf"], new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity }.Select(DelimitedText.FormatNumber));
    }
}
