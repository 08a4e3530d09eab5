using System.Runtime.InteropServices;
using TorchSharp;

namespace Engram.Numerics;

/// <summary>
/// Dense matrix products C = A·B on row-major spans. Uses the system OpenBLAS (<c>libopenblas.so.0</c>,
/// Debian's <c>libopenblas0-pthread</c>) when it can be loaded, because on these CPUs its GEMM is about
/// twice as fast as libtorch's; otherwise TorchSharp. OpenBLAS honours the environment's own settings
/// (<c>OPENBLAS_NUM_THREADS</c>, <c>OPENBLAS_CORETYPE</c>). <c>ENGRAM_BLAS=torch</c> forces the fallback.
/// </summary>
public static unsafe class Gemm
{
    const int RowMajor = 101, NoTrans = 111;

    static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm;
    static readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> dgemm;

    static Gemm()
    {
        Backend = "TorchSharp (libtorch)";
        if (Environment.GetEnvironmentVariable("ENGRAM_BLAS") is "torch") return;
        foreach (string name in new[] { "libopenblas.so.0", "libopenblas.so" })
        {
            if (!NativeLibrary.TryLoad(name, out nint handle)) continue;
            if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint s) && NativeLibrary.TryGetExport(handle, "cblas_dgemm", out nint d))
            {
                sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)s;
                dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)d;
                Backend = $"OpenBLAS ({name})";
                return;
            }
        }
    }

    /// <summary>Which implementation runs the products, e.g. "OpenBLAS (libopenblas.so.0)".</summary>
    public static string Backend { get; }

    /// <summary>C (rows × cols) = A (rows × inner) · B (inner × cols), all row-major, float32.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int rows, int inner, int cols)
    {
        CheckShapes(a.Length, b.Length, c.Length, rows, inner, cols);
        if (sgemm != null)
        {
            fixed (float* pa = a, pb = b, pc = c)
                sgemm(RowMajor, NoTrans, NoTrans, rows, cols, inner, 1f, pa, inner, pb, cols, 0f, pc, cols);
            return;
        }
        using var scope = torch.NewDisposeScope();
        var ta = torch.tensor(a.ToArray(), [rows, inner]);
        var tb = torch.tensor(b.ToArray(), [inner, cols]);
        ta.matmul(tb).data<float>().CopyTo(c);
    }

    /// <summary>C (rows × cols) = A (rows × inner) · B (inner × cols), all row-major, float64.</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int rows, int inner, int cols)
    {
        CheckShapes(a.Length, b.Length, c.Length, rows, inner, cols);
        if (dgemm != null)
        {
            fixed (double* pa = a, pb = b, pc = c)
                dgemm(RowMajor, NoTrans, NoTrans, rows, cols, inner, 1.0, pa, inner, pb, cols, 0.0, pc, cols);
            return;
        }
        using var scope = torch.NewDisposeScope();
        var ta = torch.tensor(a.ToArray(), [rows, inner]);
        var tb = torch.tensor(b.ToArray(), [inner, cols]);
        ta.matmul(tb).data<double>().CopyTo(c);
    }

    /// <summary>Generic entry point for float or double spans.</summary>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int rows, int inner, int cols) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            Multiply(MemoryMarshal.Cast<T, float>(a), MemoryMarshal.Cast<T, float>(b), MemoryMarshal.Cast<T, float>(c), rows, inner, cols);
        else if (typeof(T) == typeof(double))
            Multiply(MemoryMarshal.Cast<T, double>(a), MemoryMarshal.Cast<T, double>(b), MemoryMarshal.Cast<T, double>(c), rows, inner, cols);
        else
            throw new NotSupportedException($"matrix products are defined for float and double, not {typeof(T).Name}.");
    }

    static void CheckShapes(int a, int b, int c, int rows, int inner, int cols)
    {
        if (rows < 0 || inner < 0 || cols < 0 || a != rows * inner || b != inner * cols || c != rows * cols)
            throw new ArgumentException($"matrix product shapes do not fit: A has {a} values for {rows}×{inner}, B {b} for {inner}×{cols}, C {c} for {rows}×{cols}.");
    }
}
