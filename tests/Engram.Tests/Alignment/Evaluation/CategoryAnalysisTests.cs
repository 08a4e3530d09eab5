using Engram.Alignment.Evaluation;

namespace Engram.Tests.Alignment.Evaluation;

public class CategoryAnalysisTests
{
    [Fact]
    public void Within_category_RSA_is_the_RSA_of_the_category_block_and_between_covers_the_other_pairs()
    {
        var random = new Random(2);
        const int n = 12;
        var d1 = new double[n, n];
        var d2 = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) { d1[i, j] = d1[j, i] = random.NextDouble(); d2[i, j] = d2[j, i] = random.NextDouble(); }
        int[] categories = [0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0];
        var blocks = CategoryAnalysis.Rsa(d1, d2, categories, ["a", "b"]);
        int[] inA = Enumerable.Range(0, n).Where(i => categories[i] == 0).ToArray();
        var sub1 = new double[inA.Length, inA.Length];
        var sub2 = new double[inA.Length, inA.Length];
        for (int i = 0; i < inA.Length; i++)
            for (int j = 0; j < inA.Length; j++) { sub1[i, j] = d1[inA[i], inA[j]]; sub2[i, j] = d2[inA[i], inA[j]]; }
        Assert.Equal("within a", blocks[0].Block);
        Assert.Equal(Rsa.Pearson(sub1, sub2), blocks[0].Pearson!.Value, 1e-12);
        Assert.Equal(Rsa.Spearman(sub1, sub2), blocks[0].Spearman!.Value, 1e-12);
        Assert.Equal(inA.Length * (inA.Length - 1) / 2, blocks[0].Pairs);
        Assert.Equal(n * (n - 1) / 2, blocks.Sum(b => b.Pairs));
    }

    [Fact]
    public void The_confusion_of_a_plan_that_swaps_two_categories_is_the_swap_and_rows_sum_to_one()
    {
        int[] categories = [0, 0, 1, 1, 2, 2];
        var plan = new double[6, 6];
        int[] partner = [2, 3, 0, 1, 4, 5];   // categories 0 and 1 swapped, 2 kept
        for (int i = 0; i < 6; i++) plan[i, partner[i]] = 1.0 / 6;
        double[,] confusion = CategoryAnalysis.Confusion(plan, categories, categories, 3);
        double[,] expected = { { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, 1 } };
        Assert.Equal(expected, confusion);
    }
}
