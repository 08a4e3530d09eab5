using Engram.Numerics;

namespace Engram.Tests.Numerics;

public class GemmTests
{
    [Fact]
    public void Every_backend_computes_the_same_product_and_names_itself()
    {
        const int n = 9, k = 4, m = 6;
        double[] a = StandardNormal.Draw(new Random(1), n * k), b = StandardNormal.Draw(new Random(2), k * m);
        var auto = new double[n * m];
        var torch = new double[n * m];
        Gemm.Multiply<double>(a, b, auto, n, k, m);
        Gemm.Multiply<double>(a, b, torch, n, k, m, GemmBackend.Torch);
        var single = new float[n * m];
        Gemm.Multiply<float>(a.Select(v => (float)v).ToArray(), b.Select(v => (float)v).ToArray(), single, n, k, m, GemmBackend.Torch);
        for (int i = 0; i < n * m; i++)
        {
            Assert.Equal(auto[i], torch[i], 12);
            Assert.Equal(auto[i], single[i], 4);
        }
        Assert.Equal("TorchSharp (libtorch)", Gemm.Describe(GemmBackend.Torch));
        bool openBlas = Gemm.Describe().StartsWith("OpenBLAS", StringComparison.Ordinal);
        if (openBlas) Assert.Equal(Gemm.Describe(), Gemm.Describe(GemmBackend.OpenBlas));
        else Assert.Contains("libopenblas0-pthread", Assert.Throws<ArgumentException>(() => Gemm.Describe(GemmBackend.OpenBlas)).Message);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply<double>(a, b, new double[1], n, k, m));
    }
}
