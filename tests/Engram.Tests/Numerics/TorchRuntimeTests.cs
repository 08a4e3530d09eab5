using Engram.Numerics;
using TorchSharp;

namespace Engram.Tests.Numerics;

public class TorchRuntimeTests
{
    [Fact]
    public void Tensors_can_be_created_and_multiplied_after_the_native_fix()
    {
        var device = TorchRuntime.Device;
        using var a = torch.ones(2, 3, device: device);
        using var b = torch.ones(3, 4, device: device);
        using var c = a.matmul(b);
        Assert.Equal(new long[] { 2, 4 }, c.shape);
        Assert.Equal(24.0, c.sum().item<float>());
    }

    [Fact]
    public void Autograd_gives_the_analytic_gradient_of_a_quadratic()
    {
        using var x = torch.tensor(new double[] { 1.0, -2.0, 3.0 }, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        var grad = x.grad!.data<double>().ToArray();
        Assert.Equal(new[] { 2.0, -4.0, 6.0 }, grad);
    }
}
