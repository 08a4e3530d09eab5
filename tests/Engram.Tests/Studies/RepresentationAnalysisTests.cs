using Engram.Alignment;
using Engram.Studies;
using Engram.Tests.Alignment;

namespace Engram.Tests.Studies;

public class RepresentationAnalysisTests
{
    internal const int Items = 24;

    /// <summary>K = 4 noisy rotated and permuted copies of one anisotropic cloud (<see cref="MadeRepresentations"/>).</summary>
    internal static (Representation[] Representations, int[][] Permutations) Made(bool permute = true)
    {
        var (copies, _, permutations) = MadeRepresentations.Make(count: 4, Items, d: 3, noise: 1e-3, permute, seed: 7);
        return (copies.Select((c, k) => Representation.FromEmbedding($"copy {k}", c, DissimilarityMetric.Euclidean)).ToArray(), permutations);
    }

    internal static RepresentationAnalysisSettings Settings(int? pivot = null) => new()
    {
        Name = "made", Alignment = new AlignmentSettings { Gw = new GwSettings { Epsilon = 0.05, MaxIterations = 300 } },
        EpsilonLow = 0.02, EpsilonHigh = 0.2, Trials = 3, Sampler = SamplerKind.Random, Seed = 1, BarycenterPivot = pivot,
    };

    [Fact]
    public void All_pairs_of_four_made_representations_recover_the_planted_matchings_and_a_rerun_adds_no_trial()
    {
        var (representations, permutations) = Made();
        using IStudyStorage storage = StudyStorage.Open("memory");
        RepresentationAnalysisResult result = RepresentationAnalysis.Run(representations, null, Settings(), storage);
        Assert.Equal(6, result.Pairs.Count);
        foreach (PairAnalysis pair in result.Pairs)
        {
            // Row i of copy a is item P_a[i] of the cloud; its partner in copy b is the row j with P_b[j] = P_a[i].
            int[] inverseB = new int[Items];
            for (int j = 0; j < Items; j++) inverseB[permutations[pair.Second][j]] = j;
            double[,] plan = pair.Best.Plan;
            for (int i = 0; i < Items; i++)
            {
                int argmax = Enumerable.Range(0, Items).MaxBy(j => plan[i, j]);
                Assert.Equal(inverseB[permutations[pair.First][i]], argmax);
            }
            Assert.Equal(3, pair.Study.Trials.Count);
        }
        double?[,] gwLoss = result.Matrix(p => p.Best.GwLoss);
        Assert.Equal(gwLoss[0, 3], gwLoss[3, 0]);
        Assert.Null(gwLoss[2, 2]);

        RepresentationAnalysisResult again = RepresentationAnalysis.Run(representations, null, Settings(), storage);
        Assert.All(again.Pairs, p => Assert.Equal(3, p.Study.Trials.Count));
        Assert.Equal(result.Pairs.Select(p => p.Best.GwLoss), again.Pairs.Select(p => p.Best.GwLoss));
        RepresentationAnalysisResult report = RepresentationAnalysis.Run(representations, null, Settings(), storage, runTrials: false);
        Assert.Equal(result.Pairs.Select(p => p.Best.GwLoss), report.Pairs.Select(p => p.Best.GwLoss));
    }

    [Fact]
    public void A_pair_listed_twice_and_a_barycenter_without_its_pivot_pairs_are_refused()
    {
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => (Settings() with { Pairs = [(0, 1), (1, 0)] }).Validate(4)).Message);
        Assert.Contains("not paired with it", Assert.Throws<ArgumentException>(() => (Settings(pivot: 0) with { Pairs = [(0, 1), (2, 3)] }).Validate(4)).Message);
        Assert.Contains("0 < low < high", Assert.Throws<ArgumentException>(() => (Settings() with { EpsilonLow = 1, EpsilonHigh = 0.5 }).Validate(4)).Message);
    }
}
