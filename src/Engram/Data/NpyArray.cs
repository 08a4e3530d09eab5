using System.Text;

namespace Engram.Data;

/// <summary>
/// An n-dimensional array read from or written to numpy formats. Values are held row-major
/// (C order) as <see cref="double"/> whatever the file stored; <see cref="SourceType"/> says what
/// that was. Two arrays are equal when shape, type and every value are equal.
/// </summary>
/// <param name="Shape">Length of each axis; empty for a 0-d (scalar) array.</param>
/// <param name="Values">The elements in row-major order; as many as the product of <paramref name="Shape"/>.</param>
/// <param name="SourceType">The element type the values came from (or should be written as).</param>
public sealed record NpyArray(int[] Shape, double[] Values, NpyDType SourceType)
{
    /// <summary>Length of each axis; empty for a 0-d (scalar) array.</summary>
    public int[] Shape { get; init; } = CheckShape(Shape, Values);

    /// <summary>Number of axes: 0 for a scalar, 1 for a vector, 2 for a matrix.</summary>
    public int Rank => Shape.Length;

    /// <summary>
    /// The same values without the leading axes of length 1, keeping at least one axis:
    /// (1, 1854, 90) becomes (1854, 90), (1, 1, 5) becomes (5,), (1,) stays (1,).
    /// </summary>
    public NpyArray SqueezeLeading() => SqueezeLeading(minRank: 1);

    /// <summary>
    /// The same values without leading axes of length 1, stopping when <paramref name="minRank"/>
    /// axes remain: with <c>minRank: 2</c>, (1, 1, 3) becomes (1, 3) and (1, 4, 3) becomes (4, 3).
    /// Returns this array when nothing is dropped.
    /// </summary>
    public NpyArray SqueezeLeading(int minRank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minRank);
        int drop = 0;
        while (Rank - drop > minRank && Shape[drop] == 1)
            drop++;
        return drop == 0 ? this : this with { Shape = Shape[drop..] };
    }

    /// <summary>
    /// The values as a matrix, after dropping leading axes of length 1 down to two axes.
    /// Throws <see cref="InvalidDataException"/> naming <paramref name="what"/> (a file name, say)
    /// and the shape found when the array is not 2-D.
    /// </summary>
    public double[,] ToMatrix(string what)
    {
        var squeezed = SqueezeLeading(minRank: 2);
        if (squeezed.Rank != 2)
            throw new InvalidDataException(
                $"{what} holds an array of shape {NpyHeader.FormatShape(Shape)}; expected a 2-D matrix "
                + "(leading axes of length 1 are dropped). Save a 2-D array, e.g. numpy.save(path, a.reshape(rows, -1)).");
        var matrix = new double[squeezed.Shape[0], squeezed.Shape[1]];
        Buffer.BlockCopy(Values, 0, matrix, 0, Values.Length * sizeof(double));
        return matrix;
    }

    /// <summary>
    /// The values as a vector, after dropping leading axes of length 1 down to one axis.
    /// Throws <see cref="InvalidDataException"/> naming <paramref name="what"/> and the shape found
    /// when the array is not 1-D.
    /// </summary>
    public double[] ToVector(string what)
    {
        var squeezed = SqueezeLeading(minRank: 1);
        if (squeezed.Rank != 1)
            throw new InvalidDataException(
                $"{what} holds an array of shape {NpyHeader.FormatShape(Shape)}; expected a 1-D vector "
                + "(leading axes of length 1 are dropped). Save a 1-D array, e.g. numpy.save(path, a.ravel()).");
        return (double[])Values.Clone();
    }

    /// <summary>A float64 array of shape (rows, columns) holding a copy of <paramref name="matrix"/>.</summary>
    public static NpyArray FromMatrix(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var values = new double[matrix.Length];
        Buffer.BlockCopy(matrix, 0, values, 0, values.Length * sizeof(double));
        return new NpyArray([matrix.GetLength(0), matrix.GetLength(1)], values, NpyDType.Float64);
    }

    /// <summary>A float64 array of shape (length,) holding a copy of <paramref name="vector"/>.</summary>
    public static NpyArray FromVector(double[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return new NpyArray([vector.Length], (double[])vector.Clone(), NpyDType.Float64);
    }

    /// <summary>True when shape, source type and every value agree (NaN equals NaN here).</summary>
    public bool Equals(NpyArray? other)
        => other is not null
           && SourceType == other.SourceType
           && Shape.AsSpan().SequenceEqual(other.Shape)
           && Values.AsSpan().SequenceEqual(other.Values);

    /// <summary>A hash of the shape, type and length (consistent with <see cref="Equals(NpyArray?)"/>).</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(SourceType);
        foreach (int length in Shape)
            hash.Add(length);
        return hash.ToHashCode();
    }

    bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Shape = ").Append(NpyHeader.FormatShape(Shape)).Append(", SourceType = ").Append(SourceType);
        return true;
    }

    static int[] CheckShape(int[] shape, double[] values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        foreach (int length in shape)
            if (length < 0)
                throw new ArgumentException(
                    $"shape {NpyHeader.FormatShape(shape)} has a negative length; every axis must be 0 or more.", nameof(Shape));
        long count = NpyHeader.CountElements(shape);
        if (count != values.Length)
            throw new ArgumentException(
                $"shape {NpyHeader.FormatShape(shape)} needs {count} values but {values.Length} arrived.", nameof(Values));
        return shape;
    }
}
