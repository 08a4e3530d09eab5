using System.Buffers.Binary;
using System.Text;
using CsCheck;
using Engram.Data;

namespace Engram.Tests.Data;

public class NpyTests
{
    static readonly double[] Counting = [0, 1, 2, 3, 4, 5];

    [Theory]
    [InlineData("v1_f8_2x3.npy")]
    [InlineData("v2_f8_2x3.npy")]
    [InlineData("v3_f8_2x3.npy")]
    public void Header_versions_1_2_and_3_written_by_numpy_give_the_same_array(string name)
    {
        var array = Npy.Read(TestFiles.Npy(name));
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal(Counting, array.Values);
        Assert.Equal(NpyDType.Float64, array.SourceType);
    }

    [Theory]
    [InlineData("f4_3.npy", NpyDType.Float32, new[] { 3 }, new[] { 1.5, -2.25, 3.0 })]
    [InlineData("big_f8_2x2.npy", NpyDType.Float64, new[] { 2, 2 }, new[] { 1.0, -2.0, 3.5, 1e300 })]
    [InlineData("big_i4_4.npy", NpyDType.Int32, new[] { 4 }, new[] { 1.0, -2, 70000, -2147483648 })]
    [InlineData("i8_3.npy", NpyDType.Int64, new[] { 3 }, new[] { -1099511627776.0, 0, 4503599627370496 })]
    [InlineData("i4_2x2.npy", NpyDType.Int32, new[] { 2, 2 }, new[] { 7.0, -8, 9, 2147483647 })]
    [InlineData("bool_4.npy", NpyDType.Bool, new[] { 4 }, new[] { 1.0, 0, 0, 1 })]
    [InlineData("u1_3.npy", NpyDType.UInt8, new[] { 3 }, new[] { 0.0, 128, 255 })]
    [InlineData("i1_3.npy", NpyDType.Int8, new[] { 3 }, new[] { -128.0, 0, 127 })]
    [InlineData("i2_big_2.npy", NpyDType.Int16, new[] { 2 }, new[] { -300.0, 300 })]
    [InlineData("u2_2.npy", NpyDType.UInt16, new[] { 2 }, new[] { 0.0, 65535 })]
    [InlineData("u4_2.npy", NpyDType.UInt32, new[] { 2 }, new[] { 0.0, 4294967295 })]
    [InlineData("f2_3.npy", NpyDType.Float16, new[] { 3 }, new[] { 0.5, -1.0, 65504.0 })]
    public void Every_element_type_and_byte_order_numpy_writes_reads_back_its_values(
        string name, NpyDType type, int[] shape, double[] values)
    {
        var array = Npy.Read(TestFiles.Npy(name));
        Assert.Equal(type, array.SourceType);
        Assert.Equal(shape, array.Shape);
        Assert.Equal(values, array.Values);
    }

    [Fact]
    public void Fortran_order_matrix_is_returned_in_row_major_order()
    {
        var array = Npy.Read(TestFiles.Npy("fortran_f8_2x3.npy"));
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal(Counting, array.Values);
    }

    [Fact]
    public void Fortran_order_3d_array_puts_every_element_at_its_row_major_index()
    {
        var array = Npy.Read(TestFiles.Npy("fortran_i4_2x3x4.npy"));
        Assert.Equal([2, 3, 4], array.Shape);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    Assert.Equal(100 * i + 10 * j + k, array.Values[(i * 3 + j) * 4 + k]);
    }

    [Fact]
    public void Zero_dimensional_array_has_rank_0_and_one_value()
    {
        var array = Npy.Read(TestFiles.Npy("scalar_f8.npy"));
        Assert.Equal(0, array.Rank);
        Assert.Equal([42.5], array.Values);
    }

    [Theory]
    [InlineData("empty_f8_0.npy", new[] { 0 })]
    [InlineData("empty_f4_0x3.npy", new[] { 0, 3 })]
    public void Empty_arrays_keep_their_shape_and_hold_no_values(string name, int[] shape)
    {
        var array = Npy.Read(TestFiles.Npy(name));
        Assert.Equal(shape, array.Shape);
        Assert.Empty(array.Values);
    }

    [Fact]
    public void Nan_infinities_negative_zero_and_subnormals_keep_their_exact_bits()
    {
        var array = Npy.Read(TestFiles.Npy("specials_f8.npy"));
        double numpyNan = BitConverter.Int64BitsToDouble(0x7FF8000000000000);      // numpy's NaN is positive, .NET's negative
        double[] expected = [numpyNan, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon];
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), array.Values.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Reading_from_a_stream_that_cannot_seek_gives_the_same_array()
    {
        foreach (string name in new[] { "v1_f8_2x3.npy", "fortran_i4_2x3x4.npy", "big_i4_4.npy", "scalar_f8.npy", "empty_f4_0x3.npy" })
        {
            var fromFile = Npy.Read(TestFiles.Npy(name));
            var fromStream = Npy.Read(new ForwardOnlyStream(TestFiles.NpyBytes(name)), name);
            Assert.Equal(fromFile, fromStream);
        }
    }

    [Theory]
    [InlineData("complex_c16.npy", "complex")]
    [InlineData("object.npy", "Python objects")]
    [InlineData("unicode.npy", "unicode strings")]
    [InlineData("structured.npy", "structured dtype")]
    public void Unsupported_dtype_names_the_file_the_type_and_what_Engram_reads(string name, string kind)
    {
        string path = TestFiles.Npy(name);
        TestFiles.AssertInvalidData(() => Npy.Read(path), path, kind, "float, int and bool");
    }

    [Fact]
    public void Empty_file_is_refused_with_a_message_naming_it()
    {
        using var folder = new TempFolder();
        string path = folder.WriteBytes("empty.npy", []);
        TestFiles.AssertInvalidData(() => Npy.Read(path), path, "is empty");
    }

    [Fact]
    public void Bad_magic_says_the_file_is_not_npy_and_how_to_save_one()
    {
        using var folder = new TempFolder();
        string path = folder.WriteText("text.npy", "1,2,3\n4,5,6\n");
        TestFiles.AssertInvalidData(() => Npy.Read(path), path, "is not a .npy file (bad magic", "numpy.save");
    }

    [Fact]
    public void Truncated_preamble_names_the_file_and_the_problem()
    {
        using var folder = new TempFolder();
        string path = folder.WriteBytes("short.npy", TestFiles.NpyBytes("v1_f8_2x3.npy")[..8]);
        TestFiles.AssertInvalidData(() => Npy.Read(path), path, "truncated");
    }

    [Fact]
    public void Truncated_header_names_the_file_and_the_problem()
    {
        using var folder = new TempFolder();
        string path = folder.WriteBytes("header.npy", TestFiles.NpyBytes("v1_f8_2x3.npy")[..40]);
        TestFiles.AssertInvalidData(() => Npy.Read(path), path, "its header should be 118 bytes but only 30 follow");
    }

    [Fact]
    public void Truncated_data_says_how_many_bytes_there_are_and_how_many_the_shape_needs()
    {
        using var folder = new TempFolder();
        byte[] bytes = TestFiles.NpyBytes("leading_ones_1x4x3.npy");
        string path = folder.WriteBytes("data.npy", bytes[..^5]);
        TestFiles.AssertInvalidData(() => Npy.Read(path), path, "holds 43 bytes of data but shape (1, 4, 3) of float32 needs 48");
    }

    [Fact]
    public void Truncated_data_in_a_stream_that_cannot_seek_is_reported_the_same_way()
    {
        byte[] bytes = TestFiles.NpyBytes("v1_f8_2x3.npy");
        TestFiles.AssertInvalidData(() => Npy.Read(new ForwardOnlyStream(bytes[..^1]), "member.npy"), "'member.npy'", "holds 47 bytes of data but shape (2, 3) of float64 needs 48");
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), ", "not a Python dict literal")]
    [InlineData("hello world", "not a Python dict literal")]
    [InlineData("{'descr': '<f8', 'shape': (2, 3)}", "no 'fortran_order' entry")]
    [InlineData("{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3)}", "'fortran_order' is not True or False")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': 6}", "'shape' is not a tuple")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -3)}", "'shape' holds '-3' on axis 1")]
    public void Garbage_header_dict_names_the_file_and_what_is_wrong(string dict, string problem)
    {
        using var folder = new TempFolder();
        string path = folder.WriteBytes("garbage.npy", WithHeader(dict, major: 1, data: new byte[48]));
        TestFiles.AssertInvalidData(() => Npy.Read(path), path, problem);
    }

    [Fact]
    public void Unknown_format_version_names_the_versions_Engram_reads()
    {
        byte[] bytes = TestFiles.NpyBytes("v1_f8_2x3.npy");
        bytes[6] = 4;
        TestFiles.AssertInvalidData(() => Npy.Read(new MemoryStream(bytes), "future.npy"), "'future.npy' uses .npy format version 4.0; Engram reads versions 1.0, 2.0 and 3.0");
    }

    [Fact]
    public void Header_claiming_a_huge_length_is_refused_without_allocating_it()
    {
        byte[] bytes = TestFiles.NpyBytes("v2_f8_2x3.npy");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), uint.MaxValue);
        TestFiles.AssertInvalidData(() => Npy.Read(new MemoryStream(bytes), "huge.npy"), "claims a header of 4294967295 bytes");
    }

    [Theory]
    [InlineData(true, 1_000_000)]
    [InlineData(false, 16_000_000)]
    public void Shape_claiming_more_data_than_the_stream_holds_is_refused_without_allocating_it(bool seekable, long allowedBytes)
    {
        byte[] bytes = WithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 1000), }", major: 1, data: new byte[8]);
        Stream stream = seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => Npy.Read(stream, "liar.npy"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("holds 8 bytes of data but shape (100000, 1000) of float64 needs 800000000", error.Message);
        Assert.True(allocated < allowedBytes, $"allocated {allocated} bytes for a stream of {bytes.Length}");
    }

    [Fact]
    public void Missing_file_gives_file_not_found_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), "engram-no-such-file.npy");
        var error = Assert.Throws<FileNotFoundException>(() => Npy.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Equal(path, error.FileName);
    }

    [Theory]
    [InlineData("v1_f8_2x3.npy", NpyDType.Float64)]
    [InlineData("f4_3.npy", NpyDType.Float32)]
    [InlineData("i4_2x2.npy", NpyDType.Int32)]
    [InlineData("i8_3.npy", NpyDType.Int64)]
    [InlineData("bool_4.npy", NpyDType.Bool)]
    [InlineData("u1_3.npy", NpyDType.UInt8)]
    [InlineData("i1_3.npy", NpyDType.Int8)]
    [InlineData("u2_2.npy", NpyDType.UInt16)]
    [InlineData("f2_3.npy", NpyDType.Float16)]
    [InlineData("scalar_f8.npy", NpyDType.Float64)]
    [InlineData("empty_f4_0x3.npy", NpyDType.Float32)]
    [InlineData("leading_ones_1x4x3.npy", NpyDType.Float32)]
    public void Written_file_is_byte_for_byte_what_numpy_save_writes(string name, NpyDType type)
    {
        var array = Npy.Read(TestFiles.Npy(name));
        var written = new MemoryStream();
        Npy.Write(written, array, type);
        Assert.Equal(TestFiles.NpyBytes(name), written.ToArray());
    }

    [Fact]
    public void Written_header_is_version_1_padded_so_data_starts_at_a_multiple_of_64_and_ends_in_newline()
    {
        foreach (int[] shape in new[] { Array.Empty<int>(), [7], [1000, 2000], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] })
        {
            byte[] header = Npy.HeaderBytes(NpyDType.Float32, shape);
            Assert.Equal(0, header.Length % 64);
            Assert.Equal(1, header[6]);
            Assert.Equal(header.Length - 10, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)));
            Assert.Equal((byte)'\n', header[^1]);
        }
    }

    [Fact]
    public void Numpy_loads_every_file_Engram_writes_with_the_same_values()
    {
        using var folder = new TempFolder();
        Npy.Write(folder.File("m.npy"), new double[,] { { 1.5, -2 }, { 3, 4.25 } });
        Npy.Write(folder.File("f.npy"), new[] { 0.5f, -1.25f, 3f, 4f, 5f, 6f }, 2, 3);
        Npy.Write(folder.File("i.npy"), new[] { 1, -2, int.MaxValue });
        Npy.Write(folder.File("d.npy"), new[] { double.NaN, 1e-300 });
        Npy.Write(folder.File("b.npy"), new NpyArray([2], [1, 0], NpyDType.Bool), NpyDType.Bool);
        Npy.Write(folder.File("s.npy"), new NpyArray([], [7], NpyDType.Int64), NpyDType.Int64);
        string output = TestFiles.RunNumpy($$"""
            import numpy as np, os
            d = {{PythonString(folder.Path)}}
            for n in ['m', 'f', 'i', 'd', 'b', 's']:
                a = np.load(os.path.join(d, n + '.npy'))
                print(n, a.dtype.str, a.shape, a.ravel().tolist())
            """);
        Assert.Equal(
            """
            m <f8 (2, 2) [1.5, -2.0, 3.0, 4.25]
            f <f4 (2, 3) [0.5, -1.25, 3.0, 4.0, 5.0, 6.0]
            i <i4 (3,) [1, -2, 2147483647]
            d <f8 (2,) [nan, 1e-300]
            b |b1 (2,) [True, False]
            s <i8 () [7]
            """.ReplaceLineEndings("\n"), output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Writing_a_value_that_does_not_fit_an_integer_type_is_refused_before_the_file_is_created()
    {
        using var folder = new TempFolder();
        string path = folder.File("bad.npy");
        var error = Assert.Throws<ArgumentException>(() => Npy.Write(path, new NpyArray([3], [1, 2.5, 3], NpyDType.Float64), NpyDType.Int32));
        Assert.Contains("value 2.5 at flat index 1 cannot be stored as int32", error.Message);
        Assert.Throws<ArgumentException>(() => Npy.Write(path, new NpyArray([1], [256], NpyDType.Float64), NpyDType.UInt8));
        Assert.Throws<ArgumentException>(() => Npy.Write(path, new NpyArray([1], [2], NpyDType.Float64), NpyDType.Bool));
        Assert.Throws<ArgumentException>(() => Npy.Write(path, new NpyArray([1], [9223372036854775808.0], NpyDType.Float64), NpyDType.Int64));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Writing_values_with_a_shape_that_does_not_match_their_count_names_both()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<ArgumentException>(() => Npy.Write(folder.File("x.npy"), new double[5], 2, 3));
        Assert.Contains("shape (2, 3) needs 6 values but 5 arrived", error.Message);
    }

    [Fact]
    public void Writing_values_without_a_shape_writes_a_vector()
    {
        using var folder = new TempFolder();
        Npy.Write(folder.File("v.npy"), new[] { 1.0, 2.0, 3.0 });
        Assert.Equal([3], Npy.Read(folder.File("v.npy")).Shape);
    }

    static readonly Gen<int[]> SmallShape = Gen.Int[0, 4].Array[0, 4];

    /// <summary>Values each type holds exactly, so that write then read must give them back unchanged.</summary>
    static Gen<double> ExactValues(NpyDType type) => type switch
    {
        NpyDType.Float64 => Gen.Double,
        NpyDType.Float32 => Gen.Float.Select(f => (double)f),
        NpyDType.Float16 => Gen.UShort.Select(bits => (double)BitConverter.UInt16BitsToHalf(bits)),
        NpyDType.Int32 => Gen.Int.Select(i => (double)i),
        NpyDType.Int64 => Gen.Long[-(1L << 53), 1L << 53].Select(i => (double)i),
        NpyDType.UInt64 => Gen.ULong[0, 1UL << 53].Select(i => (double)i),
        NpyDType.UInt32 => Gen.UInt.Select(i => (double)i),
        NpyDType.Int16 => Gen.Short.Select(i => (double)i),
        NpyDType.UInt16 => Gen.UShort.Select(i => (double)i),
        NpyDType.Int8 => Gen.SByte.Select(i => (double)i),
        NpyDType.UInt8 => Gen.Byte.Select(i => (double)i),
        NpyDType.Bool => Gen.Bool.Select(b => b ? 1.0 : 0.0),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static TheoryData<NpyDType> AllTypes => new(Enum.GetValues<NpyDType>());

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Random_shapes_and_values_round_trip_exactly_through_every_type(NpyDType type)
    {
        var arrays = SmallShape.SelectMany(shape =>
            ExactValues(type).Array[(int)NpyHeader.CountElements(shape)].Select(values => new NpyArray(shape, values, type)));
        arrays.Sample(array =>
        {
            var stream = new MemoryStream();
            Npy.Write(stream, array, type);
            stream.Position = 0;
            var back = Npy.Read(stream, "round trip");
            Assert.Equal(array.Shape, back.Shape);
            Assert.Equal(type, back.SourceType);
            Assert.Equal(array.Values.Select(BitConverter.DoubleToInt64Bits), back.Values.Select(BitConverter.DoubleToInt64Bits));
        }, iter: 300);
    }

    [Fact]
    public void Float32_writing_rounds_each_value_to_the_nearest_float()
    {
        Gen.Double[-1e30, 1e30].Array[1, 20].Sample(values =>
        {
            var stream = new MemoryStream();
            Npy.Write(stream, new NpyArray([values.Length], values, NpyDType.Float64), NpyDType.Float32);
            stream.Position = 0;
            Assert.Equal(values.Select(v => (double)(float)v), Npy.Read(stream, "f4").Values);
        });
    }

    [Fact]
    public void Random_corruptions_and_truncations_give_only_invalid_data_errors()
    {
        string[] names = ["v1_f8_2x3.npy", "v3_f8_2x3.npy", "fortran_i4_2x3x4.npy", "big_f8_2x2.npy", "scalar_f8.npy"];
        var damage = Gen.Select(Gen.Int[0, names.Length - 1], Gen.Int[0, 2], Gen.Int[0, 1000], Gen.Byte.Array[1, 6], Gen.Bool);
        var started = System.Diagnostics.Stopwatch.StartNew();
        damage.Sample((file, kind, at, bytes, forwardOnly) =>
        {
            byte[] data = Damage(TestFiles.NpyBytes(names[file]), kind, at, bytes);
            Stream stream = forwardOnly ? new ForwardOnlyStream(data) : new MemoryStream(data);
            try
            {
                Npy.Read(stream, "damaged.npy");
            }
            catch (InvalidDataException e)
            {
                Assert.Contains("'damaged.npy'", e.Message);
            }
        }, iter: 5000);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"5000 damaged reads took {started.Elapsed}");
    }

    [Fact]
    public void Reading_the_bundled_1854_by_90_float32_embedding_allocates_little_beyond_the_values()
    {
        string path = BundledData.PathOf("things/male_embeddings.npy");
        Npy.Read(path);                                                        // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        var array = Npy.Read(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long valueBytes = array.Values.Length * sizeof(double);
        Assert.Equal(1854 * 90, array.Values.Length);
        Assert.True(allocated < valueBytes + 16 * 1024, $"allocated {allocated} bytes for {valueBytes} bytes of values");
    }

    /// <summary>kind 0: cut the file at <paramref name="at"/>; 1: overwrite bytes there; 2: insert bytes there.</summary>
    internal static byte[] Damage(byte[] original, int kind, int at, byte[] bytes)
    {
        int position = at % (original.Length + 1);
        return kind switch
        {
            0 => original[..position],
            1 => [.. original[..position], .. bytes.Take(original.Length - position), .. original.Skip(position + bytes.Length)],
            _ => [.. original[..position], .. bytes, .. original[position..]],
        };
    }

    static byte[] WithHeader(string dict, byte major, byte[] data)
    {
        string padded = dict.PadRight(54) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 };
        bytes.AddRange(BitConverter.GetBytes((ushort)padded.Length));
        bytes.AddRange(Encoding.Latin1.GetBytes(padded));
        bytes.AddRange(data);
        return [.. bytes];
    }

    internal static string PythonString(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
