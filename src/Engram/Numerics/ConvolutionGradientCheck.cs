using System.Globalization;
using static TorchSharp.torch;

namespace Engram.Numerics;

/// <summary>
/// A check, once per process before the first training of a convolutional model on the CPU, that libtorch's float32
/// convolution gradients are right on this machine: the input and weight gradients of 3 × 3 and 4 × 4 convolutions of
/// the shapes Engram's U-Nets and autoencoder use (strides 1 and 2, three calls each) against the same convolutions in
/// float64, which libtorch computes with its own kernels rather than oneDNN's. On one virtual machine oneDNN's
/// backward-data kernels returned O(1) errors and NaN that differed from call to call (<see cref="OneDnnIsaLimit"/>);
/// training there would diverge or, worse, quietly learn from wrong gradients. It takes under a second (0.6 s measured,
/// libtorch's first load included, on 2 busy cores).
/// </summary>
public static class ConvolutionGradientCheck
{
    /// <summary>The largest relative error (Frobenius norm) a float32 gradient may have against float64.</summary>
    public const double Tolerance = 1e-4;

    static readonly Lazy<string?> failure = new(() => Find(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs the check once per process (later calls return at once).</summary>
    /// <exception cref="NotSupportedException">The gradients are wrong here: the message names the convolution and the fix.</exception>
    public static void EnsureCorrect()
    {
        if (failure.Value is { } message) throw new NotSupportedException(message);
    }

    /// <summary>
    /// The relative error ‖g₃₂ − g₆₄‖ / ‖g₆₄‖ of a float32 gradient against its float64 counterpart (absolute below
    /// norm floored at 1e-3, for gradients near zero); infinity when the float32 gradient has a NaN or an infinity.
    /// </summary>
    public static double RelativeError(Tensor single, Tensor reference)
    {
        ArgumentNullException.ThrowIfNull(single);
        ArgumentNullException.ThrowIfNull(reference);
        using var scope = NewDisposeScope();
        Tensor s = single.to(ScalarType.Float64);
        if (!s.isfinite().all().item<bool>()) return double.PositiveInfinity;
        double error = (s - reference).norm().item<double>(), size = reference.norm().item<double>();
        return error / Math.Max(size, 1e-3);
    }

    static string Describe(double error) =>
        double.IsPositiveInfinity(error) ? "NaN or infinite values" : $"relative error {error.ToString("G3", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The first convolution whose float32 gradients are off, as the refusal's message, or null when all are right.
    /// <paramref name="distort"/> (tests only) alters the float32 gradients before they are compared.
    /// </summary>
    internal static string? Find(Func<(Tensor X, Tensor W), (Tensor X, Tensor W)>? distort = null)
    {
        TorchRuntime.EnsureLoaded();
        // (in channels, out channels, kernel, stride, side): the U-Nets' 3 × 3 convolutions at 28, 14 and 7 pixels and
        // their stride-2 downsampling, and the autoencoder's 4 × 4 stride-2 encoder.
        (int In, int Out, int Kernel, int Stride, int Side)[] shapes =
            [(16, 16, 3, 1, 28), (16, 32, 3, 2, 28), (32, 32, 3, 1, 14), (48, 48, 3, 1, 7), (24, 48, 3, 2, 14), (1, 32, 4, 2, 28), (32, 64, 4, 2, 14)];
        return TorchRuntime.Run(Math.Max(1, Math.Min(Environment.ProcessorCount, 4)), () =>
        {
            var generator = new TorchSharp.torch.Generator(20_260);
            foreach (var (cin, cout, k, stride, side) in shapes)
            {
                using var scope = NewDisposeScope();
                const int padding = 1;
                Tensor x64 = randn([8, cin, side, side], dtype: ScalarType.Float64, generator: generator);
                Tensor w64 = randn([cout, cin, k, k], dtype: ScalarType.Float64, generator: generator) / Math.Sqrt(cin * k * k);
                (Tensor X, Tensor W) Gradients(Tensor x, Tensor w, Tensor upstream)
                {
                    x = x.detach().requires_grad_(true);
                    w = w.detach().requires_grad_(true);
                    (nn.functional.conv2d(x, w, null, [stride, stride], [padding, padding]) * upstream).sum().backward();
                    return (x.grad!, w.grad!);
                }
                Tensor g64 = randn(nn.functional.conv2d(x64, w64, null, [stride, stride], [padding, padding]).shape, dtype: ScalarType.Float64, generator: generator);
                var (dx64, dw64) = Gradients(x64, w64, g64);
                for (int call = 0; call < 3; call++)
                {
                    var (dx, dw) = Gradients(x64.to(ScalarType.Float32), w64.to(ScalarType.Float32), g64.to(ScalarType.Float32));
                    if (distort is not null) (dx, dw) = distort((dx, dw));
                    double ex = RelativeError(dx, dx64), ew = RelativeError(dw, dw64);
                    if (ex > Tolerance || ew > Tolerance)
                        return $"libtorch's float32 convolution gradients are wrong on this machine (a {k}×{k} convolution, {cin} → {cout} channels, stride {stride}, {side}×{side} pixels: " +
                            $"{Describe(ex > Tolerance ? ex : ew)} in the {(ex > Tolerance ? "input" : "weight")} gradient, allowed relative error {Tolerance.ToString("G1", CultureInfo.InvariantCulture)}), so training would learn from wrong gradients. " +
                            $"{OneDnnIsaLimit.Advice}";
                }
            }
            return null;
        });
    }
}
