using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Engram.Data;

/// <summary>
/// Reads and writes numpy's .npy format (versions 1.0, 2.0 and 3.0; float, int and bool element
/// types in either byte order; C or Fortran order; any rank including 0-d and empty arrays).
/// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html.
/// Problems with a file give an <see cref="InvalidDataException"/> that names the file, says what
/// is wrong and what to do.
/// </summary>
public static class Npy
{
    /// <summary>The six bytes every .npy file starts with: 0x93 then "NUMPY".</summary>
    static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Headers longer than this are taken for damage rather than allocated.</summary>
    const int MaxHeaderBytes = 1 << 20;

    /// <summary>numpy allows at most 64 axes.</summary>
    internal const int MaxRank = 64;

    /// <summary>Data is converted through a buffer of this many bytes, so no copy of the raw data is kept.</summary>
    const int ChunkBytes = 1 << 16;

    /// <summary>When a stream cannot say how long it is, the values array starts at most this long and grows.</summary>
    const int InitialUnknownLength = 1 << 20;

    /// <summary>numpy pads the header so the data starts at a multiple of this many bytes.</summary>
    const int DataAlignment = 64;

    /// <summary>Reads the .npy file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable .npy file; the message names it and the problem.</exception>
    public static NpyArray Read(string path)
    {
        using var stream = DataFile.OpenRead(path, ".npy file", buffered: false);
        return Read(stream, path);
    }

    /// <summary>
    /// Reads one .npy array from <paramref name="stream"/>, starting at its current position.
    /// <paramref name="name"/> (a file name, say) is used in error messages.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a readable .npy array.</exception>
    public static NpyArray Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, name, stream.CanSeek ? stream.Length - stream.Position : null);
    }

    /// <summary>
    /// Reads one array; <paramref name="availableBytes"/>, when known, lets a truncated or damaged
    /// file be refused before its claimed size is allocated.
    /// </summary>
    internal static NpyArray Read(Stream stream, string name, long? availableBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        var (header, headerEnd) = ReadHeader(stream, name, availableBytes);
        long? dataBytes = availableBytes - headerEnd;
        if (dataBytes < header.DataBytes)
            throw Truncated(name, dataBytes.Value, header);

        int count = (int)header.ElementCount;
        int size = NpyDescr.SizeOf(header.Descr.Type);
        var values = new double[dataBytes is null ? Math.Min(count, InitialUnknownLength) : count];
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int perChunk = ChunkBytes / size;
            for (int done = 0; done < count;)
            {
                int n = Math.Min(perChunk, count - done);
                var chunk = buffer.AsSpan(0, n * size);
                int got = stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
                if (got < chunk.Length)
                    throw Truncated(name, (long)done * size + got, header);
                if (done + n > values.Length)
                    Array.Resize(ref values, (int)Math.Min(count, Math.Max(2L * values.Length, done + n)));
                Decode(chunk, values.AsSpan(done, n), header.Descr);
                done += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (header.FortranOrder)
            values = FortranToC(values, header.Shape);
        return new NpyArray(header.Shape, values, header.Descr.Type);
    }

    /// <summary>
    /// Writes <paramref name="array"/> to <paramref name="path"/> as <paramref name="dtype"/>, little
    /// endian, C order, format version 1.0 (2.0 only if the header would not fit), so that
    /// <c>numpy.load</c> reads it. Float types round; integer and bool types require every value
    /// to be representable (whole and in range; 0 or 1 for bool).
    /// </summary>
    /// <exception cref="ArgumentException">A value cannot be stored as <paramref name="dtype"/>.</exception>
    public static void Write(string path, NpyArray array, NpyDType dtype = NpyDType.Float64)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckRepresentable(array, dtype);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        WriteChecked(stream, array, dtype);
    }

    /// <summary>Writes <paramref name="array"/> as one .npy array to <paramref name="stream"/>; see <see cref="Write(string, NpyArray, NpyDType)"/>.</summary>
    /// <exception cref="ArgumentException">A value cannot be stored as <paramref name="dtype"/>.</exception>
    public static void Write(Stream stream, NpyArray array, NpyDType dtype = NpyDType.Float64)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckRepresentable(array, dtype);
        WriteChecked(stream, array, dtype);
    }

    /// <summary>Writes <paramref name="matrix"/> as a float64 (<c>'&lt;f8'</c>) array of shape (rows, columns).</summary>
    public static void Write(string path, double[,] matrix)
        => Write(path, NpyArray.FromMatrix(matrix), NpyDType.Float64);

    /// <summary>
    /// Writes <paramref name="values"/> (row-major) as float32 (<c>'&lt;f4'</c>) with the given
    /// <paramref name="shape"/>; no shape means a vector of all the values.
    /// </summary>
    public static void Write(string path, float[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        var widened = new double[values.Length];
        Widen<float>(values, widened);
        Write(path, new NpyArray(ShapeOrVector(shape, values.Length), widened, NpyDType.Float32), NpyDType.Float32);
    }

    /// <summary>
    /// Writes <paramref name="values"/> (row-major) as float64 (<c>'&lt;f8'</c>) with the given
    /// <paramref name="shape"/>; no shape means a vector of all the values.
    /// </summary>
    public static void Write(string path, double[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        Write(path, new NpyArray(ShapeOrVector(shape, values.Length), values, NpyDType.Float64), NpyDType.Float64);
    }

    /// <summary>
    /// Writes <paramref name="values"/> (row-major) as int32 (<c>'&lt;i4'</c>) with the given
    /// <paramref name="shape"/>; no shape means a vector of all the values.
    /// </summary>
    public static void Write(string path, int[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        var widened = new double[values.Length];
        Widen<int>(values, widened);
        Write(path, new NpyArray(ShapeOrVector(shape, values.Length), widened, NpyDType.Int32), NpyDType.Int32);
    }

    static int[] ShapeOrVector(int[]? shape, int length) => shape is null || shape.Length == 0 ? [length] : shape;

    static (NpyHeader Header, long HeaderEnd) ReadHeader(Stream stream, string name, long? availableBytes)
    {
        Span<byte> preamble = stackalloc byte[12];
        int got = stream.ReadAtLeast(preamble[..10], 10, throwOnEndOfStream: false);
        if (got == 0)
            throw new InvalidDataException($"'{name}' is empty (0 bytes); expected a .npy file. Save the array with numpy.save.");
        int compared = Math.Min(got, Magic.Length);
        if (!preamble[..compared].SequenceEqual(Magic[..compared]))
            throw new InvalidDataException(
                $"'{name}' is not a .npy file (bad magic: it starts with {Convert.ToHexString(preamble[..compared])}, "
                + "not 93 'NUMPY'); save it with numpy.save.");
        if (got < 10)
            throw new InvalidDataException(
                $"'{name}' is truncated: it ends after {got} bytes, inside the 10-byte .npy preamble. Write it again with numpy.save.");

        byte major = preamble[6], minor = preamble[7];
        long headerLength;
        int preambleLength;
        if (major == 1 && minor == 0)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..10]);
            preambleLength = 10;
        }
        else if (major is 2 or 3 && minor == 0)
        {
            if (stream.ReadAtLeast(preamble[10..12], 2, throwOnEndOfStream: false) < 2)
                throw new InvalidDataException(
                    $"'{name}' is truncated: it ends inside the 12-byte preamble of .npy version {major}.0. Write it again with numpy.save.");
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..12]);
            preambleLength = 12;
        }
        else
        {
            throw new InvalidDataException(
                $"'{name}' uses .npy format version {major}.{minor}; Engram reads versions 1.0, 2.0 and 3.0. "
                + "Save it again with numpy.save (or numpy.lib.format.write_array(f, a, version=(1, 0))).");
        }

        if (headerLength > MaxHeaderBytes)
            throw new InvalidDataException(
                $"'{name}' claims a header of {headerLength} bytes, more than the {MaxHeaderBytes} Engram accepts; "
                + "the file is probably damaged. Write it again with numpy.save.");
        long? headerAvailable = availableBytes - preambleLength;
        var headerBytes = new byte[headerAvailable is null ? headerLength : Math.Clamp(headerAvailable.Value, 0, headerLength)];
        got = stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false);
        if (got < headerLength)
            throw new InvalidDataException(
                $"'{name}' is truncated: its header should be {headerLength} bytes but only {got} follow the preamble. "
                + "Write it again with numpy.save.");

        string text;
        try
        {
            // Versions 1 and 2 store the header in latin-1, version 3 in UTF-8.
            text = major == 3 ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException($"'{name}' has a version 3.0 header that is not valid UTF-8; write it again with numpy.save.");
        }
        return (NpyHeader.Parse(text, name), preambleLength + headerLength);
    }

    static InvalidDataException Truncated(string name, long dataBytes, NpyHeader header)
        => new($"'{name}' is truncated: it holds {dataBytes} bytes of data but shape {NpyHeader.FormatShape(header.Shape)} "
               + $"of {header.Descr.Type.ToString().ToLowerInvariant()} needs {header.DataBytes}. Write it again with numpy.save.");

    /// <summary>Converts elements of <paramref name="bytes"/> (byte order as described) into doubles; reorders bytes in place.</summary>
    static void Decode(Span<byte> bytes, Span<double> into, NpyDescr descr)
    {
        if (descr.BigEndian == BitConverter.IsLittleEndian)
            ReverseEndianness(bytes, NpyDescr.SizeOf(descr.Type));
        switch (descr.Type)
        {
            case NpyDType.Float32: Widen<float>(MemoryMarshal.Cast<byte, float>(bytes), into); break;
            case NpyDType.Float64: MemoryMarshal.Cast<byte, double>(bytes).CopyTo(into); break;
            case NpyDType.Int32: Widen<int>(MemoryMarshal.Cast<byte, int>(bytes), into); break;
            case NpyDType.Int64: Widen<long>(MemoryMarshal.Cast<byte, long>(bytes), into); break;
            case NpyDType.UInt8: Widen<byte>(bytes, into); break;
            case NpyDType.Int8: Widen<sbyte>(MemoryMarshal.Cast<byte, sbyte>(bytes), into); break;
            case NpyDType.Int16: Widen<short>(MemoryMarshal.Cast<byte, short>(bytes), into); break;
            case NpyDType.UInt16: Widen<ushort>(MemoryMarshal.Cast<byte, ushort>(bytes), into); break;
            case NpyDType.UInt32: Widen<uint>(MemoryMarshal.Cast<byte, uint>(bytes), into); break;
            case NpyDType.UInt64: Widen<ulong>(MemoryMarshal.Cast<byte, ulong>(bytes), into); break;
            case NpyDType.Float16: Widen<Half>(MemoryMarshal.Cast<byte, Half>(bytes), into); break;
            case NpyDType.Bool:
                for (int i = 0; i < into.Length; i++)
                    into[i] = bytes[i] != 0 ? 1.0 : 0.0;
                break;
            default: throw new ArgumentOutOfRangeException(nameof(descr), descr.Type, "unknown element type");
        }
    }

    /// <summary>Converts doubles into little-endian elements of <paramref name="type"/>; values are already checked.</summary>
    static void Encode(ReadOnlySpan<double> from, Span<byte> into, NpyDType type)
    {
        switch (type)
        {
            case NpyDType.Float32: Narrow(from, MemoryMarshal.Cast<byte, float>(into)); break;
            case NpyDType.Float64: from.CopyTo(MemoryMarshal.Cast<byte, double>(into)); break;
            case NpyDType.Int32: Narrow(from, MemoryMarshal.Cast<byte, int>(into)); break;
            case NpyDType.Int64: Narrow(from, MemoryMarshal.Cast<byte, long>(into)); break;
            case NpyDType.UInt8: Narrow(from, into); break;
            case NpyDType.Int8: Narrow(from, MemoryMarshal.Cast<byte, sbyte>(into)); break;
            case NpyDType.Int16: Narrow(from, MemoryMarshal.Cast<byte, short>(into)); break;
            case NpyDType.UInt16: Narrow(from, MemoryMarshal.Cast<byte, ushort>(into)); break;
            case NpyDType.UInt32: Narrow(from, MemoryMarshal.Cast<byte, uint>(into)); break;
            case NpyDType.UInt64: Narrow(from, MemoryMarshal.Cast<byte, ulong>(into)); break;
            case NpyDType.Float16: Narrow(from, MemoryMarshal.Cast<byte, Half>(into)); break;
            case NpyDType.Bool:
                for (int i = 0; i < from.Length; i++)
                    into[i] = from[i] != 0 ? (byte)1 : (byte)0;
                break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, "unknown element type");
        }
        if (!BitConverter.IsLittleEndian)
            ReverseEndianness(into, NpyDescr.SizeOf(type));
    }

    static void Widen<T>(ReadOnlySpan<T> from, Span<double> into) where T : INumberBase<T>
    {
        for (int i = 0; i < into.Length; i++)
            into[i] = double.CreateTruncating(from[i]);
    }

    static void Narrow<T>(ReadOnlySpan<double> from, Span<T> into) where T : INumberBase<T>
    {
        for (int i = 0; i < from.Length; i++)
            into[i] = T.CreateTruncating(from[i]);
    }

    static void ReverseEndianness(Span<byte> bytes, int size)
    {
        switch (size)
        {
            case 2: var u16 = MemoryMarshal.Cast<byte, ushort>(bytes); BinaryPrimitives.ReverseEndianness(u16, u16); break;
            case 4: var u32 = MemoryMarshal.Cast<byte, uint>(bytes); BinaryPrimitives.ReverseEndianness(u32, u32); break;
            case 8: var u64 = MemoryMarshal.Cast<byte, ulong>(bytes); BinaryPrimitives.ReverseEndianness(u64, u64); break;
        }
    }

    /// <summary>Reorders column-major values of <paramref name="shape"/> into row-major order.</summary>
    static double[] FortranToC(double[] fortran, int[] shape)
    {
        if (shape.Length < 2 || fortran.Length == 0)
            return fortran;
        int rank = shape.Length;
        Span<long> fortranStride = stackalloc long[rank];
        long stride = 1;
        for (int axis = 0; axis < rank; axis++)
        {
            fortranStride[axis] = stride;
            stride *= shape[axis];
        }
        Span<int> index = stackalloc int[rank];
        var c = new double[fortran.Length];
        long offset = 0;
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = fortran[offset];
            for (int axis = rank - 1; axis >= 0; axis--)   // next C-order index: last axis fastest
            {
                offset += fortranStride[axis];
                if (++index[axis] < shape[axis])
                    break;
                offset -= fortranStride[axis] * shape[axis];
                index[axis] = 0;
            }
        }
        return c;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless every value of <paramref name="array"/> can be stored as <paramref name="dtype"/>.</summary>
    internal static void CheckRepresentable(NpyArray array, NpyDType dtype)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!Enum.IsDefined(dtype))
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not an NpyDType value");
        if (array.Rank > MaxRank)
            throw new ArgumentException($"array has {array.Rank} axes; numpy reads at most {MaxRank}.", nameof(array));
        if (dtype is NpyDType.Float16 or NpyDType.Float32 or NpyDType.Float64)
            return;
        // Whole numbers in [min, max + 1): the upper bound as a double is exact for every integer type.
        (double min, double maxExclusive) = dtype switch
        {
            NpyDType.Bool => (0.0, 2.0),
            NpyDType.UInt8 => (byte.MinValue, byte.MaxValue + 1.0),
            NpyDType.Int8 => (sbyte.MinValue, sbyte.MaxValue + 1.0),
            NpyDType.Int16 => (short.MinValue, short.MaxValue + 1.0),
            NpyDType.UInt16 => (ushort.MinValue, ushort.MaxValue + 1.0),
            NpyDType.Int32 => (int.MinValue, int.MaxValue + 1.0),
            NpyDType.UInt32 => (uint.MinValue, uint.MaxValue + 1.0),
            NpyDType.Int64 => (long.MinValue, -(double)long.MinValue),
            _ => (0.0, 2.0 * -(double)long.MinValue),
        };
        var values = array.Values;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsInteger(v) || v < min || v >= maxExclusive)
                throw new ArgumentException(
                    $"value {v} at flat index {i} cannot be stored as {dtype.ToString().ToLowerInvariant()}: "
                    + $"expected a whole number from {min} to {maxExclusive - 1}. Write a float type or round first.",
                    nameof(array));
        }
    }

    static void WriteChecked(Stream stream, NpyArray array, NpyDType dtype)
    {
        stream.Write(HeaderBytes(dtype, array.Shape));
        int size = NpyDescr.SizeOf(dtype);
        int perChunk = ChunkBytes / size;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var values = array.Values.AsSpan();
            for (int done = 0; done < values.Length; done += perChunk)
            {
                var from = values.Slice(done, Math.Min(perChunk, values.Length - done));
                var into = buffer.AsSpan(0, from.Length * size);
                Encode(from, into, dtype);
                stream.Write(into);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Magic, version, header length and the header dict padded with spaces and a final '\n' to a multiple of 64 bytes.</summary>
    internal static byte[] HeaderBytes(NpyDType dtype, ReadOnlySpan<int> shape)
    {
        byte[] dict = Encoding.ASCII.GetBytes(NpyHeader.Format(dtype, shape));
        int preamble = 10;
        int total = (preamble + dict.Length + 1 + DataAlignment - 1) / DataAlignment * DataAlignment;
        if (total - preamble > ushort.MaxValue)
        {
            preamble = 12;
            total = (preamble + dict.Length + 1 + DataAlignment - 1) / DataAlignment * DataAlignment;
        }
        var bytes = new byte[total];
        Magic.CopyTo(bytes);
        bytes[6] = preamble == 10 ? (byte)1 : (byte)2;
        if (preamble == 10)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)(total - preamble));
        else
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)(total - preamble));
        dict.CopyTo(bytes, preamble);
        bytes.AsSpan(preamble + dict.Length).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }
}
