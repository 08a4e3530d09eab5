using Engram.Alignment;

namespace Engram.Tests.Alignment;

public class ConditionalGradientGwTests
{
    [Fact]
    public void Refinement_never_raises_the_loss_and_keeps_the_marginals()
    {
        var f = PotFixture.Load("color_eps0.1");
        var problem = new GwProblem(f.D1, f.D2);
        GwResult entropic = EntropicGromovWasserstein.Solve(problem, new GwSettings { Epsilon = 0.1, MaxIterations = 20, SinkhornMaxIterations = 200 });
        RefinementResult refined = ConditionalGradientGw.Refine(problem, entropic.Plan);
        Assert.True(refined.GwLoss <= entropic.GwLoss + 1e-9, $"refined {refined.GwLoss} > entropic {entropic.GwLoss}");
        Assert.Equal(entropic.GwLoss, refined.StartLoss, 1e-5 * entropic.GwLoss);   // float32 solve, float64 refinement
        for (int i = 0; i < 93; i++)
        {
            double row = 0, column = 0;
            for (int j = 0; j < 93; j++) { row += refined.Plan[i, j]; column += refined.Plan[j, i]; Assert.True(refined.Plan[i, j] >= 0); }
            Assert.Equal(1.0 / 93, row, 12);
            Assert.Equal(1.0 / 93, column, 12);
        }
    }

    [Fact]
    public void A_permuted_copy_is_refined_to_the_exact_permutation_with_zero_loss()
    {
        var f = PotFixture.Load("rotated_permuted_20");
        var problem = new GwProblem(f.D1, f.D2);
        GwResult entropic = EntropicGromovWasserstein.Solve(problem, new GwSettings { Epsilon = 0.05, MaxIterations = 100, Precision = Precision.Double });
        RefinementResult refined = ConditionalGradientGw.Refine(problem, entropic.Plan);
        Assert.True(refined.GwLoss < 1e-10, $"loss {refined.GwLoss}");
        foreach (double x in refined.Plan) Assert.True(Math.Abs(x) < 1e-9 || Math.Abs(x - 1.0 / 20) < 1e-9, $"entry {x} is neither 0 nor 1/n");
    }

    [Fact]
    public void Unequal_sizes_are_rejected_with_the_reason()
    {
        var f = PotFixture.Load("random_30x24");
        var e = Assert.Throws<ArgumentException>(() => ConditionalGradientGw.Refine(new GwProblem(f.D1, f.D2), new double[30, 24]));
        Assert.Contains("uniform marginals", e.Message);
    }
}
