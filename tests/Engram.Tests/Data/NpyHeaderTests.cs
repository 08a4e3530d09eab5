using CsCheck;
using Engram.Data;

namespace Engram.Tests.Data;

public class NpyHeaderTests
{
    [Theory]
    [InlineData(new int[0], "()")]
    [InlineData(new[] { 3 }, "(3,)")]
    [InlineData(new[] { 2, 3 }, "(2, 3)")]
    [InlineData(new[] { 1, 1854, 90 }, "(1, 1854, 90)")]
    public void Shapes_are_written_as_python_tuples(int[] shape, string text)
        => Assert.Equal(text, NpyHeader.FormatShape(shape));

    [Fact]
    public void The_header_numpy_writes_is_the_header_Engram_formats()
        => Assert.Equal("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1854, 90), }",
            NpyHeader.Format(NpyDType.Float32, [1, 1854, 90]));

    [Fact]
    public void Formatted_headers_parse_back_to_their_type_and_shape()
    {
        Gen.Select(Gen.Enum<NpyDType>(), Gen.Int[0, 1000].Array[0, 3]).Sample((type, shape) =>
        {
            var header = NpyHeader.Parse(NpyHeader.Format(type, shape), "x.npy");
            Assert.Equal(type, header.Descr.Type);
            Assert.False(header.Descr.BigEndian);
            Assert.False(header.FortranOrder);
            Assert.Equal(shape, header.Shape);
        });
    }

    [Fact]
    public void Data_bytes_are_elements_times_item_size()
    {
        var header = NpyHeader.Parse("{'descr': '>i2', 'fortran_order': True, 'shape': (3, 5), }", "x.npy");
        Assert.Equal(15, header.ElementCount);
        Assert.Equal(30, header.DataBytes);
        Assert.True(header.Descr.BigEndian);
        Assert.True(header.FortranOrder);
    }

    [Fact]
    public void Element_count_saturates_instead_of_overflowing_and_is_zero_for_any_empty_axis()
    {
        Assert.Equal(long.MaxValue, NpyHeader.CountElements([int.MaxValue, int.MaxValue, int.MaxValue]));
        Assert.Equal(0, NpyHeader.CountElements([int.MaxValue, int.MaxValue, int.MaxValue, 0]));
        Assert.Equal(1, NpyHeader.CountElements([]));
    }

    [Theory]
    [InlineData("{'fortran_order': False, 'shape': (2,)}", "no 'descr' entry")]
    [InlineData("{'descr': '<f8', 'fortran_order': False}", "no 'shape' entry")]
    [InlineData("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,)}", "structured dtype")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (2,)}", "dtype '<c8' (complex) is not supported")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 'a')}", "'shape' holds 'a' on axis 1")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3000000000,)}", "'shape' holds '3000000000' on axis 0")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000)}", "more than one .NET array holds")]
    [InlineData("['descr', '<f8']", "not a Python dict")]
    public void Invalid_headers_name_the_file_and_the_problem(string text, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() => NpyHeader.Parse(text, "weights.npy"));
        Assert.StartsWith("'weights.npy' is not a readable .npy file: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void More_than_64_axes_are_refused()
    {
        string shape = "(" + string.Join(", ", Enumerable.Repeat(1, 65)) + ")";
        var error = Assert.Throws<InvalidDataException>(
            () => NpyHeader.Parse($"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}}}", "deep.npy"));
        Assert.Contains("65 axes", error.Message);
    }
}
