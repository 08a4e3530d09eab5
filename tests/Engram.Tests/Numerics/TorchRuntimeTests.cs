using Engram.Numerics;
using TorchSharp;

namespace Engram.Tests.Numerics;

public class TorchRuntimeTests
{
    [Fact]
    public void Tensors_can_be_created_and_multiplied_after_the_native_fix()
    {
        TorchRuntime.EnsureLoaded();
        using var a = torch.ones(2, 3);
        using var b = torch.ones(3, 4);
        using var c = a.matmul(b);
        Assert.Equal(new long[] { 2, 4 }, c.shape);
        Assert.Equal(24.0, c.sum().item<float>());
    }

    [Fact]
    public void Loading_libtorch_sets_its_log_threshold_to_errors_unless_the_user_chose_one()
    {
        TorchRuntime.EnsureLoaded();
        int expected = TorchLogLevel.Parse(Environment.GetEnvironmentVariable(TorchLogLevel.Variable)) ?? 2;
        Assert.Equal(expected, TorchLogLevel.Current());   // libtorch's own default is 1 (warnings)
        Assert.Equal(1, TorchLogLevel.Parse(" warning "));
        Assert.Equal(0, TorchLogLevel.Parse("0"));
        Assert.Null(TorchLogLevel.Parse("loud"));
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

    [Fact]
    public void Run_sets_the_thread_count_on_its_own_thread_and_leaves_the_callers_alone()
    {
        TorchRuntime.EnsureLoaded();
        int callers = torch.get_num_threads();
        int other = callers == 1 ? 2 : 1;
        int caller = Environment.CurrentManagedThreadId;
        (int inside, bool sameThread) = TorchRuntime.Run(other, () => (torch.get_num_threads(), Environment.CurrentManagedThreadId == caller));
        Assert.Equal(other, inside);
        Assert.False(sameThread);
        Assert.Equal(callers, torch.get_num_threads());
    }

    [Fact]
    public void Run_rethrows_the_works_exception_and_refuses_zero_threads()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TorchRuntime.Run<int>(1, () => throw new InvalidOperationException("inside")));
        Assert.Equal("inside", e.Message);
        Assert.Throws<ArgumentException>(() => TorchRuntime.Run(0, () => 1));
    }
}
