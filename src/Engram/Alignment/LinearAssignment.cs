namespace Engram.Alignment;

/// <summary>
/// Minimum-cost perfect matching of an n × n cost matrix (the linear assignment problem), by shortest augmenting
/// paths with dual potentials (Kuhn–Munkres in the O(n³) form of Jonker &amp; Volgenant 1987, without their
/// initialisation heuristics). Exact: the returned permutation is optimal, and the potentials certify it
/// (uᵢ + vⱼ ≤ Cᵢⱼ with equality on the matching).
/// </summary>
public static class LinearAssignment
{
    /// <summary>Column assigned to each row, minimising Σᵢ C[i, σ(i)].</summary>
    public static int[] Solve(double[,] cost)
    {
        int n = cost.GetLength(0);
        if (cost.GetLength(1) != n) throw new ArgumentException($"the assignment problem needs a square cost matrix; got {n} × {cost.GetLength(1)}.");
        foreach (double c in cost)
            if (!double.IsFinite(c)) throw new ArgumentException("assignment costs must be finite.");

        // 1-based arrays: index 0 is the virtual row/column the augmenting path starts from.
        var u = new double[n + 1];
        var v = new double[n + 1];
        var rowOfColumn = new int[n + 1];
        var way = new int[n + 1];
        var minSlack = new double[n + 1];
        var used = new bool[n + 1];
        for (int row = 1; row <= n; row++)
        {
            rowOfColumn[0] = row;
            int column = 0;
            Array.Fill(minSlack, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[column] = true;
                int i = rowOfColumn[column], next = 0;
                double delta = double.PositiveInfinity, ui = u[i];
                for (int j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    double slack = cost[i - 1, j - 1] - ui - v[j];
                    if (slack < minSlack[j]) { minSlack[j] = slack; way[j] = column; }
                    if (minSlack[j] < delta) { delta = minSlack[j]; next = j; }
                }
                for (int j = 0; j <= n; j++)
                {
                    if (used[j]) { u[rowOfColumn[j]] += delta; v[j] -= delta; }
                    else minSlack[j] -= delta;
                }
                column = next;
            } while (rowOfColumn[column] != 0);
            do
            {
                int previous = way[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            } while (column != 0);
        }
        var assignment = new int[n];
        for (int j = 1; j <= n; j++) assignment[rowOfColumn[j] - 1] = j - 1;
        return assignment;
    }
}
