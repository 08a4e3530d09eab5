using Engram.Alignment.Evaluation;

namespace Engram.Tests.Alignment.Evaluation;

public class ProcrustesMatchingTests
{
    [Fact]
    public void The_identity_plan_recovers_a_rotation_and_matches_every_item()
    {
        var random = new Random(5);
        const int n = 40;
        var x = new double[n, 3];
        for (int i = 0; i < n; i++) for (int k = 0; k < 3; k++) x[i, k] = random.NextDouble() - 0.5;
        double c = Math.Cos(0.9), s = Math.Sin(0.9);
        double[,] rotation = { { c, -s, 0 }, { s, c, 0 }, { 0, 0, 1 } };
        var y = new double[n, 3];   // y_i = R x_i
        for (int i = 0; i < n; i++) for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) y[i, a] += rotation[a, b] * x[i, b];
        var plan = new double[n, n];
        for (int i = 0; i < n; i++) plan[i, i] = 1.0 / n;

        var (q, aligned) = ProcrustesMatching.Align(x, y, plan);
        for (int i = 0; i < n; i++) for (int k = 0; k < 3; k++) Assert.Equal(x[i, k], aligned[i, k], 10);
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) Assert.Equal(rotation[b, a], q[a, b], 10);   // Q = Rᵀ
        Assert.Equal([100.0, 100.0], ProcrustesMatching.TopK(x, y, plan, 1, 5));
    }

    [Fact]
    public void Embeddings_of_different_dimension_are_zero_padded()
    {
        var x = new double[,] { { 0, 0 }, { 1, 0 }, { 0, 2 } };
        var y = new double[,] { { 0 }, { 1 }, { 3 } };
        var plan = new double[,] { { 1.0 / 3, 0, 0 }, { 0, 1.0 / 3, 0 }, { 0, 0, 1.0 / 3 } };
        var (q, aligned) = ProcrustesMatching.Align(x, y, plan);
        Assert.Equal(2, q.GetLength(0));
        Assert.Equal(2, aligned.GetLength(1));
    }
}
