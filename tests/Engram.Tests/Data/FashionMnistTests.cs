using Engram.Data;
using Engram.Tests.Generative;

namespace Engram.Tests.Data;

public class FashionMnistTests
{
    [Fact]
    public void The_bundled_subset_holds_60_training_and_20_test_images_of_each_class()
    {
        var (train, test) = TinyVae.Bundled;
        Assert.Equal(600, train.Count);
        Assert.Equal(200, test.Count);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(60, train.Labels.Count(y => y == c)));
        Assert.Equal((28, 28), (train.Height, train.Width));
        Assert.All(train.Pixels, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void The_bundled_subset_equals_the_first_images_of_each_class_of_the_original()
    {
        string folder = Path.GetDirectoryName(SharedData.PathOrSkip("fashion-mnist/train-images-idx3-ubyte.gz"))!;
        ImageSet original = FashionMnist.Load(folder, test: true);
        var (_, test) = TinyVae.Bundled;
        int first = Enumerable.Range(0, original.Count).First(i => original.Labels[i] == test.Labels[0]);
        Assert.Equal(original.Pixels.AsSpan(first * 784, 784).ToArray(), test.Pixels.AsSpan(0, 784).ToArray());
        Assert.Equal(10_000, original.Count);
    }

    [Fact]
    public void A_folder_without_the_files_names_the_missing_file_and_the_install_command()
    {
        using var temp = new TempFolder();
        string folder = temp.Path;
        {
            var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Locate(folder));
            Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
            Assert.Contains(FashionMnist.InstallCommand, error.Message);
        }
    }

    [Fact]
    public void Without_a_folder_the_callers_fallbacks_are_searched_after_Debians_folder()
    {
        using var temp = new TempFolder();
        string empty = Path.Combine(temp.Path, "empty"), full = Path.Combine(temp.Path, "full");
        Directory.CreateDirectory(empty);
        Directory.CreateDirectory(full);
        foreach (string f in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
            File.WriteAllBytes(Path.Combine(full, f), []);
        bool debian = File.Exists(Path.Combine(FashionMnist.DebianFolder, "train-images-idx3-ubyte.gz"));
        Assert.Equal(debian ? FashionMnist.DebianFolder : full, FashionMnist.Locate(null, [empty, full]));
        if (!debian)
        {
            var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Locate(null, [empty]));
            Assert.Contains(empty, error.Message);
            Assert.DoesNotContain("shared", error.Message);
        }
    }
}
