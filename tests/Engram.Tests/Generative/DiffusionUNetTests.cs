using TorchSharp;
using Engram.Continual.Diffusion;
using static TorchSharp.torch;
using Engram.Generative;

namespace Engram.Tests.Generative;

[Collection(nameof(TorchTraining))]
public class DiffusionUNetTests
{
    [Theory]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(3, true)]
    public void The_prediction_has_the_shape_of_the_input_for_two_or_three_resolutions_with_or_without_attention(int levels, bool attention)
    {
        using var net = new DiffusionUNet(TinyDdpm.Architecture(multipliers: levels == 2 ? [1, 2] : [1, 2, 2], attention: attention), 3);
        using var x = TinyDdpm.Data(5);
        using var t = tensor(new long[] { 1, 10, 50, 99, 100 });
        using var y = net.call(x, t);
        Assert.Equal(new long[] { 5, 1, 8, 8 }, y.shape);
        Assert.True(y.isfinite().all().item<bool>());
    }

    [Fact]
    public void The_fashion_mnist_u_net_maps_28_by_28_images_to_28_by_28_and_the_seed_fixes_the_weights()
    {
        using var a = new DiffusionUNet(new UNetArchitecture { BaseChannels = 8 }, 1);
        using var b = new DiffusionUNet(new UNetArchitecture { BaseChannels = 8 }, 1);
        using var c = new DiffusionUNet(new UNetArchitecture { BaseChannels = 8 }, 2);
        using var x = zeros(2, 1, 28, 28);
        using var t = tensor(new long[] { 3, 700 });
        using var y = a.call(x, t);
        Assert.Equal(new long[] { 2, 1, 28, 28 }, y.shape);
        float[] Flat(DiffusionUNet n) => n.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        Assert.Equal(Flat(a), Flat(b));
        Assert.NotEqual(Flat(a), Flat(c));
    }

    [Fact]
    public void The_time_embedding_is_sin_and_cos_of_t_times_geometric_frequencies()
    {
        using var t = tensor(new long[] { 0, 7 });
        using var e = DiffusionUNet.SinusoidalEmbedding(t, 8, CPU);
        Assert.Equal(new long[] { 2, 8 }, e.shape);
        float[] v = e.data<float>().ToArray();
        for (int k = 0; k < 4; k++)
        {
            double omega = Math.Pow(10000, -k / 3.0);
            Assert.Equal(Math.Sin(7 * omega), v[8 + k], 5);
            Assert.Equal(Math.Cos(7 * omega), v[8 + 4 + k], 5);
            Assert.Equal(0, v[k], 6);
            Assert.Equal(1, v[4 + k], 6);
        }
    }

    [Fact]
    public void Channel_counts_that_the_groups_do_not_divide_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new DiffusionUNet(new UNetArchitecture { BaseChannels = 6, Groups = 4 }, 0));
        Assert.Contains("groups do not divide", e.Message);
        Assert.Throws<ArgumentException>(() => new DiffusionUNet(new UNetArchitecture { ChannelMultipliers = [1] }, 0));
    }

    [Fact]
    public void Float32_gradients_of_every_weight_match_a_float64_copy_of_the_network()
    {
        // Guards against wrong convolution gradients from libtorch's kernels: on one AVX-512 machine oneDNN's
        // backward-data kernels returned O(1) errors and NaN (Numerics/OneDnnIsaLimit). The float64 copy takes
        // libtorch's own convolutions, which oneDNN does not serve.
        using var single = new DiffusionUNet(TinyDdpm.Architecture(), 3);
        using var twin = new DiffusionUNet(TinyDdpm.Architecture(), 3);
        twin.to(ScalarType.Float64);
        using var x = TinyDdpm.Data(8);
        using var target = TinyDdpm.Data(8, seed: 11);
        using var t = tensor(new long[] { 1, 5, 20, 35, 50, 65, 80, 100 });
        nn.functional.mse_loss(twin.call(x.to(ScalarType.Float64), t), target.to(ScalarType.Float64)).backward();
        for (int repeat = 0; repeat < 5; repeat++)   // the wrong kernels were wrong differently from call to call
        {
            single.zero_grad();
            nn.functional.mse_loss(single.call(x, t), target).backward();
            foreach (var ((name, p), q) in single.named_parameters().Zip(twin.parameters()))
            {
                using Tensor difference = p.grad!.to(ScalarType.Float64) - q.grad!;
                double error = difference.norm().item<double>(), size = q.grad!.norm().item<double>();
                Assert.True(error <= 1e-4 * size + 1e-7, $"call {repeat}, {name}: float32 gradient off by {error:G3} (norm {size:G3})");
            }
        }
    }
}
