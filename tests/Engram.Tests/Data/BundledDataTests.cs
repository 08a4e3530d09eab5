using Engram.Data;

namespace Engram.Tests.Data;

[Collection(nameof(EnvironmentChanging))]            // one test sets ENGRAM_DATA
public class BundledDataTests
{
    [Fact]
    public void The_data_folder_is_found_from_the_test_output_folder_and_holds_the_data_sets()
    {
        string directory = BundledData.Directory;
        Assert.True(Path.IsPathRooted(directory));
        foreach (string set in new[] { "things", "color", "allen", "simulation" })
            Assert.True(Directory.Exists(Path.Combine(directory, set)), $"{directory} has no {set}/");
    }

    [Fact]
    public void The_THINGS_male_embeddings_are_1854_by_90_float32_after_squeezing()
    {
        string path = BundledData.PathOf("things/male_embeddings.npy");
        Assert.True(File.Exists(path));
        var array = Npy.Read(path);
        Assert.Equal([1, 1854, 90], array.Shape);
        Assert.Equal(NpyDType.Float32, array.SourceType);
        Assert.Equal([1854, 90], array.SqueezeLeading().Shape);
        Assert.All(array.Values, value => Assert.True(double.IsFinite(value)));
        Assert.Equal(1854, MatrixFile.Read(path).GetLength(0));
    }

    [Theory]
    [InlineData("color/group1_dissimilarity.npy", 93, 93)]
    [InlineData("color/group2_dissimilarity.npy", 93, 93)]
    [InlineData("allen/pseudo_a_VISal.npy", 90, 738)]
    [InlineData("allen/pseudo_b_VISam.npy", 90, 738)]
    [InlineData("things/female_embeddings.npy", 1854, 90)]
    [InlineData("simulation/simulation1_embedding1.npy", 50, 2)]
    [InlineData("simulation/simulation2_embedding2.npy", 50, 3)]
    public void Every_bundled_matrix_has_the_shape_its_readme_states(string relative, int rows, int columns)
    {
        var matrix = MatrixFile.Read(BundledData.PathOf(relative));
        Assert.Equal((rows, columns), (matrix.GetLength(0), matrix.GetLength(1)));
    }

    [Fact]
    public void The_readme_mentions_every_bundled_file()
    {
        string directory = BundledData.Directory;
        string readme = File.ReadAllText(BundledData.PathOf("README.md"));
        foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(file);
            if (name != "README.md")
                Assert.True(readme.Contains(name) || readme.Contains(Path.GetRelativePath(directory, file).Replace('\\', '/')),
                    $"data/README.md does not mention {name}");
        }
    }

    [Fact]
    public void The_bundled_copies_are_byte_identical_to_the_shared_originals()
    {
        string directory = BundledData.Directory;
        int compared = 0;
        foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            if (relative == "README.md"
                || relative.StartsWith("synthetic/", StringComparison.Ordinal)   // made by its own script here, not copied
                || relative.StartsWith(FashionMnist.BundledSubset + "/", StringComparison.Ordinal)   // a selection, checked in FashionMnistTests
                || relative.StartsWith("phi/", StringComparison.Ordinal)   // generated here by phi/make_phi_data.py
                || relative.StartsWith(UciDigits.BundledFolder + "/", StringComparison.Ordinal))   // converted from Debian's CSV, checked in UciDigitsTests
                continue;
            string original = SharedData.PathOrSkip("gwot/" + relative);
            Assert.True(File.ReadAllBytes(original).AsSpan().SequenceEqual(File.ReadAllBytes(file)), $"{relative} differs from {original}");
            compared++;
        }
        Assert.Equal(14, compared);
    }

    [Fact]
    public void A_file_that_is_not_bundled_gives_file_not_found_naming_it_and_the_folder()
    {
        var error = Assert.Throws<FileNotFoundException>(() => BundledData.PathOf("things/no_such_file.npy"));
        Assert.Contains("'things/no_such_file.npy' is not in", error.Message);
        Assert.Contains(BundledData.Directory, error.Message);
    }

    [Theory]
    [InlineData("../Engram.slnx")]
    [InlineData("things/../../Engram.slnx")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void Paths_that_leave_the_data_folder_are_refused(string relative)
        => Assert.ThrowsAny<ArgumentException>(() => BundledData.PathOf(relative));

    [Fact]
    public void ENGRAM_DATA_overrides_the_search_and_a_missing_folder_is_reported_clearly()
    {
        string? saved = Environment.GetEnvironmentVariable(BundledData.EnvironmentVariable);
        using var folder = new TempFolder();
        try
        {
            File.WriteAllText(folder.File("x.csv"), "1,2");
            Environment.SetEnvironmentVariable(BundledData.EnvironmentVariable, folder.Path);
            Assert.Equal(Path.GetFullPath(folder.Path), BundledData.Directory);
            Assert.Equal(folder.File("x.csv"), BundledData.PathOf("x.csv"));

            string missing = folder.File("nowhere");
            Environment.SetEnvironmentVariable(BundledData.EnvironmentVariable, missing);
            var error = Assert.Throws<FileNotFoundException>(() => BundledData.PathOf("x.csv"));
            Assert.Contains($"ENGRAM_DATA is set to '{missing}', which does not exist", error.Message);
            Assert.Throws<DirectoryNotFoundException>(() => BundledData.Directory);
        }
        finally
        {
            Environment.SetEnvironmentVariable(BundledData.EnvironmentVariable, saved);
        }
    }
}
