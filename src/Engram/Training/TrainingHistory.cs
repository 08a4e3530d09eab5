namespace Engram.Training;

/// <summary>What a <see cref="TorchTrainer"/> run did.</summary>
/// <param name="StepLosses">The training loss of every step from the first (a resumed run includes the steps done before).</param>
/// <param name="ResumedFrom">The step the run resumed from (0 for a fresh start).</param>
/// <param name="Seconds">Wall time of this run's steps (not of earlier, resumed-from runs).</param>
/// <param name="SamplesPerSecond">Training throughput of this run (0 when it had no steps left to do).</param>
public sealed record TrainingHistory(float[] StepLosses, int ResumedFrom, double Seconds, double SamplesPerSecond)
{
    /// <summary>Mean loss over consecutive windows of <paramref name="every"/> steps (the last window may be shorter).</summary>
    public double[] WindowedLosses(int every)
    {
        if (every < 1) throw new ArgumentException($"the window must be ≥ 1 step; got {every}.", nameof(every));
        int windows = (StepLosses.Length + every - 1) / every;
        var means = new double[windows];
        for (int w = 0; w < windows; w++)
        {
            int start = w * every, end = Math.Min(StepLosses.Length, start + every);
            double sum = 0;
            for (int i = start; i < end; i++) sum += StepLosses[i];
            means[w] = sum / (end - start);
        }
        return means;
    }
}
