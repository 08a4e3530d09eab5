using System.Globalization;

namespace Engram.Data;

/// <summary>
/// The element types Engram reads from and writes to numpy files. Every value is held as a
/// <see cref="double"/> in memory; the type records what the file stored (and what to write).
/// </summary>
public enum NpyDType
{
    /// <summary>IEEE 754 single precision, numpy <c>float32</c> (<c>'&lt;f4'</c>).</summary>
    Float32,
    /// <summary>IEEE 754 double precision, numpy <c>float64</c> (<c>'&lt;f8'</c>).</summary>
    Float64,
    /// <summary>Signed 32-bit integer, numpy <c>int32</c> (<c>'&lt;i4'</c>).</summary>
    Int32,
    /// <summary>Signed 64-bit integer, numpy <c>int64</c> (<c>'&lt;i8'</c>); exact as a double up to 2^53.</summary>
    Int64,
    /// <summary>Boolean, one byte, numpy <c>bool</c> (<c>'|b1'</c>); read as 0 or 1.</summary>
    Bool,
    /// <summary>Unsigned 8-bit integer, numpy <c>uint8</c> (<c>'|u1'</c>).</summary>
    UInt8,
    /// <summary>Signed 8-bit integer, numpy <c>int8</c> (<c>'|i1'</c>).</summary>
    Int8,
    /// <summary>Signed 16-bit integer, numpy <c>int16</c> (<c>'&lt;i2'</c>).</summary>
    Int16,
    /// <summary>Unsigned 16-bit integer, numpy <c>uint16</c> (<c>'&lt;u2'</c>).</summary>
    UInt16,
    /// <summary>Unsigned 32-bit integer, numpy <c>uint32</c> (<c>'&lt;u4'</c>).</summary>
    UInt32,
    /// <summary>Unsigned 64-bit integer, numpy <c>uint64</c> (<c>'&lt;u8'</c>); exact as a double up to 2^53.</summary>
    UInt64,
    /// <summary>IEEE 754 half precision, numpy <c>float16</c> (<c>'&lt;f2'</c>).</summary>
    Float16,
}

/// <summary>
/// What a numpy <c>descr</c> string such as <c>'&lt;f4'</c> or <c>'&gt;i8'</c> says: the element
/// type and the byte order.
/// </summary>
/// <param name="Type">The element type.</param>
/// <param name="BigEndian">True when the bytes of each element are stored most significant first.</param>
internal readonly record struct NpyDescr(NpyDType Type, bool BigEndian)
{
    /// <summary>The numpy type kinds and sizes Engram understands, in the order of <see cref="NpyDType"/>.</summary>
    static readonly (char Kind, int Size, NpyDType Type)[] Known =
    [
        ('f', 4, NpyDType.Float32), ('f', 8, NpyDType.Float64), ('i', 4, NpyDType.Int32),
        ('i', 8, NpyDType.Int64), ('b', 1, NpyDType.Bool), ('u', 1, NpyDType.UInt8),
        ('i', 1, NpyDType.Int8), ('i', 2, NpyDType.Int16), ('u', 2, NpyDType.UInt16),
        ('u', 4, NpyDType.UInt32), ('u', 8, NpyDType.UInt64), ('f', 2, NpyDType.Float16),
    ];

    /// <summary>Bytes per element of <paramref name="type"/>.</summary>
    public static int SizeOf(NpyDType type) => Known[(int)type].Size;

    /// <summary>The little-endian descr numpy writes for <paramref name="type"/>, e.g. <c>&lt;f8</c> or <c>|b1</c>.</summary>
    public static string Format(NpyDType type)
    {
        var (kind, size, _) = Known[(int)type];
        return $"{(size == 1 ? '|' : '<')}{kind}{size}";
    }

    /// <summary>
    /// Parses a numpy descr string. Returns null with <paramref name="problem"/> set to a sentence
    /// saying which type it is when Engram does not read it (complex, object, strings, dates, ...).
    /// </summary>
    public static NpyDescr? TryParse(string descr, out string problem)
    {
        problem = "";
        string text = descr.Trim();
        bool bigEndian = false;
        if (text.Length > 0 && text[0] is '<' or '>' or '|' or '=')
        {
            bigEndian = text[0] == '>' || (text[0] == '=' && !BitConverter.IsLittleEndian);
            text = text[1..];
        }
        if (text == "?")
            return new NpyDescr(NpyDType.Bool, false);
        if (text.Length >= 2 && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int size))
        {
            foreach (var (kind, knownSize, type) in Known)
                if (kind == text[0] && knownSize == size)
                    return new NpyDescr(type, bigEndian && size > 1);
        }
        problem = $"dtype '{descr}' ({Describe(text)}) is not supported; Engram reads float, int and bool arrays "
                + "(float16/32/64, int8/16/32/64, uint8/16/32/64, bool). Convert it in Python first, "
                + "e.g. numpy.save(path, a.astype('float64'))";
        return null;
    }

    static string Describe(string text) => text.Length == 0 ? "empty" : text[0] switch
    {
        'c' => "complex",
        'O' => "Python objects",
        'S' or 'a' => "byte strings",
        'U' => "unicode strings",
        'V' => "raw bytes or a structured record",
        'M' or 'm' => "dates or time spans",
        'f' => "a float of unusual size",
        'i' or 'u' => "an integer of unusual size",
        _ => "unknown type code",
    };
}
