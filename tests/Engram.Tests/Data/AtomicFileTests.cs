using Engram.Data;

namespace Engram.Tests.Data;

public class AtomicFileTests
{
    [Fact]
    public void A_write_that_fails_leaves_the_old_file_whole_and_no_temporary_behind()
    {
        using var temp = new TempFolder();
        string path = temp.File("sub/result.json");
        AtomicFile.WriteAllText(path, "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, tmp =>
        {
            File.WriteAllText(tmp, "half of the n");
            throw new IOException("disk full");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(temp.File("sub")));
        AtomicFile.WriteDurably(path, stream => stream.Write("new"u8));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(temp.File("sub")));
    }

    [Fact]
    public void A_folder_is_replaced_whole_and_a_failed_one_is_cleaned_up()
    {
        using var temp = new TempFolder();
        string folder = temp.File("trial-3");
        AtomicFile.WriteDirectory(folder, tmp => File.WriteAllText(Path.Combine(tmp, "a.txt"), "1"));
        AtomicFile.WriteDirectory(folder, tmp => File.WriteAllText(Path.Combine(tmp, "b.txt"), "2"));
        Assert.Equal(["b.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteDirectory(folder, tmp =>
        {
            Assert.True(AtomicFile.IsTemporary(tmp));
            throw new InvalidOperationException("failed");
        }));
        Assert.Equal([folder], Directory.GetDirectories(temp.Path));
        Assert.False(AtomicFile.IsTemporary(folder));
    }
}
