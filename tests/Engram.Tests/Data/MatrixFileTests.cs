using Engram.Data;

namespace Engram.Tests.Data;

public class MatrixFileTests
{
    static readonly double[,] FourByThree =
        { { 0, 1, 2 }, { 3, 4, 5 }, { 6, 7, 8 }, { 9, 10, 11 } };

    [Fact]
    public void A_npy_file_with_a_leading_axis_of_length_one_gives_its_matrix()
        => Assert.Equal(FourByThree, MatrixFile.Read(TestFiles.Npy("leading_ones_1x4x3.npy")));

    [Fact]
    public void A_npz_with_one_array_needs_no_key()
        => Assert.Equal(FourByThree, MatrixFile.Read(TestFiles.Npy("compressed.npz")));

    [Fact]
    public void A_key_picks_one_array_of_a_npz()
        => Assert.Equal(new double[,] { { 0, 1, 2 }, { 3, 4, 5 } }, MatrixFile.Read(TestFiles.Npy("two_arrays.npz"), "weights"));

    [Fact]
    public void A_npz_with_several_arrays_and_no_key_lists_the_keys()
    {
        string path = TestFiles.Npy("two_arrays.npz");
        TestFiles.AssertInvalidData(() => MatrixFile.Read(path), $"'{path}' holds the arrays 'weights', 'labels'; say which one to read");
    }

    [Fact]
    public void A_key_that_is_not_in_the_npz_lists_the_keys_there_are()
    {
        string path = TestFiles.Npy("two_arrays.npz");
        TestFiles.AssertInvalidData(() => MatrixFile.Read(path, "bias"), $"'{path}' has no array 'bias'; it holds the arrays 'weights', 'labels'");
    }

    [Fact]
    public void A_1d_array_in_a_npz_is_refused_naming_the_file_key_and_shape()
    {
        string path = TestFiles.Npy("two_arrays.npz");
        TestFiles.AssertInvalidData(() => MatrixFile.Read(path, "labels"), $"'{path}' (array 'labels') holds an array of shape (3,)");
    }

    [Fact]
    public void A_3d_npy_file_is_refused_naming_the_file_and_shape()
    {
        string path = TestFiles.Npy("fortran_i4_2x3x4.npy");
        TestFiles.AssertInvalidData(() => MatrixFile.Read(path), $"'{path}' holds an array of shape (2, 3, 4); expected a 2-D matrix");
    }

    [Theory]
    [InlineData("m.csv")]
    [InlineData("m.TSV")]
    [InlineData("m.txt")]
    public void Text_files_are_read_as_csv_matrices(string name)
    {
        using var folder = new TempFolder();
        Assert.Equal(new double[,] { { 1, 2 } }, MatrixFile.Read(folder.WriteText(name, "a\tb\n1\t2\n")));
    }

    [Fact]
    public void Every_format_gives_the_same_matrix_for_the_same_data()
    {
        using var folder = new TempFolder();
        var matrix = new double[,] { { 1.25, -3 }, { double.NaN, 1e-310 }, { 7, 8 } };
        Npy.Write(folder.File("m.npy"), matrix);
        Npz.Write(folder.File("m.npz"), new Dictionary<string, NpyArray> { ["m"] = NpyArray.FromMatrix(matrix) });
        CsvMatrix.Write(folder.File("m.csv"), matrix);
        foreach (string name in new[] { "m.npy", "m.npz", "m.csv" })
            Assert.Equal(matrix, MatrixFile.Read(folder.File(name)));
    }

    [Fact]
    public void An_unknown_extension_names_the_file_and_the_formats_Engram_reads()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("m.mat", "1,2");
        TestFiles.AssertInvalidData(() => MatrixFile.Read(path), $"'{path}' has the extension '.mat'; Engram reads matrices from .npy, .npz and .csv");
    }

    [Fact]
    public void A_key_for_a_file_that_is_not_npz_is_an_argument_error()
    {
        var error = Assert.Throws<ArgumentException>(() => MatrixFile.Read(TestFiles.Npy("v1_f8_2x3.npy"), "x"));
        Assert.Equal("key", error.ParamName);
    }

    [Fact]
    public void A_missing_file_gives_file_not_found_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), "engram-no-such-matrix.npy");
        var error = Assert.Throws<FileNotFoundException>(() => MatrixFile.Read(path));
        Assert.Contains($"'{path}' does not exist", error.Message);
    }

    [Fact]
    public void A_folder_is_not_taken_for_a_file()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("x.npy"));
        Assert.Contains("is a folder, not a file", Assert.Throws<FileNotFoundException>(() => MatrixFile.Read(folder.File("x.npy"))).Message);
    }
}
