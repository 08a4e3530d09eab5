using Engram.Training;

namespace Engram.Tests.Training;

public class MinibatchScheduleTests
{
    [Fact]
    public void Each_epoch_visits_every_sample_once_and_batches_depend_only_on_seed_and_step()
    {
        var schedule = new MinibatchSchedule(samples: 10, batchSize: 3, seed: 5);
        long[] epoch0 = Enumerable.Range(0, 3).SelectMany(s => schedule.Batch(s)).ToArray();   // 3 batches of 3, one sample left out
        Assert.Equal(9, epoch0.Distinct().Count());
        long[] epoch1 = Enumerable.Range(3, 3).SelectMany(s => schedule.Batch(s)).ToArray();
        Assert.Equal(9, epoch1.Distinct().Count());
        Assert.NotEqual(epoch0, epoch1);
        var fresh = new MinibatchSchedule(10, 3, 5);
        Assert.Equal(schedule.Batch(4), fresh.Batch(4));                                           // no hidden state
        Assert.Equal(schedule.Batch(0), fresh.Batch(0));
    }

    [Fact]
    public void Unshuffled_batches_take_the_samples_in_their_order_and_a_batch_larger_than_the_data_is_the_whole_set()
    {
        var full = new MinibatchSchedule(5, 8, seed: 3, shuffle: false);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, full.Batch(0));
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, full.Batch(7));
        var halves = new MinibatchSchedule(4, 2, seed: 3, shuffle: false);
        Assert.Equal(new long[] { 2, 3 }, halves.Batch(5));
    }
}
