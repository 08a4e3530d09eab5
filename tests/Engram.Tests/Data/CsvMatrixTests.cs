using CsCheck;
using Engram.Data;

namespace Engram.Tests.Data;

public class CsvMatrixTests
{
    static readonly double[,] Expected = { { 1.5, -2 }, { 3, 4e-3 } };

    [Theory]
    [InlineData("1.5,-2\n3,4e-3\n")]
    [InlineData("a,b\n1.5,-2\n3,4e-3\n")]
    [InlineData("dog,1.5,-2\ncat,3,4e-3\n")]
    [InlineData("name,a,b\ndog,1.5,-2\ncat,3,4e-3\n")]
    [InlineData(",a,b\n0,1.5,-2\n1,3,4e-3\n")]
    [InlineData("\"a\",\"b\"\n\"dog\",1.5,-2\n\"cat\",3,4e-3\n")]
    [InlineData("a;b\n1.5;-2\n3;4e-3\n")]
    [InlineData("a\tb\r\n1.5\t-2\r\n3\t4e-3\r\n")]
    [InlineData("1.500000000000000000e+00 -2.000000000000000000e+00\n3.000000000000000000e+00 4.000000000000000083e-03\n")]
    [InlineData("\n1.5,-2\n\n3,4e-3\n\n")]
    public void Headers_label_columns_and_delimiters_are_detected_and_skipped(string text)
    {
        using var folder = new TempFolder();
        Assert.Equal(Expected, CsvMatrix.Read(folder.WriteText("m.csv", text)));
    }

    [Fact]
    public void A_one_column_file_with_a_header_gives_one_column()
    {
        using var folder = new TempFolder();
        Assert.Equal(new double[,] { { 1 }, { 2 } }, CsvMatrix.Read(folder.WriteText("v.csv", "value\n1\n2\n")));
    }

    [Fact]
    public void Nan_and_infinities_as_numpy_writes_them_are_read()
    {
        using var folder = new TempFolder();
        var m = CsvMatrix.Read(folder.WriteText("s.csv", "nan,inf\n-inf,NaN\n"));
        Assert.True(double.IsNaN(m[0, 0]) && double.IsNaN(m[1, 1]));
        Assert.Equal(double.PositiveInfinity, m[0, 1]);
        Assert.Equal(double.NegativeInfinity, m[1, 0]);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,4\n5\n", "has 1 fields on line 4 but 2 on line 2")]
    [InlineData("1,2\n\n3,4,5\n", "has 3 fields on line 3 but 2 on line 1")]
    public void Ragged_row_names_the_file_and_the_line_number(string text, string problem)
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("ragged.csv", text);
        TestFiles.AssertInvalidData(() => CsvMatrix.Read(path), path, problem);
    }

    [Fact]
    public void A_field_that_is_not_a_number_names_the_line_and_column()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("bad.csv", "1,2\n3,x\n");
        TestFiles.AssertInvalidData(() => CsvMatrix.Read(path), path, "has 'x' on line 2, column 2, which is not a number");
    }

    [Fact]
    public void A_header_of_the_wrong_width_is_refused()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("header.csv", "a,b,c,d\n1,2\n");
        TestFiles.AssertInvalidData(() => CsvMatrix.Read(path), "has 4 names in its header (line 1) but 2 fields on line 2");
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("  \n\n \t\n", "is empty")]
    [InlineData("a,b\n", "has a header row (line 1) but no rows of numbers")]
    [InlineData("name\ndog\n", "has labels on line 2 but no numbers after them")]
    public void Files_without_numbers_are_refused_naming_the_file(string text, string problem)
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("none.csv", text);
        TestFiles.AssertInvalidData(() => CsvMatrix.Read(path), $"'{path}' {problem}");
    }

    [Fact]
    public void Missing_file_gives_file_not_found_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), "engram-no-such-matrix.csv");
        Assert.Contains(path, Assert.Throws<FileNotFoundException>(() => CsvMatrix.Read(path)).Message);
    }

    [Fact]
    public void Random_matrices_round_trip_exactly_with_and_without_a_header()
    {
        using var folder = new TempFolder();
        var matrices = from rows in Gen.Int[1, 6] from columns in Gen.Int[1, 6] from m in Gen.Double.Array2D[rows, columns] select m;
        Gen.Select(matrices, Gen.Bool).Sample((matrix, withHeader) =>
        {
            string path = folder.File($"{Guid.NewGuid():N}.csv");
            string[]? header = withHeader ? [.. Enumerable.Range(0, matrix.GetLength(1)).Select(c => $"col, \"{c}\"")] : null;
            CsvMatrix.Write(path, matrix, header);
            var back = CsvMatrix.Read(path);
            Assert.Equal(matrix.GetLength(0), back.GetLength(0));
            Assert.Equal(matrix.GetLength(1), back.GetLength(1));
            foreach (var (a, b) in matrix.Cast<double>().Zip(back.Cast<double>()))
                Assert.True(a.Equals(b) && double.IsNegative(a) == double.IsNegative(b), $"{a:R} came back as {b:R}");
        }, iter: 300);
    }

    [Fact]
    public void Numpy_loadtxt_reads_what_Engram_writes()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.csv");
        CsvMatrix.Write(path, new double[,] { { 0.1, double.NaN }, { double.NegativeInfinity, 1e-300 } }, ["x", "y"]);
        string output = TestFiles.RunNumpy(
            $"import numpy as np; print(np.loadtxt({NpyTests.PythonString(path)}, delimiter=',', skiprows=1).tolist())");
        Assert.Equal("[[0.1, nan], [-inf, 1e-300]]", output);
    }

    [Fact]
    public void Writing_refuses_empty_matrices_and_headers_that_would_read_back_as_data()
    {
        using var folder = new TempFolder();
        string path = folder.File("x.csv");
        Assert.Throws<ArgumentException>(() => CsvMatrix.Write(path, new double[0, 3]));
        Assert.Contains("header has 1 names but the matrix has 2 columns",
            Assert.Throws<ArgumentException>(() => CsvMatrix.Write(path, new double[1, 2], ["a"])).Message);
        Assert.Contains("only numbers", Assert.Throws<ArgumentException>(() => CsvMatrix.Write(path, new double[1, 2], ["1", "2"])).Message);
        Assert.False(File.Exists(path));
    }
}
