namespace Engram.Tests.Data;

/// <summary>Paths of the committed fixtures, and scratch folders that delete themselves.</summary>
internal static class TestFiles
{
    /// <summary>A fixture written by Fixtures/make_npy_fixtures.py, e.g. <c>Npy("v1_f8_2x3.npy")</c>.</summary>
    public static string Npy(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "npy", name);
        Assert.True(File.Exists(path), $"fixture {path} is missing; run tests/Engram.Tests/Fixtures/make_npy_fixtures.py");
        return path;
    }

    /// <summary>The bytes of fixture <paramref name="name"/>.</summary>
    public static byte[] NpyBytes(string name) => File.ReadAllBytes(Npy(name));

    /// <summary>
    /// Asserts that <paramref name="read"/> throws an <see cref="InvalidDataException"/> whose message
    /// holds every one of <paramref name="fragments"/> (the file name, the problem, ...), and returns it.
    /// </summary>
    public static InvalidDataException AssertInvalidData(Action read, params string[] fragments)
    {
        var error = Assert.Throws<InvalidDataException>(read);
        foreach (string fragment in fragments)
            Assert.Contains(fragment, error.Message);
        return error;
    }

    /// <summary>
    /// Runs <paramref name="script"/> with the system Python and numpy and returns what it printed;
    /// skips the test when there is no Python with numpy here.
    /// </summary>
    public static string RunNumpy(string script)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python))
            Assert.Skip($"{python} is not installed; this test checks that numpy reads what Engram writes.");
        var start = new System.Diagnostics.ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (error.Result.Contains("No module named 'numpy'"))
            Assert.Skip("numpy is not installed for /usr/bin/python3; this test checks that numpy reads what Engram writes.");
        Assert.True(process.ExitCode == 0, $"python failed ({process.ExitCode}): {error.Result}");
        return output.Trim();
    }
}

/// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    /// <summary>The folder's full path.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("engram-data-test-").FullName;

    /// <summary>A path for <paramref name="name"/> inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> and returns its path.</summary>
    public string WriteText(string name, string text)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="name"/> and returns its path.</summary>
    public string WriteBytes(string name, byte[] bytes)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>A read-only stream that cannot seek or tell its length, like a deflated zip member.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
{
    readonly MemoryStream inner = new(bytes, writable: false);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 7));
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
