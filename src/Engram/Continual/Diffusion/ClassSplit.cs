namespace Engram.Continual.Diffusion;

/// <summary>
/// A split of a labelled data set into tasks by class, e.g. Fashion-MNIST into five tasks of two classes
/// {0, 1}, {2, 3}, …, {8, 9} (the default of the core paper's protocol, docs/science.md §3).
/// </summary>
public static class ClassSplit
{
    /// <summary>Five tasks of two consecutive classes each.</summary>
    public static int[][] FivePairs() => [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]];

    /// <summary>Checks that every task names at least one class, that classes exist (0 … <paramref name="classes"/> − 1) and that none appears twice.</summary>
    /// <exception cref="ArgumentException">An empty split or task, an unknown class, or a class named twice.</exception>
    public static void Validate(IReadOnlyList<IReadOnlyList<int>> tasks, int classes)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count < 2) throw new ArgumentException($"a continual-learning split needs at least 2 tasks; got {tasks.Count}.", nameof(tasks));
        var seen = new Dictionary<int, int>();
        for (int k = 0; k < tasks.Count; k++)
        {
            if (tasks[k] is null || tasks[k].Count == 0) throw new ArgumentException($"task {k + 1} names no class.", nameof(tasks));
            foreach (int c in tasks[k])
            {
                if (c < 0 || c >= classes) throw new ArgumentException($"task {k + 1} names class {c}, which does not exist (classes are 0–{classes - 1}).", nameof(tasks));
                if (seen.TryGetValue(c, out int other)) throw new ArgumentException($"class {c} is named twice (in task {other + 1} and task {k + 1}); each class belongs to one task.", nameof(tasks));
                seen[c] = k;
            }
        }
    }

    /// <summary>
    /// Indices of the items of each task: for every task, the items whose label is one of its classes, at most
    /// <paramref name="perClass"/> per class, in data order.
    /// </summary>
    public static int[][] Indices(IReadOnlyList<int> labels, IReadOnlyList<IReadOnlyList<int>> tasks, int perClass)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(tasks);
        var result = new int[tasks.Count][];
        for (int k = 0; k < tasks.Count; k++)
        {
            var counts = tasks[k].ToDictionary(c => c, _ => 0);
            var items = new List<int>();
            for (int i = 0; i < labels.Count; i++)
                if (counts.TryGetValue(labels[i], out int n) && n < perClass)
                {
                    counts[labels[i]] = n + 1;
                    items.Add(i);
                }
            if (items.Count == 0) throw new ArgumentException($"task {k + 1} (classes {string.Join(", ", tasks[k])}) has no images in the data.", nameof(labels));
            result[k] = items.ToArray();
        }
        return result;
    }
}
