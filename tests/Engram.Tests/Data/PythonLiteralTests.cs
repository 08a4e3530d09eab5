using CsCheck;
using Engram.Data;

namespace Engram.Tests.Data;

public class PythonLiteralTests
{
    [Fact]
    public void A_numpy_header_dict_with_a_trailing_comma_parses_into_its_entries()
    {
        var dict = Assert.IsType<Dictionary<string, object?>>(
            PythonLiteral.Parse("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1854, 90), }   \n"));
        Assert.Equal("<f4", dict["descr"]);
        Assert.Equal(false, dict["fortran_order"]);
        var shape = Assert.IsType<PythonLiteral.Sequence>(dict["shape"]);
        Assert.True(shape.IsTuple);
        Assert.Equal(new object[] { 1L, 1854L, 90L }, shape.Items);
    }

    [Theory]
    [InlineData("()", new long[0])]
    [InlineData("(3,)", new long[] { 3 })]
    [InlineData("(2, 3)", new long[] { 2, 3 })]
    [InlineData("( 2 ,3 , )", new long[] { 2, 3 })]
    [InlineData("(3L, 4L)", new long[] { 3, 4 })]
    [InlineData("[5, 6]", new long[] { 5, 6 })]
    public void Shape_tuples_in_every_spelling_give_their_lengths(string text, long[] lengths)
    {
        var sequence = Assert.IsType<PythonLiteral.Sequence>(PythonLiteral.Parse(text));
        Assert.Equal(lengths.Cast<object>(), sequence.Items);
    }

    [Fact]
    public void Strings_may_use_either_quote_and_backslash_escapes()
    {
        Assert.Equal("it's", PythonLiteral.Parse("\"it's\""));
        Assert.Equal("a'b", PythonLiteral.Parse(@"'a\'b'"));
        Assert.Null(PythonLiteral.Parse("None"));
        Assert.Equal(true, PythonLiteral.Parse(" True "));
        Assert.Equal(-12L, PythonLiteral.Parse("-12"));
    }

    [Fact]
    public void A_structured_descr_parses_as_a_list_of_tuples()
    {
        var list = Assert.IsType<PythonLiteral.Sequence>(PythonLiteral.Parse("[('x', '<f4'), ('y', '<i4')]"));
        Assert.False(list.IsTuple);
        Assert.Equal(2, list.Items.Count);
        Assert.Equal(new object[] { "x", "<f4" }, Assert.IsType<PythonLiteral.Sequence>(list.Items[0]).Items);
    }

    [Theory]
    [InlineData("{'a': }", "expected a string, number")]
    [InlineData("{'a' 1}", "expected ':' after the key 'a'")]
    [InlineData("{1: 2}", "expected a string key")]
    [InlineData("{'a': 1", "expected ',' or '}' at character 7, found the end of the text")]
    [InlineData("'open", "closing ' of a string")]
    [InlineData("(1, 2) x", "expected end of the literal at character 7")]
    [InlineData("99999999999999999999", "fits in 64 bits")]
    [InlineData("", "expected a value")]
    public void Malformed_literals_say_what_was_expected_and_where(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => PythonLiteral.Parse(text));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_instead_of_exhausting_the_stack()
    {
        var error = Assert.Throws<FormatException>(() => PythonLiteral.Parse(new string('(', 100_000)));
        Assert.Contains("levels of nesting", error.Message);
    }

    [Fact]
    public void Random_text_either_parses_or_throws_a_format_exception()
    {
        var alphabet = Gen.Char["{}()[]',:\" TrueFalsNn0123456789-L\\x"];
        alphabet.Array[0, 40].Select(chars => new string(chars)).Sample(text =>
        {
            try
            {
                PythonLiteral.Parse(text);
            }
            catch (FormatException)
            {
            }
        }, iter: 5000);
    }
}
