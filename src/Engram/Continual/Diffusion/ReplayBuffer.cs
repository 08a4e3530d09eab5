using Engram.Numerics;

namespace Engram.Continual.Diffusion;

/// <summary>
/// Which task-1 images a replay policy puts in its buffer. They come from the replay pool only — task 1 without the
/// held-out images that are evaluated — so the forgetting of the evaluated images measures transfer, never the direct
/// training on a replayed image. Stratified (the default), the budget K is split evenly over the task-1 classes
/// (⌊K/C⌋ each, the first K mod C classes one more) and each class fills its share by the policy; otherwise the policy
/// ranks the whole pool, and top-K by energy ends up mostly in the class of highest energy.
/// </summary>
public static class ReplayBuffer
{
    /// <summary>
    /// Positions in task 1 of the buffer of <paramref name="policy"/>, ascending: the highest (top-K) or lowest
    /// (bottom-K) energies (ties by position), or a uniform draw from (seed, 10 002) (random-K); empty for no replay.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <param name="budget">K.</param>
    /// <param name="pool">Task-1 positions that may be replayed.</param>
    /// <param name="classes">Class of every task-1 position.</param>
    /// <param name="energy">Energy of every task-1 position (read only for top-K and bottom-K).</param>
    /// <param name="stratified">Split K evenly over the classes.</param>
    /// <param name="seed">Experiment seed.</param>
    /// <exception cref="ArgumentException">K larger than the pool, or than a class's part of the pool when stratified.</exception>
    public static int[] Select(ReplayPolicy policy, int budget, IReadOnlyList<int> pool, IReadOnlyList<int> classes, Func<double[]> energy, bool stratified, int seed)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(energy);
        if (policy == ReplayPolicy.None) return [];
        int[][] groups = stratified ? [.. pool.GroupBy(p => classes[p]).OrderBy(g => g.Key).Select(g => g.ToArray())] : [[.. pool]];
        int[] shares = Shares(budget, groups.Length);
        for (int g = 0; g < groups.Length; g++)
            if (shares[g] > groups[g].Length)
                throw new ArgumentException(stratified
                    ? $"the replay budget ({budget}) puts {shares[g]} images in class {classes[groups[g][0]]}, whose replay pool holds {groups[g].Length}; choose a smaller budget, fewer --eval-images, or --unstratified."
                    : $"the replay budget ({budget}) is larger than the replay pool ({groups[g].Length} task-1 images that are not evaluated); choose a budget ≤ {groups[g].Length} or fewer --eval-images.", nameof(budget));
        double[]? e = policy == ReplayPolicy.Random ? null : energy();
        var random = Seeding.Create(Seeding.Derive(seed, 10_002));
        return [.. groups.SelectMany((members, g) =>
        {
            if (policy == ReplayPolicy.Random)
            {
                int[] order = [.. members];
                random.Shuffle(order);
                return order.Take(shares[g]);
            }
            return members.OrderBy(p => policy == ReplayPolicy.TopK ? -e![p] : e![p]).ThenBy(p => p).Take(shares[g]);
        }).Order()];
    }

    /// <summary>K split over <paramref name="groups"/>: ⌊K/C⌋ each, one more for the first K mod C.</summary>
    public static int[] Shares(int budget, int groups) => [.. Enumerable.Range(0, groups).Select(g => budget / groups + (g < budget % groups ? 1 : 0))];
}
