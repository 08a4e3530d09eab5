using Engram.Numerics;
using static TorchSharp.torch;

namespace Engram.Tests.Numerics;

/// <summary>The convolution-gradient check run before training convolutional models.</summary>
public class ConvolutionGradientCheckTests
{
    [Fact]
    public void The_check_passes_on_this_machine()
    {
        // The suite runs with the oneDNN setting users get by default; right gradients here are what lets training start.
        // (Its time is in the class comment, measured, not asserted: a loaded test run takes longer.)
        ConvolutionGradientCheck.EnsureCorrect();
    }

    [Fact]
    public void The_relative_error_flags_a_wrong_gradient_and_a_nan()
    {
        TorchRuntime.EnsureLoaded();
        using var reference = linspace(-1, 1, 100, dtype: ScalarType.Float64);
        using var exact = reference.to(ScalarType.Float32);
        Assert.True(ConvolutionGradientCheck.RelativeError(exact, reference) < 1e-7);
        using var off = exact.clone();
        off[3] = tensor(5f);
        Assert.True(ConvolutionGradientCheck.RelativeError(off, reference) > 0.5);
        using var nan = exact.clone();
        nan[7] = tensor(float.NaN);
        Assert.Equal(double.PositiveInfinity, ConvolutionGradientCheck.RelativeError(nan, reference));
    }

    [Fact]
    public void A_wrong_gradient_is_refused_with_the_convolution_named()
    {
        string? message = ConvolutionGradientCheck.Find(g => (g.X + 1e-2 * g.X.abs().max(), g.W));
        Assert.NotNull(message);
        Assert.Contains("convolution gradients are wrong on this machine (a 3×3 convolution, 16 → 16 channels, stride 1", message);
        Assert.Matches(@"relative error 0\.0\d+ in the input gradient, allowed relative error 0\.0001\)", message);
        Assert.Contains("ONEDNN_MAX_CPU_ISA", message);
        string? weights = ConvolutionGradientCheck.Find(g => (g.X, g.W.clone().index_put_(float.NaN, 0)));
        Assert.Contains("NaN or infinite values in the weight gradient", weights);
        Assert.Null(ConvolutionGradientCheck.Find(g => g));
    }
}
