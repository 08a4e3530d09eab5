using System.Runtime.CompilerServices;

namespace Engram.Phi;

/// <summary>Gathers the sub-block M[S, S] of a row-major square matrix into a dense buffer.</summary>
static class SubMatrix
{
    /// <summary>M[S, S] as a new |S| × |S| row-major array.</summary>
    public static double[] Gather(ReadOnlySpan<double> matrix, int n, ReadOnlySpan<int> set)
    {
        var result = new double[set.Length * set.Length];
        Gather(matrix, n, set, result);
        return result;
    }

    /// <summary>Writes M[S, S] into the first |S|² values of <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(ReadOnlySpan<double> matrix, int n, ReadOnlySpan<int> set, Span<double> destination)
    {
        int m = set.Length;
        for (int i = 0; i < m; i++)
        {
            int row = set[i] * n;
            for (int j = 0; j < m; j++) destination[i * m + j] = matrix[row + set[j]];
        }
    }

    /// <summary>M[R, C] as a new |R| × |C| row-major array.</summary>
    public static double[] Gather(ReadOnlySpan<double> matrix, int n, IReadOnlyList<int> rows, IReadOnlyList<int> columns)
    {
        var result = new double[rows.Count * columns.Count];
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < columns.Count; j++) result[i * columns.Count + j] = matrix[rows[i] * n + columns[j]];
        return result;
    }

    /// <summary>The channels whose bits are set in <paramref name="mask"/>, ascending.</summary>
    public static int[] Members(ulong mask)
    {
        var members = new int[System.Numerics.BitOperations.PopCount(mask)];
        for (int k = 0; mask != 0; k++, mask &= mask - 1) members[k] = System.Numerics.BitOperations.TrailingZeroCount(mask);
        return members;
    }
}
