using Engram.Alignment;
using Engram.Studies;
using Engram.Tests.Alignment;

namespace Engram.Tests.Studies;

public sealed class RepresentationAnalysisTests : IDisposable
{
    internal const int Items = 24;

    /// <summary>
    /// K = 4 noisy rotated and permuted copies of one anisotropic cloud (<see cref="MadeRepresentations"/>), saved as .npy
    /// files in <paramref name="folder"/> (an analysis names its representations by file, so any worker can read them).
    /// </summary>
    internal static (RepresentationFile[] Files, int[][] Permutations) Made(string folder, bool permute = true)
    {
        var (copies, _, permutations) = MadeRepresentations.Make(count: 4, Items, d: 3, noise: 1e-3, permute, seed: 7);
        var files = copies.Select((c, k) =>
        {
            string path = Path.Combine(folder, $"copy{k}.npy");
            Engram.Data.Npy.Write(path, Engram.Data.NpyArray.FromMatrix(c));
            return RepresentationFile.At(path, new InputSettings { Input = InputKind.Embedding }, $"copy {k}");
        }).ToArray();
        return (files, permutations);
    }

    internal static RepresentationAnalysisSettings Settings(IReadOnlyList<RepresentationFile> files, int? pivot = null) => new()
    {
        Name = "made", Representations = files, Alignment = new AlignmentSettings { Gw = new GwSettings { Epsilon = 0.05, MaxIterations = 300 } },
        Search = new EpsilonSearchPlan { EpsilonLow = 0.02, EpsilonHigh = 0.2, Trials = 3, Sampler = SamplerKind.Random, Seed = 1 }, BarycenterPivot = pivot,
    };

    readonly string folder = Directory.CreateTempSubdirectory("engram-analysis-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void All_pairs_of_four_made_representations_recover_the_planted_matchings_and_a_rerun_adds_no_trial()
    {
        var (files, permutations) = Made(folder);
        using IStudyStorage storage = StudyStorage.Open("memory");
        RepresentationAnalysisResult result = RepresentationAnalysis.Run(Settings(files), storage);
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

        RepresentationAnalysisResult again = RepresentationAnalysis.Run(Settings(files), storage);
        Assert.All(again.Pairs, p => Assert.Equal(3, p.Study.Trials.Count));
        Assert.Equal(result.Pairs.Select(p => p.Best.GwLoss), again.Pairs.Select(p => p.Best.GwLoss));
        RepresentationAnalysisResult report = RepresentationAnalysis.Run(Settings(files), storage, runTrials: false);
        Assert.Equal(result.Pairs.Select(p => p.Best.GwLoss), report.Pairs.Select(p => p.Best.GwLoss));
    }

    [Fact]
    public void A_pair_listed_twice_and_a_barycenter_without_its_pivot_pairs_are_refused()
    {
        var (files, _) = Made(folder);
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => (Settings(files) with { Pairs = [(0, 1), (1, 0)] }).Validate()).Message);
        Assert.Contains("not paired with it", Assert.Throws<ArgumentException>(() => (Settings(files, pivot: 0) with { Pairs = [(0, 1), (2, 3)] }).Validate()).Message);
        Assert.Contains("0 < low < high", Assert.Throws<ArgumentException>(() => (Settings(files) with { Search = new EpsilonSearchPlan { EpsilonLow = 1, EpsilonHigh = 0.5 } }).Validate()).Message);
    }
}
