using System.Buffers.Binary;
using System.Xml.Linq;

namespace Engram.Tests.Reports;

/// <summary>What a written figure must be: a PNG at slide resolution, an SVG that parses as XML and keeps its words as text.</summary>
internal static class FigureFiles
{
    /// <summary>Width and height of the PNG at <paramref name="path"/> from its IHDR chunk; fails when it is not a PNG.</summary>
    public static (int Width, int Height) PngSize(string path)
    {
        byte[] head = new byte[24];
        using (FileStream stream = File.OpenRead(path)) stream.ReadExactly(head);
        Assert.True(head.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), $"{path} is not a PNG");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(head, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(20)));
    }

    /// <summary>Every text run of the SVG at <paramref name="path"/>, trimmed; fails when the file is not well-formed XML.</summary>
    public static IReadOnlyList<string> SvgTexts(string path)
    {
        XDocument svg = XDocument.Load(path);
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        return [.. svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).Where(t => t.Length > 0)];
    }

    /// <summary>
    /// Checks the PNG (at least 1200 pixels wide: slide resolution) and the SVG beside it, and that the SVG holds each of
    /// <paramref name="words"/> as text. Returns the SVG's texts.
    /// </summary>
    public static IReadOnlyList<string> AssertBoth(string png, params string[] words)
    {
        var (width, height) = PngSize(png);
        Assert.True(width >= 1200 && height >= 600, $"{Path.GetFileName(png)} is {width} × {height} pixels; slides need at least 1200 across");
        IReadOnlyList<string> texts = SvgTexts(Path.ChangeExtension(png, ".svg"));
        foreach (string word in words) Assert.Contains(word, texts);
        return texts;
    }
}
