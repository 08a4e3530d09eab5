using ReplayPolicy = Engram.Continual.ReplayPolicy;
using Engram.Continual.Diffusion;
using Engram.Data;

namespace Engram.Tests.Continual.Diffusion;

[Collection(nameof(TorchTraining))]
public class ReplayBufferTests
{
    // 30 task-1 positions: classes 0, 1, 2 in turn; class 2 has the highest energies, class 0 the lowest.
    static readonly int[] Classes = [.. Enumerable.Range(0, 30).Select(p => p % 3)];
    static readonly double[] Energy = [.. Enumerable.Range(0, 30).Select(p => 100.0 * (p % 3) + p)];
    static readonly int[] Pool = [.. Enumerable.Range(0, 30).Where(p => p % 5 != 0)];   // positions 0, 5, 10, … are held out

    [Theory]
    [InlineData(ReplayPolicy.TopK)]
    [InlineData(ReplayPolicy.BottomK)]
    [InlineData(ReplayPolicy.Random)]
    public void A_stratified_buffer_holds_the_budget_split_evenly_over_the_classes_and_only_pool_images(ReplayPolicy policy)
    {
        int[] buffer = ReplayBuffer.Select(policy, 10, Pool, Classes, () => Energy, stratified: true, seed: 3);
        Assert.Equal(10, buffer.Length);
        Assert.Equal(buffer.Distinct().Count(), buffer.Length);
        Assert.All(buffer, p => Assert.Contains(p, Pool));
        Assert.Equal([4, 3, 3], [.. Enumerable.Range(0, 3).Select(c => buffer.Count(p => Classes[p] == c))]);
        Assert.Equal([4, 3, 3], ReplayBuffer.Shares(10, 3));
    }

    [Fact]
    public void Within_each_class_top_k_takes_the_highest_and_bottom_k_the_lowest_energies_of_the_pool_and_unstratified_top_k_one_class()
    {
        int[] top = ReplayBuffer.Select(ReplayPolicy.TopK, 6, Pool, Classes, () => Energy, true, 0);
        // Pool positions by class: 0 → 3, 6, 9, 12, 18, 21, 24, 27; 1 → 1, 4, 7, 13, 16, 19, 22, 28; 2 → 2, 8, 11, 14, 17, 23, 26, 29.
        Assert.Equal([22, 24, 26, 27, 28, 29], top);
        int[] bottom = ReplayBuffer.Select(ReplayPolicy.BottomK, 6, Pool, Classes, () => Energy, true, 0);
        Assert.Equal([1, 2, 3, 4, 6, 8], bottom);
        int[] global = ReplayBuffer.Select(ReplayPolicy.TopK, 6, Pool, Classes, () => Energy, false, 0);
        Assert.All(global, p => Assert.Equal(2, Classes[p]));
        Assert.Empty(ReplayBuffer.Select(ReplayPolicy.None, 6, Pool, Classes, () => throw new InvalidOperationException(), true, 0));
    }

    [Fact]
    public void A_budget_that_a_class_cannot_fill_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ReplayBuffer.Select(ReplayPolicy.Random, 27, Pool, Classes, () => Energy, true, 0));
        Assert.Contains("class 0, whose replay pool holds 8", e.Message);
        Assert.Throws<ArgumentException>(() => ReplayBuffer.Select(ReplayPolicy.Random, 25, Pool, Classes, () => Energy, false, 0));
    }

    [Fact]
    public void The_held_out_images_of_a_run_never_meet_any_buffer_of_any_policy_and_seed()
    {
        var random = new Random(2);
        int count = 90;
        var data = new ImageSet([.. Enumerable.Range(0, count * 64).Select(_ => (float)random.NextDouble())], [.. Enumerable.Range(0, count).Select(i => i % 4)], 8, 8);
        var settings = DiffusionContinualSettings.Quick() with
        {
            Tasks = [[0, 1], [2, 3]], ImagesPerClass = 100, EvaluationSamples = 20, Budget = 12, Seeds = [0, 1, 2],
            Policies = [ReplayPolicy.None, ReplayPolicy.TopK, ReplayPolicy.Random, ReplayPolicy.BottomK],
        };
        using var run = new DiffusionRun(data, settings, null, Path.GetTempPath());
        double[] energy = [.. Enumerable.Range(0, run.Indices[0].Length).Select(p => (double)((p * 7) % 13))];
        foreach (int seed in settings.Seeds)
        {
            int[] heldOut = run.EvaluationPositions(seed);
            Assert.Equal(20, heldOut.Length);
            foreach (ReplayPolicy policy in settings.Policies)
            {
                int[] buffer = run.ReplayPositions(seed, policy, () => energy);
                Assert.Equal(policy == ReplayPolicy.None ? 0 : 12, buffer.Length);
                Assert.Empty(buffer.Intersect(heldOut));
                if (policy != ReplayPolicy.None) Assert.Equal([6, 6], [.. new[] { 0, 1 }.Select(c => buffer.Count(p => run.FirstTaskClasses[p] == c))]);
            }
        }
    }
}
