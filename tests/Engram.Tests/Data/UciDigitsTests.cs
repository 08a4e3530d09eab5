using System.IO.Compression;
using Engram.Data;

namespace Engram.Tests.Data;

public class UciDigitsTests
{
    const string DebianCopy = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

    [Fact]
    public void The_bundled_digits_split_every_class_four_to_one_with_grey_levels_in_sixteenths()
    {
        var (train, test) = UciDigits.Load();
        Assert.Equal((1442, 355), (train.Count, test.Count));
        Assert.Equal((8, 8), (train.Height, train.Width));
        Assert.All(train.Pixels.Concat(test.Pixels), v => Assert.Equal(Math.Round(v * 16), v * 16, 5));
        Assert.Equal(1f, train.Pixels.Max());
        for (int d = 0; d < 10; d++)
        {
            int inTrain = train.Labels.Count(l => l == d), inTest = test.Labels.Count(l => l == d);
            Assert.Equal((inTrain + inTest) / 5, inTest);
        }
        Assert.Equal(100, UciDigits.Load(maxTrain: 100).Train.Count);
    }

    [Fact]
    public void The_bundled_arrays_equal_the_csv_debian_ships()
    {
        if (!File.Exists(DebianCopy)) Assert.Skip($"{DebianCopy} is not installed (python3-sklearn)");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(DebianCopy), CompressionMode.Decompress));
        int[][] rows = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(',').Select(v => (int)double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        NpyArray images = Npy.Read(BundledData.PathOf("uci-digits/images.npy")), labels = Npy.Read(BundledData.PathOf("uci-digits/labels.npy"));
        Assert.Equal([1797, 8, 8], images.Shape);
        Assert.Equal(rows.SelectMany(r => r.Take(64)).Select(v => (double)v), images.Values);
        Assert.Equal(rows.Select(r => (double)r[64]), labels.Values);
    }

    [Fact]
    public void Files_of_another_shape_are_refused_with_the_file_named()
    {
        string folder = Directory.CreateTempSubdirectory().FullName;
        Npy.Write(Path.Combine(folder, "images.npy"), new double[3 * 4 * 4], 3, 4, 4);
        Npy.Write(Path.Combine(folder, "labels.npy"), new double[3], 3);
        var error = Assert.Throws<InvalidDataException>(() => UciDigits.Load(folder));
        Assert.Contains("images.npy", error.Message);
        Assert.Contains("(count, 8, 8)", error.Message);
    }
}
