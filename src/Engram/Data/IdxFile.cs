using System.Buffers.Binary;
using System.IO.Compression;

namespace Engram.Data;

/// <summary>
/// The IDX format of MNIST and Fashion-MNIST (LeCun et al.): two zero bytes, a type byte (0x08 = unsigned byte),
/// the number of dimensions, each dimension as a big-endian 32-bit integer, then the values in row-major order.
/// Files may be gzip-compressed (recognised by their first two bytes, 1F 8B). Only unsigned bytes are read,
/// which is what image and label files hold.
/// </summary>
public static class IdxFile
{
    /// <summary>An IDX array of unsigned bytes.</summary>
    /// <param name="Shape">The dimensions, e.g. (60000, 28, 28) for images or (60000) for labels.</param>
    /// <param name="Values">The values in row-major order.</param>
    public sealed record Array(int[] Shape, byte[] Values);

    /// <summary>Reads the IDX file at <paramref name="path"/>, gzip or not; at most <paramref name="maxItems"/> items along the first dimension.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not an unsigned-byte IDX file, or shorter than its header says.</exception>
    public static Array Read(string path, int maxItems = int.MaxValue)
    {
        using FileStream file = DataFile.OpenRead(path, "IDX file");
        int b0 = file.ReadByte(), b1 = file.ReadByte();
        file.Position = 0;
        using Stream stream = b0 == 0x1F && b1 == 0x8B ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return Read(stream, path, maxItems);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("the IDX file", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"the IDX file '{path}' is not valid gzip data ({e.Message}); download it again.", e);
        }
    }

    static Array Read(Stream stream, string path, int maxItems)
    {
        Span<byte> head = stackalloc byte[4];
        ReadExactly(stream, head, path, "its header");
        if (head[0] != 0 || head[1] != 0)
            throw new InvalidDataException($"the IDX file '{path}' does not start with two zero bytes; it is not an IDX file.");
        if (head[2] != 0x08)
            throw new InvalidDataException($"the IDX file '{path}' holds values of type 0x{head[2]:X2}; only unsigned bytes (0x08) are read.");
        int rank = head[3];
        if (rank < 1) throw new InvalidDataException($"the IDX file '{path}' has no dimensions.");
        var shape = new int[rank];
        Span<byte> dim = stackalloc byte[4];
        long items = 1;
        for (int i = 0; i < rank; i++)
        {
            ReadExactly(stream, dim, path, "its dimensions");
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(dim);
            if (shape[i] < 0) throw new InvalidDataException($"the IDX file '{path}' has a negative dimension ({shape[i]}).");
            if (i > 0) items *= shape[i];
        }
        shape[0] = Math.Min(shape[0], maxItems);
        long count = items * shape[0];
        if (count > int.MaxValue) throw new InvalidDataException($"the IDX file '{path}' is larger than 2 GB of values.");
        var values = new byte[count];
        ReadExactly(stream, values, path, $"the {count} values its header announces");
        return new Array(shape, values);
    }

    static void ReadExactly(Stream stream, Span<byte> buffer, string path, string what)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) throw new InvalidDataException($"the IDX file '{path}' ends before {what}; it is truncated (download it again).");
            total += n;
        }
    }

    /// <summary>Writes an unsigned-byte IDX file, gzip-compressed when <paramref name="path"/> ends in ".gz".</summary>
    public static void Write(string path, int[] shape, ReadOnlySpan<byte> values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = shape.Aggregate(1L, (a, d) => a * d);
        if (shape.Length is < 1 or > 255 || shape.Any(d => d < 0) || count != values.Length)
            throw new ArgumentException($"an IDX array of shape ({string.Join(", ", shape)}) needs {count} values; got {values.Length}.", nameof(values));
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.SmallestSize) : file;
        stream.Write([0, 0, 0x08, (byte)shape.Length]);
        Span<byte> dim = stackalloc byte[4];
        foreach (int d in shape)
        {
            BinaryPrimitives.WriteInt32BigEndian(dim, d);
            stream.Write(dim);
        }
        stream.Write(values);
    }
}
