using Engram.Alignment;
using Engram.Alignment.Evaluation;
using Engram.Data;

namespace Engram.Reports;

/// <summary>
/// What <c>engram align</c> reports: the JSON object (<c>--json</c>, <c>result.json</c>) with the issue's field
/// names, percentages for matching rates.
/// </summary>
public sealed record AlignmentSummary
{
    /// <summary>Items on the first side.</summary>
    public required int N { get; init; }
    /// <summary>Items on the second side.</summary>
    public required int M { get; init; }
    /// <summary>Names (file paths) of the two sides.</summary>
    public required string[] Inputs { get; init; }
    /// <summary>"embedding" or "dissimilarity", per side.</summary>
    public required string[] InputKinds { get; init; }
    /// <summary>Metric used to build dissimilarities from embeddings.</summary>
    public string? Metric { get; init; }
    /// <summary>Entropic regularisation ε.</summary>
    public required double Eps { get; init; }
    /// <summary>Initial plan kind.</summary>
    public required string Init { get; init; }
    /// <summary>Seed of random initial plans.</summary>
    public required int Seed { get; init; }
    /// <summary>float32 or float64.</summary>
    public required string Precision { get; init; }
    /// <summary>max_iter.</summary>
    public required int MaxIter { get; init; }
    /// <summary>tol.</summary>
    public required double Tol { get; init; }
    /// <summary>Outer iterations done.</summary>
    public required int Iterations { get; init; }
    /// <summary>Whether the plan change fell below tol.</summary>
    public required bool Converged { get; init; }
    /// <summary>How the solve ended: converged, stalled, max_iter, failed or stopped.</summary>
    public required string State { get; init; }
    /// <summary>Why the solver stopped.</summary>
    public required string Reason { get; init; }
    /// <summary>GW loss of the entropic plan.</summary>
    public required double GwLoss { get; init; }
    /// <summary>GW loss after the non-entropic refinement, when asked for.</summary>
    public double? RefinedGwLoss { get; init; }
    /// <summary>Top-1 matching rate (%).</summary>
    public double? Top1 { get; init; }
    /// <summary>Top-5 matching rate (%).</summary>
    public double? Top5 { get; init; }
    /// <summary>Top-10 matching rate (%).</summary>
    public double? Top10 { get; init; }
    /// <summary>Category-level top-1 (%).</summary>
    public double? CategoryTop1 { get; init; }
    /// <summary>Category-level top-5 (%).</summary>
    public double? CategoryTop5 { get; init; }
    /// <summary>Category-level top-10 (%).</summary>
    public double? CategoryTop10 { get; init; }
    /// <summary>k-NN top-1 after Procrustes (%).</summary>
    public double? KnnTop1 { get; init; }
    /// <summary>k-NN top-5 after Procrustes (%).</summary>
    public double? KnnTop5 { get; init; }
    /// <summary>k-NN top-10 after Procrustes (%).</summary>
    public double? KnnTop10 { get; init; }
    /// <summary>RSA, Pearson.</summary>
    public double? RsaPearson { get; init; }
    /// <summary>RSA, Spearman.</summary>
    public double? RsaSpearman { get; init; }
    /// <summary>Sinkhorn sweeps in all.</summary>
    public required long SinkhornSweeps { get; init; }
    /// <summary>GEMM backend and product path.</summary>
    public required string Backend { get; init; }
    /// <summary>Wall-clock seconds of the whole run before the report: reading, solving, evaluating.</summary>
    public required double Seconds { get; init; }
    /// <summary>Seconds of the GW solve (and refinement).</summary>
    public double SolveSeconds { get; init; }
    /// <summary>Seconds of the evaluation (matching rates, Procrustes, RSA).</summary>
    public double EvaluationSeconds { get; init; }
    /// <summary>Repairs made to the inputs.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
    /// <summary>Engram version.</summary>
    public required string Version { get; init; }

    /// <summary>The JSON word for each state (POT's and the issue's <c>max_iter</c> for the iteration cap).</summary>
    public static string StateName(GwState state) => state switch
    {
        GwState.MaxIterations => "max_iter",
        GwState.LossStationary => "loss_stationary",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>Builds the summary of an alignment run.</summary>
    public static AlignmentSummary Create(AlignmentResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Representation x = run.Inputs.First, y = run.Inputs.Second;
        GwResult result = run.Entropic;
        AlignmentScores? scores = run.Scores;
        return new AlignmentSummary
        {
            N = x.Size, M = y.Size, Inputs = [x.Name, y.Name],
            InputKinds = [Kind(run.Inputs.FirstKind), Kind(run.Inputs.SecondKind)],
            Metric = x.Metric?.ToString().ToLowerInvariant() ?? y.Metric?.ToString().ToLowerInvariant(),
            Eps = result.Settings.Epsilon, Init = result.Settings.Init.ToString().ToLowerInvariant(), Seed = result.Settings.Seed,
            Precision = result.PrecisionUsed,
            MaxIter = result.Settings.MaxIterations, Tol = result.Settings.Tolerance,
            Iterations = result.Iterations, Converged = result.Converged, State = StateName(result.State), Reason = result.Reason,
            GwLoss = result.GwLoss, RefinedGwLoss = run.Refinement?.GwLoss,
            Top1 = scores?.Top1, Top5 = scores?.Top5, Top10 = scores?.Top10,
            CategoryTop1 = scores?.CategoryTop1, CategoryTop5 = scores?.CategoryTop5, CategoryTop10 = scores?.CategoryTop10,
            KnnTop1 = scores?.KnnTop1, KnnTop5 = scores?.KnnTop5, KnnTop10 = scores?.KnnTop10,
            RsaPearson = scores?.RsaPearson, RsaSpearman = scores?.RsaSpearman,
            SinkhornSweeps = result.SinkhornIterations, Backend = result.Backend,
            Seconds = Math.Round(run.Timings.Total, 3),
            SolveSeconds = Math.Round(run.Timings.Solve + run.Timings.Refine, 3),
            EvaluationSeconds = Math.Round(run.Timings.Evaluate, 3),
            Warnings = run.Warnings, Version = run.Version,
        };
    }

    static string Kind(InputKind kind) => kind == InputKind.Embedding ? "embedding" : "dissimilarity";
}

/// <summary>Writes an alignment run's folder: result.json, plan.npy, figures and index.html.</summary>
public static class AlignmentReport
{
    /// <summary>
    /// Writes everything into <paramref name="directory"/>. With categories in the inputs the matrices are drawn
    /// with items sorted by category (a stable sort, so within-category order is kept).
    /// </summary>
    public static void Write(string directory, AlignmentSummary summary, AlignmentResult run, FigureFormats formats = FigureFormats.Png)
    {
        ArgumentNullException.ThrowIfNull(run);
        Representation x = run.Inputs.First, y = run.Inputs.Second;
        double[,] plan = run.Plan;
        IReadOnlyList<GwIterate> history = run.Entropic.History;
        CategoryTable? categories = run.Inputs.Categories;
        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, "plan.npy"), tmp => Npy.Write(tmp, plan));
        JsonResult.Write(Path.Combine(directory, "result.json"), summary);

        int[] rowOrder = Order(x.Size, categories);
        int[] columnOrder = Order(y.Size, categories is not null && categories.ItemCount == y.Size ? categories : null);
        string sorted = categories is null ? "" : " (sorted by category)";
        IReadOnlyList<Figures.Block>? xBlocks = categories is not null && categories.ItemCount == x.Size ? Blocks(categories, rowOrder) : null;
        IReadOnlyList<Figures.Block>? yBlocks = categories is not null && categories.ItemCount == y.Size ? Blocks(categories, columnOrder) : null;
        Figures.Heatmap(Path.Combine(directory, "dissimilarity_1.png"), formats, Permute(x.Dissimilarity, rowOrder, rowOrder),
            $"Dissimilarities of {Short(x.Name)}{sorted}", xBlocks is null ? "item" : "category of the item", xBlocks is null ? "item" : "category of the item",
            "dissimilarity (input units)", rowBlocks: xBlocks, columnBlocks: xBlocks);
        Figures.Heatmap(Path.Combine(directory, "dissimilarity_2.png"), formats, Permute(y.Dissimilarity, columnOrder, columnOrder),
            $"Dissimilarities of {Short(y.Name)}{sorted}", yBlocks is null ? "item" : "category of the item", yBlocks is null ? "item" : "category of the item",
            "dissimilarity (input units)", rowBlocks: yBlocks, columnBlocks: yBlocks);
        IReadOnlyList<Figures.Block>? blocks = xBlocks is not null && x.Size == y.Size ? xBlocks : null;
        Figures.Heatmap(Path.Combine(directory, "plan.png"), formats, Scale(Permute(plan, rowOrder, columnOrder), x.Size),
            $"GW transport plan, ε = {summary.Eps:G4}{sorted}", $"{(blocks is null ? "item" : "category")} of {Short(y.Name)}",
            $"{(blocks is null ? "item" : "category")} of {Short(x.Name)}", "n · T_ij", rowBlocks: blocks, columnBlocks: blocks);
        var iterations = history.Select(h => (double)h.Iteration).ToArray();
        Figures.Lines(Path.Combine(directory, "loss.png"), formats, "GW loss over the iterations", "outer iteration", "GW loss of the plan entering it",
            [new Figures.Series("GW loss", iterations, history.Select(h => h.GwLoss).ToArray()) { Style = Figures.SeriesStyle.Line }]);

        string Pct(double? v) => v is double d ? $"{d:0.00} %" : "—";
        new HtmlReport($"engram align: {Short(x.Name)} ↔ {Short(y.Name)}")
            .KeyValues([
                ("items", $"{summary.N} × {summary.M}"), ("inputs", $"{summary.Inputs[0]} ({summary.InputKinds[0]}), {summary.Inputs[1]} ({summary.InputKinds[1]})"),
                ("metric", summary.Metric ?? "given dissimilarities"), ("ε", summary.Eps.ToString("G6")), ("initial plan", summary.Init),
                ("iterations", $"{summary.Iterations} of {summary.MaxIter}"), ("state", $"{summary.State}: {summary.Reason}"),
                ("GW loss", summary.GwLoss.ToString("F6")), ("GW loss after refinement", summary.RefinedGwLoss?.ToString("F6") ?? "—"),
                ("top-1 / 5 / 10", $"{Pct(summary.Top1)} / {Pct(summary.Top5)} / {Pct(summary.Top10)}"),
                ("category top-1 / 5 / 10", $"{Pct(summary.CategoryTop1)} / {Pct(summary.CategoryTop5)} / {Pct(summary.CategoryTop10)}"),
                ("k-NN after Procrustes 1 / 5 / 10", $"{Pct(summary.KnnTop1)} / {Pct(summary.KnnTop5)} / {Pct(summary.KnnTop10)}"),
                ("RSA Pearson / Spearman", $"{summary.RsaPearson:F4} / {summary.RsaSpearman:F4}"),
                ("time", $"{summary.Seconds:F1} s ({summary.Backend}, {summary.SinkhornSweeps} Sinkhorn sweeps)")])
            .Paragraph(summary.Warnings.Count == 0 ? "Inputs passed validation unchanged." : "Input notes: " + string.Join(" ", summary.Warnings))
            .Figure("dissimilarity_1.png", $"Dissimilarity matrix of {x.Name}{sorted}.")
            .Figure("dissimilarity_2.png", $"Dissimilarity matrix of {y.Name}{sorted}.")
            .Figure("plan.png", "The optimal transport plan T, scaled by n so that 1 means all of a row item's mass goes to one column item: a bright diagonal means items were matched to themselves.")
            .Figure("loss.png", "GW loss of the plan at each iteration.")
            .Json(JsonResult.ToJson(summary))
            .Save(Path.Combine(directory, "index.html"));
    }

    static string Short(string name) => Path.GetFileNameWithoutExtension(name);

    /// <summary>Runs of equal primary category along <paramref name="order"/> (items sorted by category), named.</summary>
    internal static IReadOnlyList<Figures.Block> Blocks(CategoryTable categories, int[] order)
    {
        int[] primary = categories.PrimaryCategory();
        var blocks = new List<Figures.Block>();
        for (int start = 0; start < order.Length;)
        {
            int category = primary[order[start]], end = start + 1;
            while (end < order.Length && primary[order[end]] == category) end++;
            blocks.Add(new Figures.Block(start, end, category < 0 ? "none" : categories.Categories[category]));
            start = end;
        }
        return blocks;
    }

    static int[] Order(int n, CategoryTable? categories)
    {
        int[] order = Enumerable.Range(0, n).ToArray();
        if (categories is null || categories.ItemCount != n) return order;
        int[] primary = categories.PrimaryCategory();
        return order.OrderBy(i => primary[i] < 0 ? int.MaxValue : primary[i]).ToArray();
    }

    static double[,] Permute(double[,] m, int[] rows, int[] columns)
    {
        var result = new double[rows.Length, columns.Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < columns.Length; j++) result[i, j] = m[rows[i], columns[j]];
        return result;
    }

    static double[,] Scale(double[,] m, double factor)
    {
        var result = (double[,])m.Clone();
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) result[i, j] *= factor;
        return result;
    }
}
