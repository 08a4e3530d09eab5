using CsCheck;
using Engram.Alignment;

namespace Engram.Tests.Alignment;

public class LinearAssignmentTests
{
    static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1) { yield return items; yield break; }
        for (int k = 0; k < items.Length; k++)
            foreach (int[] rest in Permutations(items.Where((_, i) => i != k).ToArray()))
                yield return [items[k], .. rest];
    }

    [Fact]
    public void The_assignment_is_as_cheap_as_the_best_of_all_permutations()
    {
        Gen.Int[1, 7].SelectMany(n => Gen.Double[-10, 10].Array[n * n].Select(values => (n, values))).Sample(c =>
        {
            var (n, values) = c;
            var cost = new double[n, n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) cost[i, j] = values[i * n + j];
            int[] assignment = LinearAssignment.Solve(cost);
            Assert.Equal(Enumerable.Range(0, n), assignment.Order());
            double found = Enumerable.Range(0, n).Sum(i => cost[i, assignment[i]]);
            double best = Permutations(Enumerable.Range(0, n).ToArray()).Min(perm => Enumerable.Range(0, n).Sum(i => cost[i, perm[i]]));
            Assert.Equal(best, found, 9);
        }, iter: 300);
    }

    [Fact]
    public void A_non_square_cost_matrix_is_rejected() =>
        Assert.Throws<ArgumentException>(() => LinearAssignment.Solve(new double[2, 3]));
}
