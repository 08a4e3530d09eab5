using System.Runtime.InteropServices;
using TorchSharp;

namespace Engram.Numerics;

/// <summary>Which implementation runs the matrix products of <see cref="Gemm"/>.</summary>
public enum GemmBackend
{
    /// <summary>The system OpenBLAS when it can be loaded, else TorchSharp (libtorch).</summary>
    Auto,

    /// <summary>
    /// The system OpenBLAS (<c>libopenblas.so.0</c>, Debian's <c>libopenblas0-pthread</c>), which on these CPUs is about
    /// twice as fast as libtorch's GEMM; refused when the library cannot be loaded.
    /// </summary>
    OpenBlas,

    /// <summary>TorchSharp's libtorch, always available.</summary>
    Torch,
}

/// <summary>
/// Dense matrix products C = A·B on row-major spans, run by the <see cref="GemmBackend"/> the caller names (a setting of
/// the caller, e.g. <c>GwSettings.Gemm</c>; the command line takes its default from <c>ENGRAM_BLAS</c>). OpenBLAS is
/// loaded once, on first use, and honours the environment's own settings (<c>OPENBLAS_NUM_THREADS</c>,
/// <c>OPENBLAS_CORETYPE</c>).
/// </summary>
public static unsafe class Gemm
{
    const int RowMajor = 101, NoTrans = 111;

    /// <summary>The entry points of a loaded OpenBLAS.</summary>
    sealed class OpenBlasLibrary(string name, nint sgemm, nint dgemm)
    {
        public readonly string Name = $"OpenBLAS ({name})";
        public readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm =
            (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
        public readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> Dgemm =
            (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm;
    }

    const string TorchName = "TorchSharp (libtorch)";

    static readonly Lazy<OpenBlasLibrary?> openBlas = new(LoadOpenBlas);

    static OpenBlasLibrary? LoadOpenBlas()
    {
        foreach (string name in new[] { "libopenblas.so.0", "libopenblas.so" })
        {
            if (!NativeLibrary.TryLoad(name, out nint handle)) continue;
            if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint s) && NativeLibrary.TryGetExport(handle, "cblas_dgemm", out nint d))
                return new OpenBlasLibrary(name, s, d);
        }
        return null;
    }

    /// <summary>The OpenBLAS that runs <paramref name="backend"/>'s products, or null for libtorch.</summary>
    /// <exception cref="ArgumentException">OpenBLAS was asked for and cannot be loaded.</exception>
    static OpenBlasLibrary? Resolve(GemmBackend backend) => backend switch
    {
        GemmBackend.Auto => openBlas.Value,
        GemmBackend.Torch => null,
        GemmBackend.OpenBlas => openBlas.Value ?? throw new ArgumentException(
            "the OpenBLAS GEMM was asked for but libopenblas.so.0 cannot be loaded; install libopenblas0-pthread or choose the torch backend.", nameof(backend)),
        _ => throw new ArgumentException($"unknown GEMM backend {backend}.", nameof(backend)),
    };

    /// <summary>Which implementation runs <paramref name="backend"/>'s products, e.g. "OpenBLAS (libopenblas.so.0)".</summary>
    public static string Describe(GemmBackend backend = GemmBackend.Auto) => Resolve(backend)?.Name ?? TorchName;

    /// <summary>C (rows × cols) = A (rows × inner) · B (inner × cols), all row-major, float32.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int rows, int inner, int cols, GemmBackend backend = GemmBackend.Auto)
    {
        CheckShapes(a.Length, b.Length, c.Length, rows, inner, cols);
        if (Resolve(backend) is { } blas)
        {
            fixed (float* pa = a, pb = b, pc = c)
                blas.Sgemm(RowMajor, NoTrans, NoTrans, rows, cols, inner, 1f, pa, inner, pb, cols, 0f, pc, cols);
            return;
        }
        using var scope = torch.NewDisposeScope();
        var ta = torch.tensor(a.ToArray(), [rows, inner]);
        var tb = torch.tensor(b.ToArray(), [inner, cols]);
        ta.matmul(tb).data<float>().CopyTo(c);
    }

    /// <summary>C (rows × cols) = A (rows × inner) · B (inner × cols), all row-major, float64.</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int rows, int inner, int cols, GemmBackend backend = GemmBackend.Auto)
    {
        CheckShapes(a.Length, b.Length, c.Length, rows, inner, cols);
        if (Resolve(backend) is { } blas)
        {
            fixed (double* pa = a, pb = b, pc = c)
                blas.Dgemm(RowMajor, NoTrans, NoTrans, rows, cols, inner, 1.0, pa, inner, pb, cols, 0.0, pc, cols);
            return;
        }
        using var scope = torch.NewDisposeScope();
        var ta = torch.tensor(a.ToArray(), [rows, inner]);
        var tb = torch.tensor(b.ToArray(), [inner, cols]);
        ta.matmul(tb).data<double>().CopyTo(c);
    }

    /// <summary>Generic entry point for float or double spans.</summary>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int rows, int inner, int cols, GemmBackend backend = GemmBackend.Auto) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            Multiply(MemoryMarshal.Cast<T, float>(a), MemoryMarshal.Cast<T, float>(b), MemoryMarshal.Cast<T, float>(c), rows, inner, cols, backend);
        else if (typeof(T) == typeof(double))
            Multiply(MemoryMarshal.Cast<T, double>(a), MemoryMarshal.Cast<T, double>(b), MemoryMarshal.Cast<T, double>(c), rows, inner, cols, backend);
        else
            throw new NotSupportedException($"matrix products are defined for float and double, not {typeof(T).Name}.");
    }

    /// <summary>A·B of two row-major n × n float64 matrices, as a new array.</summary>
    public static double[] Product(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int n, GemmBackend backend = GemmBackend.Auto)
    {
        var c = new double[n * n];
        Multiply(a, b, c, n, n, n, backend);
        return c;
    }

    static void CheckShapes(int a, int b, int c, int rows, int inner, int cols)
    {
        if (rows < 0 || inner < 0 || cols < 0 || a != rows * inner || b != inner * cols || c != rows * cols)
            throw new ArgumentException($"matrix product shapes do not fit: A has {a} values for {rows}×{inner}, B {b} for {inner}×{cols}, C {c} for {rows}×{cols}.");
    }
}
