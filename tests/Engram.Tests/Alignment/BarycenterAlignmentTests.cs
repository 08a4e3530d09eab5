using Engram.Alignment;

namespace Engram.Tests.Alignment;

public class BarycenterAlignmentTests
{
    [Fact]
    public void Barycenter_alignment_from_GW_plans_returns_the_planted_rotations_within_1e_6()
    {
        const int n = 40, d = 3, pivot = 1;
        var (copies, rotations, _) = MadeRepresentations.Make(count: 3, n, d, noise: 0, permute: false, seed: 11);
        var plans = Enumerable.Range(0, 3).Select(k =>
        {
            if (k == pivot) return (double[,]?)null;
            var inputs = AlignmentInputs.Prepare($"copy {k}", copies[k], "pivot", copies[pivot]);
            return AlignmentPipeline.Run(inputs, new AlignmentSettings { Gw = new GwSettings { Epsilon = 0.05, MaxIterations = 300 }, Evaluate = false }).Plan;
        }).ToArray();
        BarycenterResult result = BarycenterAlignment.Run(copies, pivot, plans);
        Assert.True(result.Converged);
        for (int k = 0; k < 3; k++)
        {
            // X_k Q_kᵀ = X R_pivot (the pivot's frame) with X_k = X R_k, so Q_kᵀ = R_kᵀ R_pivot.
            double[,] expected = MadeRepresentations.TransposeTimes(rotations[k], rotations[pivot]);
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) Assert.Equal(expected[i, j], result.Rotations[k][j, i], 1e-6);
            Assert.Equal(100, result.RateToBarycenter[k]);
            for (int l = 0; l < 3; l++) Assert.Equal(100, result.RateBetween[k, l]);
        }
        Assert.True(result.Loss < 1e-20, $"loss {result.Loss}");
    }

    [Fact]
    public void With_noise_the_barycenter_still_matches_every_item_and_lies_among_the_aligned_copies()
    {
        const int n = 30, d = 3;
        var (copies, _, _) = MadeRepresentations.Make(count: 4, n, d, noise: 0.01, permute: false, seed: 5);
        var identity = new double[n, n];
        for (int i = 0; i < n; i++) identity[i, i] = 1.0 / n;
        BarycenterResult result = BarycenterAlignment.Run(copies, 0, [null, identity, identity, identity]);
        Assert.All(result.RateToBarycenter, r => Assert.Equal(100, r));
        for (int i = 0; i < n; i++)
            for (int c = 0; c < d; c++)
                Assert.Equal(Enumerable.Range(0, 4).Average(k => result.Aligned[k][i, c]), result.Barycenter[i, c], 1e-12);
    }

    [Fact]
    public void Different_item_counts_are_refused_with_the_representation_named()
    {
        var e = Assert.Throws<ArgumentException>(() => BarycenterAlignment.Run([new double[5, 2], new double[4, 2]], 0, [null, new double[4, 5]]));
        Assert.Contains("representation 1 has 4", e.Message);
    }
}
