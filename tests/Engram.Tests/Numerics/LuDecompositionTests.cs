using Engram.Numerics;

namespace Engram.Tests.Numerics;

public class LuDecompositionTests
{
    [Fact]
    public void The_solution_satisfies_the_system_even_when_the_first_pivot_is_zero()
    {
        const int n = 5, m = 3;
        double[] a = StandardNormal.Draw(new Random(1), n * n);
        a[0] = 0;                                                                    // needs a row exchange
        double[] x = StandardNormal.Draw(new Random(2), n * m);
        var b = new double[n * m];
        DenseMatrix.Multiply(a, x, b, n, n, m);
        double[] original = a.ToArray();
        LuDecomposition.Solve(a, b, n, m);
        Assert.Equal(original, a);                                                   // A is left as it was
        for (int i = 0; i < n * m; i++) Assert.Equal(x[i], b[i], 10);
    }

    [Fact]
    public void A_singular_matrix_is_refused()
    {
        double[] b = [1, 2];
        Assert.Throws<InvalidOperationException>(() => LuDecomposition.Solve([1, 2, 2, 4], b, 2, 1));
    }
}
