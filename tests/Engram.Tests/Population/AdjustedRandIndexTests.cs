using CsCheck;
using Engram.Population;

namespace Engram.Tests.Population;

public class AdjustedRandIndexTests
{
    [Fact]
    public void Hand_computed_example_matches_the_Hubert_Arabie_formula()
    {
        // a = {0,0,0,1,1,1}, b = {0,0,1,1,2,2}: contingency [[2,1,0],[0,1,2]].
        // Σ C(n_ij,2) = 1 + 1 = 2; Σ C(a_i,2) = 3 + 3 = 6; Σ C(b_j,2) = 1+1+1 = 3; C(6,2) = 15.
        // E = 6·3/15 = 1.2; max = (6 + 3)/2 = 4.5; ARI = (2 − 1.2)/(4.5 − 1.2) = 0.8/3.3.
        Assert.Equal(0.8 / 3.3, AdjustedRandIndex.Compute([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]), 15);
    }

    [Fact]
    public void Second_hand_computed_example_can_be_negative()
    {
        // a = {0,0,1,1}, b = {0,1,0,1}: every pair split differently. Σ C(n_ij,2) = 0; Σ C(a,2) = 2; Σ C(b,2) = 2;
        // E = 2·2/6 = 2/3; max = 2; ARI = (0 − 2/3)/(2 − 2/3) = −0.5.
        Assert.Equal(-0.5, AdjustedRandIndex.Compute([0, 0, 1, 1], [0, 1, 0, 1]), 15);
    }

    [Fact]
    public void Matches_scikit_learn_adjusted_rand_score()
    {
        foreach (var c in PopulationFixture.Cases("ari"))
        {
            int[] a = PopulationFixture.Ints(c.GetProperty("a")), b = PopulationFixture.Ints(c.GetProperty("b"));
            Assert.Equal(c.GetProperty("ari").GetDouble(), AdjustedRandIndex.Compute(a, b), 12);
        }
    }

    [Fact]
    public void Is_symmetric_invariant_to_relabelling_and_one_for_the_same_partition()
    {
        Gen.Int[0, 5].Array[2, 60].Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue]).Sample((a, shift, seed) =>
        {
            var random = new Random(seed);
            int[] b = a.Select(_ => random.Next(4)).ToArray();
            double ab = AdjustedRandIndex.Compute(a, b);
            Assert.Equal(ab, AdjustedRandIndex.Compute(b, a), 12);
            int[] renamed = a.Select(v => 100 - 7 * v + shift).ToArray(); // an injective renaming
            Assert.Equal(1.0, AdjustedRandIndex.Compute(a, renamed), 12);
            Assert.Equal(ab, AdjustedRandIndex.Compute(renamed, b), 12);
            Assert.True(ab <= 1 + 1e-12, $"ARI {ab} > 1");
        }, iter: 300);
    }

    [Fact]
    public void Is_near_zero_on_average_for_independent_random_labels()
    {
        var random = new Random(7);
        double sum = 0;
        const int trials = 200;
        for (int t = 0; t < trials; t++)
        {
            int[] a = Enumerable.Range(0, 200).Select(_ => random.Next(4)).ToArray();
            int[] b = Enumerable.Range(0, 200).Select(_ => random.Next(5)).ToArray();
            sum += AdjustedRandIndex.Compute(a, b);
        }
        // Each value has a standard deviation of about 0.005 here; the mean of 200 is within ±0.002.
        Assert.InRange(sum / trials, -0.002, 0.002);
    }

    [Fact]
    public void Labelings_of_different_length_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => AdjustedRandIndex.Compute([0, 1, 1], [0, 1]));
        Assert.Contains("3 and 2", e.Message);
    }
}
