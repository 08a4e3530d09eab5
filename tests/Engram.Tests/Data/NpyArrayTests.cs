using CsCheck;
using Engram.Data;

namespace Engram.Tests.Data;

public class NpyArrayTests
{
    static NpyArray Counting(params int[] shape)
        => new(shape, [.. Enumerable.Range(0, (int)NpyHeader.CountElements(shape)).Select(i => (double)i)], NpyDType.Float32);

    [Fact]
    public void Rank_is_the_number_of_axes()
    {
        Assert.Equal(0, Counting().Rank);
        Assert.Equal(1, Counting(4).Rank);
        Assert.Equal(3, Counting(1, 4, 3).Rank);
    }

    [Theory]
    [InlineData(new[] { 1, 1854, 90 }, new[] { 1854, 90 })]
    [InlineData(new[] { 1, 1, 5 }, new[] { 5 })]
    [InlineData(new[] { 1 }, new[] { 1 })]
    [InlineData(new[] { 1, 1 }, new[] { 1 })]
    [InlineData(new[] { 3, 1 }, new[] { 3, 1 })]
    [InlineData(new int[0], new int[0])]
    public void Squeezing_drops_leading_axes_of_length_one_but_keeps_one_axis(int[] shape, int[] squeezed)
    {
        var array = Counting(shape);
        var result = array.SqueezeLeading();
        Assert.Equal(squeezed, result.Shape);
        Assert.Same(array.Values, result.Values);
        Assert.Equal(array.SourceType, result.SourceType);
    }

    [Fact]
    public void Squeezing_to_a_minimum_rank_keeps_that_many_axes()
    {
        Assert.Equal([1, 3], Counting(1, 1, 3).SqueezeLeading(minRank: 2).Shape);
        Assert.Equal([4, 3], Counting(1, 4, 3).SqueezeLeading(minRank: 2).Shape);
        Assert.Equal([1, 1], Counting(1, 1).SqueezeLeading(minRank: 2).Shape);
    }

    [Fact]
    public void To_matrix_lays_values_out_row_major_after_squeezing()
    {
        var matrix = Counting(1, 4, 3).ToMatrix("x");
        Assert.Equal(4, matrix.GetLength(0));
        Assert.Equal(3, matrix.GetLength(1));
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(r * 3 + c, matrix[r, c]);
    }

    [Fact]
    public void A_one_by_one_matrix_stays_a_matrix()
        => Assert.Equal(new double[,] { { 0 } }, Counting(1, 1).ToMatrix("x"));

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, "(2, 3, 4)")]
    [InlineData(new[] { 5 }, "(5,)")]
    [InlineData(new int[0], "()")]
    public void To_matrix_of_an_array_that_is_not_2d_names_what_and_the_shape(int[] shape, string shapeText)
    {
        TestFiles.AssertInvalidData(() => Counting(shape).ToMatrix("'weights.npy'"), "'weights.npy'", $"shape {shapeText}", "expected a 2-D matrix");
    }

    [Fact]
    public void To_vector_squeezes_and_copies()
    {
        var array = Counting(1, 1, 4);
        var vector = array.ToVector("x");
        Assert.Equal([0.0, 1, 2, 3], vector);
        vector[0] = 99;
        Assert.Equal(0, array.Values[0]);
        TestFiles.AssertInvalidData(() => Counting(2, 2).ToVector("labels.npy"), "labels.npy holds an array of shape (2, 2); expected a 1-D vector");
    }

    [Fact]
    public void From_matrix_copies_the_matrix_as_float64_and_round_trips()
    {
        Gen.Double.Array2D.Sample(matrix =>
        {
            var array = NpyArray.FromMatrix(matrix);
            Assert.Equal([matrix.GetLength(0), matrix.GetLength(1)], array.Shape);
            Assert.Equal(NpyDType.Float64, array.SourceType);
            Assert.Equal(matrix, array.ToMatrix("m"));
        });
        var source = new double[,] { { 1, 2 } };
        var copy = NpyArray.FromMatrix(source);
        source[0, 0] = 9;
        Assert.Equal(1, copy.Values[0]);
    }

    [Fact]
    public void A_shape_that_does_not_match_the_number_of_values_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new NpyArray([2, 3], new double[5], NpyDType.Float64));
        Assert.Contains("shape (2, 3) needs 6 values but 5 arrived", error.Message);
        Assert.Throws<ArgumentException>(() => new NpyArray([-1], [], NpyDType.Float64));
        Assert.Throws<ArgumentException>(() => new NpyArray([], [], NpyDType.Float64));
    }

    [Fact]
    public void Arrays_are_equal_when_shape_type_and_values_are_and_print_their_shape()
    {
        var a = new NpyArray([2], [1, double.NaN], NpyDType.Float64);
        Assert.Equal(a, new NpyArray([2], [1, double.NaN], NpyDType.Float64));
        Assert.Equal(a.GetHashCode(), new NpyArray([2], [1, double.NaN], NpyDType.Float64).GetHashCode());
        Assert.NotEqual(a, new NpyArray([2], [1, 2], NpyDType.Float64));
        Assert.NotEqual(a, new NpyArray([1, 2], [1, double.NaN], NpyDType.Float64));
        Assert.NotEqual(a, new NpyArray([2], [1, double.NaN], NpyDType.Float32));
        Assert.Equal("NpyArray { Shape = (1, 4, 3), SourceType = Float32 }", Counting(1, 4, 3).ToString());
    }
}
