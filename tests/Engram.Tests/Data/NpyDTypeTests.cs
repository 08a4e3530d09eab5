using Engram.Data;

namespace Engram.Tests.Data;

public class NpyDTypeTests
{
    [Fact]
    public void Every_type_formats_to_a_descr_that_parses_back_to_the_same_type_little_endian()
    {
        foreach (var type in Enum.GetValues<NpyDType>())
        {
            string descr = NpyDescr.Format(type);
            Assert.Equal(new NpyDescr(type, BigEndian: false), NpyDescr.TryParse(descr, out _));
        }
    }

    [Theory]
    [InlineData("<f8", NpyDType.Float64, false)]
    [InlineData(">f8", NpyDType.Float64, true)]
    [InlineData("=f4", NpyDType.Float32, false)]
    [InlineData(">i4", NpyDType.Int32, true)]
    [InlineData("<i8", NpyDType.Int64, false)]
    [InlineData("|b1", NpyDType.Bool, false)]
    [InlineData("?", NpyDType.Bool, false)]
    [InlineData("|u1", NpyDType.UInt8, false)]
    [InlineData(">u1", NpyDType.UInt8, false)]
    [InlineData("|i1", NpyDType.Int8, false)]
    [InlineData(">i2", NpyDType.Int16, true)]
    [InlineData("<u2", NpyDType.UInt16, false)]
    [InlineData("<u4", NpyDType.UInt32, false)]
    [InlineData("<u8", NpyDType.UInt64, false)]
    [InlineData("<f2", NpyDType.Float16, false)]
    public void Descr_strings_numpy_writes_give_the_type_and_byte_order(string descr, NpyDType type, bool bigEndian)
    {
        Assert.Equal(new NpyDescr(type, bigEndian), NpyDescr.TryParse(descr, out string problem));
        Assert.Equal("", problem);
    }

    [Theory]
    [InlineData("<c16", "complex")]
    [InlineData("|O", "Python objects")]
    [InlineData("<U5", "unicode strings")]
    [InlineData("|S3", "byte strings")]
    [InlineData("<M8[ns]", "dates or time spans")]
    [InlineData("<f16", "a float of unusual size")]
    [InlineData("", "empty")]
    public void Unsupported_descr_is_refused_with_its_kind_and_what_Engram_reads(string descr, string kind)
    {
        Assert.Null(NpyDescr.TryParse(descr, out string problem));
        Assert.Contains($"dtype '{descr}' ({kind}) is not supported", problem);
        Assert.Contains("astype('float64')", problem);
    }

    [Theory]
    [InlineData(NpyDType.Float16, 2)]
    [InlineData(NpyDType.Float32, 4)]
    [InlineData(NpyDType.Float64, 8)]
    [InlineData(NpyDType.Bool, 1)]
    [InlineData(NpyDType.UInt8, 1)]
    [InlineData(NpyDType.Int16, 2)]
    [InlineData(NpyDType.Int32, 4)]
    [InlineData(NpyDType.Int64, 8)]
    [InlineData(NpyDType.UInt64, 8)]
    public void Element_sizes_are_numpys_itemsizes(NpyDType type, int size)
        => Assert.Equal(size, NpyDescr.SizeOf(type));
}
