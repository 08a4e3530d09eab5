using Engram.Continual.Diffusion;

namespace Engram.Tests.Continual.Diffusion;

public class ClassSplitTests
{
    [Fact]
    public void The_default_split_is_five_tasks_of_two_classes_covering_all_ten()
    {
        int[][] split = ClassSplit.FivePairs();
        ClassSplit.Validate(split, 10);
        Assert.Equal(Enumerable.Range(0, 10), split.SelectMany(t => t).Order());
    }

    [Fact]
    public void A_class_named_twice_or_missing_or_a_single_task_is_refused_naming_the_class()
    {
        Assert.Contains("class 3 is named twice (in task 1 and task 2)", Assert.Throws<ArgumentException>(() => ClassSplit.Validate([[1, 3], [3, 4]], 10)).Message);
        Assert.Contains("class 12, which does not exist", Assert.Throws<ArgumentException>(() => ClassSplit.Validate([[0], [12]], 10)).Message);
        Assert.Contains("at least 2 tasks", Assert.Throws<ArgumentException>(() => ClassSplit.Validate([[0, 1]], 10)).Message);
        Assert.Contains("task 2 names no class", Assert.Throws<ArgumentException>(() => ClassSplit.Validate([[0, 1], []], 10)).Message);
    }

    [Fact]
    public void Indices_take_each_tasks_classes_in_data_order_up_to_the_cap_per_class()
    {
        int[] labels = [0, 1, 2, 0, 0, 1, 2, 2, 3];
        int[][] ix = ClassSplit.Indices(labels, [[0, 1], [2]], perClass: 2);
        Assert.Equal([0, 1, 3, 5], ix[0]);
        Assert.Equal([2, 6], ix[1]);
        Assert.Throws<ArgumentException>(() => ClassSplit.Indices(labels, [[0], [4]], 2));
    }
}
