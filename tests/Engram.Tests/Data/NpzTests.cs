using System.IO.Compression;
using CsCheck;
using Engram.Data;

namespace Engram.Tests.Data;

public class NpzTests
{
    [Fact]
    public void An_archive_from_numpy_savez_gives_each_array_under_its_keyword()
    {
        var arrays = Npz.Read(TestFiles.Npy("two_arrays.npz"));
        Assert.Equal(["weights", "labels"], arrays.Keys);
        Assert.Equal([2, 3], arrays["weights"].Shape);
        Assert.Equal([0.0, 1, 2, 3, 4, 5], arrays["weights"].Values);
        Assert.Equal(NpyDType.Int32, arrays["labels"].SourceType);
        Assert.Equal([3.0, 1, 2], arrays["labels"].Values);
    }

    [Fact]
    public void A_compressed_archive_from_numpy_savez_compressed_reads_the_same_way()
    {
        var array = Assert.Single(Npz.Read(TestFiles.Npy("compressed.npz"))).Value;
        Assert.Equal([1, 4, 3], array.Shape);
        Assert.Equal(NpyDType.Float32, array.SourceType);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (double)i), array.Values);
    }

    [Fact]
    public void Positional_arrays_get_numpys_arr_0_key()
        => Assert.Equal("arr_0", Assert.Single(Npz.Read(TestFiles.Npy("single.npz"))).Key);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Written_archives_read_back_with_the_same_keys_shapes_types_and_values(bool compress)
    {
        using var folder = new TempFolder();
        var arrays = new Dictionary<string, NpyArray>
        {
            ["embedding"] = new([1, 2, 2], [0.5, -1, 2, 3.25], NpyDType.Float32),
            ["labels"] = new([3], [1, 0, 2], NpyDType.Int64),
            ["mask"] = new([2], [1, 0], NpyDType.Bool),
            ["scalar"] = new([], [Math.PI], NpyDType.Float64),
        };
        string path = folder.File("out.npz");
        Npz.Write(path, arrays, compress);
        var back = Npz.Read(path);
        Assert.Equal(arrays.Keys, back.Keys);
        foreach (var (key, array) in arrays)
            Assert.Equal(array, back[key]);
        using var zip = ZipFile.OpenRead(path);
        Assert.All(zip.Entries, entry => Assert.Equal(compress, entry.CompressedLength < entry.Length));
    }

    [Fact]
    public void Writing_the_same_arrays_twice_gives_the_same_bytes()
    {
        using var folder = new TempFolder();
        var arrays = new Dictionary<string, NpyArray> { ["a"] = NpyArray.FromMatrix(new double[,] { { 1, 2 }, { 3, 4 } }) };
        Npz.Write(folder.File("1.npz"), arrays, compress: true);
        Npz.Write(folder.File("2.npz"), arrays, compress: true);
        Assert.Equal(File.ReadAllBytes(folder.File("1.npz")), File.ReadAllBytes(folder.File("2.npz")));
    }

    [Fact]
    public void Numpy_loads_the_archives_Engram_writes()
    {
        using var folder = new TempFolder();
        var arrays = new Dictionary<string, NpyArray>
        {
            ["x"] = new([2, 2], [1, 2, 3, 4], NpyDType.Float64),
            ["y"] = new([3], [7, 8, 9], NpyDType.Int32),
        };
        Npz.Write(folder.File("stored.npz"), arrays);
        Npz.Write(folder.File("deflated.npz"), arrays, compress: true);
        string output = TestFiles.RunNumpy($$"""
            import numpy as np, os
            for n in ['stored', 'deflated']:
                z = np.load(os.path.join({{NpyTests.PythonString(folder.Path)}}, n + '.npz'))
                print(n, sorted(z.files), z['x'].dtype.str, z['x'].tolist(), z['y'].dtype.str, z['y'].tolist())
            """);
        Assert.Equal(
            """
            stored ['x', 'y'] <f8 [[1.0, 2.0], [3.0, 4.0]] <i4 [7, 8, 9]
            deflated ['x', 'y'] <f8 [[1.0, 2.0], [3.0, 4.0]] <i4 [7, 8, 9]
            """.ReplaceLineEndings("\n"), output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Writing_refuses_an_empty_key_and_values_that_do_not_fit_their_type_before_creating_the_file()
    {
        using var folder = new TempFolder();
        string path = folder.File("bad.npz");
        Assert.Throws<ArgumentException>(() => Npz.Write(path, new Dictionary<string, NpyArray> { [""] = NpyArray.FromVector([1]) }));
        var error = Assert.Throws<ArgumentException>(() => Npz.Write(path,
            new Dictionary<string, NpyArray> { ["a"] = new([1], [0.5], NpyDType.Int32) }));
        Assert.Contains("cannot be stored as int32", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Zip_garbage_names_the_file_and_says_it_is_not_an_archive()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("garbage.npz", "this is not a zip archive at all, just text");
        TestFiles.AssertInvalidData(() => Npz.Read(path), path, "is not a valid .npz (zip) archive");
    }

    [Fact]
    public void Empty_file_names_the_file()
    {
        using var folder = new TempFolder();
        string path = folder.WriteBytes("empty.npz", []);
        TestFiles.AssertInvalidData(() => Npz.Read(path), $"'{path}' is empty");
    }

    [Fact]
    public void Missing_file_gives_file_not_found_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), "engram-no-such-archive.npz");
        var error = Assert.Throws<FileNotFoundException>(() => Npz.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_member_that_is_not_npy_names_the_archive_and_the_member()
    {
        using var folder = new TempFolder();
        string path = folder.File("mixed.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var writer = new StreamWriter(zip.CreateEntry("notes.txt").Open()))
            writer.Write("hello");
        TestFiles.AssertInvalidData(() => Npz.Read(path), $"'{path}:notes.txt' is not a .npy file (bad magic");
    }

    [Fact]
    public void Random_corruptions_and_truncations_give_only_invalid_data_errors_naming_the_file()
    {
        using var folder = new TempFolder();
        string[] names = ["two_arrays.npz", "compressed.npz"];
        string path = folder.File("damaged.npz");
        var started = System.Diagnostics.Stopwatch.StartNew();
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 2], Gen.Int[0, 1000], Gen.Byte.Array[1, 6]).Sample((file, kind, at, bytes) =>
        {
            File.WriteAllBytes(path, NpyTests.Damage(TestFiles.NpyBytes(names[file]), kind, at, bytes));
            try
            {
                Npz.Read(path);
            }
            catch (InvalidDataException e)
            {
                Assert.Contains(path, e.Message);
            }
        }, iter: 1000, threads: 1);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"1000 damaged archives took {started.Elapsed}");
    }
}
