using Engram.Data;

namespace Engram.Tests.Data;

public class IdxFileTests
{
    [Fact]
    public void Written_gzip_and_plain_files_read_back_with_shape_and_values()
    {
        using var temp = new TempFolder();
        string folder = temp.Path;
        {
            byte[] values = Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray();
            foreach (string name in new[] { "a.idx.gz", "a.idx" })
            {
                string path = Path.Combine(folder, name);
                IdxFile.Write(path, [2, 3, 4], values);
                IdxFile.Array read = IdxFile.Read(path);
                Assert.Equal([2, 3, 4], read.Shape);
                Assert.Equal(values, read.Values);
                Assert.Equal(values[..12], IdxFile.Read(path, maxItems: 1).Values);
            }
        }
    }

    [Fact]
    public void Truncated_or_foreign_files_give_a_message_naming_the_file()
    {
        using var temp = new TempFolder();
        string folder = temp.Path;
        {
            string path = Path.Combine(folder, "images.idx");
            IdxFile.Write(path, [4, 5], new byte[20]);
            File.WriteAllBytes(path, File.ReadAllBytes(path)[..20]);
            var truncated = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
            Assert.Contains("truncated", truncated.Message);
            Assert.Contains(path, truncated.Message);
            File.WriteAllText(path, "hello");
            Assert.Contains("not an IDX file", Assert.Throws<InvalidDataException>(() => IdxFile.Read(path)).Message);
            string gz = Path.Combine(folder, "bad.gz");
            File.WriteAllBytes(gz, [0x1F, 0x8B, 1, 2, 3, 4, 5, 6, 7]);
            Assert.Contains(gz, Assert.Throws<InvalidDataException>(() => IdxFile.Read(gz)).Message);
        }
    }
}
