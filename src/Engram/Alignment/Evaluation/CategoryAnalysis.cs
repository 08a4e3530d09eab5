using Engram.Numerics;

namespace Engram.Alignment.Evaluation;

/// <summary>RSA over one block of item pairs (see <see cref="CategoryAnalysis.Rsa"/>).</summary>
/// <param name="Block">"within NAME" for the pairs inside a category, "between" for the pairs across categories.</param>
/// <param name="Pairs">Item pairs (i &lt; j) in the block.</param>
/// <param name="Pearson">Pearson correlation of the two matrices' values over the block; null with fewer than 3 pairs or no spread.</param>
/// <param name="Spearman">Spearman correlation over the block; null likewise.</param>
public sealed record BlockRsa(string Block, int Pairs, double? Pearson, double? Spearman);

/// <summary>
/// Category-resolved views of a pair of representations over the same items (GWTune's category analyses): RSA within each
/// category's block and between categories, and the category-level confusion of a transport plan.
/// </summary>
public static class CategoryAnalysis
{
    /// <summary>
    /// RSA (<see cref="Evaluation.Rsa"/>) restricted to blocks of the upper triangle: for each category c the pairs (i, j), i &lt; j,
    /// with both items in c, then all pairs whose items are in different categories. Items with category −1 are left out.
    /// </summary>
    public static IReadOnlyList<BlockRsa> Rsa(double[,] d1, double[,] d2, IReadOnlyList<int> categories, IReadOnlyList<string> names)
    {
        int n = d1.GetLength(0);
        if (d1.GetLength(1) != n || d2.GetLength(0) != n || d2.GetLength(1) != n || categories.Count != n)
            throw new ArgumentException($"category RSA needs two n × n matrices and n category labels; got {d1.GetLength(0)} × {d1.GetLength(1)}, {d2.GetLength(0)} × {d2.GetLength(1)} and {categories.Count} labels.", nameof(categories));
        var within = names.Select(_ => (X: new List<double>(), Y: new List<double>())).ToArray();
        var across = (X: new List<double>(), Y: new List<double>());
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                int a = categories[i], b = categories[j];
                if (a < 0 || b < 0) continue;
                var target = a == b ? within[a] : across;
                target.X.Add(d1[i, j]);
                target.Y.Add(d2[i, j]);
            }
        var blocks = new List<BlockRsa>();
        for (int c = 0; c < names.Count; c++) blocks.Add(Block($"within {names[c]}", within[c].X, within[c].Y));
        blocks.Add(Block("between", across.X, across.Y));
        return blocks;
    }

    /// <summary>
    /// Category confusion of a plan T (n × m): C[a, b] = Σ_{i∈a, j∈b} Tᵢⱼ / Σ_{i∈a, j} Tᵢⱼ, the share of category a's mass
    /// that the plan sends to items of category b (rows sum to 1; a perfect category-level matching is the identity).
    /// Items with category −1 are left out.
    /// </summary>
    public static double[,] Confusion(double[,] plan, IReadOnlyList<int> rowCategories, IReadOnlyList<int> columnCategories, int categoryCount)
    {
        int n = plan.GetLength(0), m = plan.GetLength(1);
        if (rowCategories.Count != n || columnCategories.Count != m)
            throw new ArgumentException($"category labels cover {rowCategories.Count} rows and {columnCategories.Count} columns, but the plan is {n} × {m}.", nameof(plan));
        var confusion = new double[categoryCount, categoryCount];
        var rowMass = new double[categoryCount];
        for (int i = 0; i < n; i++)
        {
            int a = rowCategories[i];
            if (a < 0) continue;
            for (int j = 0; j < m; j++)
            {
                int b = columnCategories[j];
                if (b < 0) continue;
                confusion[a, b] += plan[i, j];
                rowMass[a] += plan[i, j];
            }
        }
        for (int a = 0; a < categoryCount; a++)
            for (int b = 0; b < categoryCount; b++)
                confusion[a, b] = rowMass[a] > 0 ? confusion[a, b] / rowMass[a] : 0;
        return confusion;
    }

    static BlockRsa Block(string name, List<double> x, List<double> y)
    {
        bool enough = x.Count >= 3;
        double? pearson = enough && Correlation.TryPearson(x.ToArray(), y.ToArray(), out double r) ? r : null;
        double? spearman = enough && Correlation.TrySpearman(x.ToArray(), y.ToArray(), out double rho) ? rho : null;
        return new BlockRsa(name, x.Count, pearson, spearman);
    }
}
