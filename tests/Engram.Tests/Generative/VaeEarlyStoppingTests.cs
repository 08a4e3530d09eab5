using Engram.Data;
using Engram.Generative;
using Engram.Training;

namespace Engram.Tests.Generative;

[Collection(nameof(TorchTraining))]
public class VaeEarlyStoppingTests
{
    // 36 training images (4 per child, a quarter held out): a 256-wide MLP overfits them within a few hundred steps,
    // so the validation ELBO peaks and falls long before the 3000-step limit.
    static readonly HierarchicalImages Tiny = HierarchicalImages.Generate(new HierarchicalImageSettings { TrainPerChild = 4, TestPerChild = 2 });

    static VaeTrainingSettings Settings(VaeEarlyStopping? early, int steps = 3000) => new()
    {
        Architecture = new VaeArchitecture { Latent = 8, Height = 16, Width = 16 },
        Trainer = new TrainerSettings { Steps = steps, BatchSize = 32, LearningRate = 1e-3, Seed = 2 },
        EvaluationImages = 18,
        ImportanceSamples = 2,
        EarlyStopping = early,
    };

    [Fact]
    public void Training_stops_when_the_validation_elbo_stops_improving_and_keeps_the_best_steps_weights()
    {
        var early = new VaeEarlyStopping { ValidationFraction = 0.25, Every = 20, Patience = 3 };
        var (vae, result) = VaeTraining.Train(Tiny.Train, Tiny.Test, Settings(early));
        VaeEarlyStopResult stop = Assert.IsType<VaeEarlyStopResult>(result.EarlyStop);
        Assert.True(stop.Stopped, stop.Reason);
        Assert.True(stop.StoppedAt < 3000, stop.Reason);
        Assert.Equal(stop.BestStep + early.Patience * early.Every, stop.StoppedAt);
        Assert.Equal(stop.StoppedAt, result.LossCurve.Length > 0 ? stop.Steps[^1] : -1);
        Assert.Equal(stop.ValidationElbo.Max(), stop.ValidationElbo[Array.IndexOf(stop.Steps, stop.BestStep)]);
        Assert.True(stop.ValidationElbo[^1] < stop.ValidationElbo.Max());
        Assert.Equal($"stopped at step {stop.StoppedAt}: validation ELBO did not improve for 3 evaluations; best at step {stop.BestStep}", stop.Reason);
        Assert.Equal(9, stop.ValidationImages);

        // The kept weights are those of the best step: training the same split for exactly BestStep steps gives them bit for bit.
        var (fit, _) = VaeTraining.HoldOut(Tiny.Train, early.ValidationFraction, 2);
        var (reference, _) = VaeTraining.Train(fit, Tiny.Test, Settings(null, stop.BestStep));
        using (vae)
        using (reference)
            Assert.Equal(TinyVae.Weights(reference), TinyVae.Weights(vae));
    }

    [Fact]
    public void The_reason_names_the_rule_that_stopped_training_also_when_the_patience_runs_out_at_the_step_limit()
    {
        // The run of the test above stops by patience at step S; the same run with S as the limit reaches S by the same
        // steps (training and validation noise depend on the seed and the step only), so there both rules end it.
        var early = new VaeEarlyStopping { ValidationFraction = 0.25, Every = 20, Patience = 3 };
        var (free, freeResult) = VaeTraining.Train(Tiny.Train, Tiny.Test, Settings(early));
        free.Dispose();
        VaeEarlyStopResult byPatience = freeResult.EarlyStop!;
        Assert.True(byPatience.Stopped && byPatience.StoppedAt < byPatience.StepLimit, byPatience.Reason);
        Assert.StartsWith($"stopped at step {byPatience.StoppedAt}: validation ELBO did not improve for 3 evaluations", byPatience.Reason);

        var (atLimit, atLimitResult) = VaeTraining.Train(Tiny.Train, Tiny.Test, Settings(early, byPatience.StoppedAt));
        atLimit.Dispose();
        VaeEarlyStopResult both = atLimitResult.EarlyStop!;
        Assert.True(both.Stopped, both.Reason);
        Assert.Equal((byPatience.StoppedAt, byPatience.BestStep), (both.StoppedAt, both.BestStep));
        Assert.Equal($"reached the step limit {both.StoppedAt} as the patience ran out there too (validation ELBO did not improve for 3 evaluations); best at step {both.BestStep}", both.Reason);

        var (beforeLimit, beforeResult) = VaeTraining.Train(Tiny.Train, Tiny.Test, Settings(early, byPatience.StoppedAt - early.Every));
        beforeLimit.Dispose();
        VaeEarlyStopResult byLimit = beforeResult.EarlyStop!;
        Assert.False(byLimit.Stopped, byLimit.Reason);
        Assert.Equal($"reached the step limit {byPatience.StoppedAt - early.Every} before the validation ELBO stopped improving (patience 3 evaluations); best at step {byPatience.BestStep}", byLimit.Reason);
    }

    [Fact]
    public void The_validation_split_is_disjoint_from_the_images_trained_on_and_seeded()
    {
        ImageSet numbered = Tiny.Train with { Labels = Enumerable.Range(0, Tiny.Train.Count).ToArray() };
        var (fit, validation) = VaeTraining.HoldOut(numbered, 0.25, 7);
        Assert.Equal(9, validation.Count);
        Assert.Equal(numbered.Count, fit.Labels.Union(validation.Labels).Count());
        Assert.Empty(fit.Labels.Intersect(validation.Labels));
        Assert.Equal(validation.Labels, VaeTraining.HoldOut(numbered, 0.25, 7).Validation.Labels);
        Assert.NotEqual(validation.Labels, VaeTraining.HoldOut(numbered, 0.25, 8).Validation.Labels);
    }

    [Fact]
    public void Early_stopping_refuses_a_checkpoint_and_weight_averaging()
    {
        var early = new VaeEarlyStopping();
        Assert.Contains("checkpoint", Assert.Throws<ArgumentException>(() => VaeTraining.Train(Tiny.Train, Tiny.Test, Settings(early), "/tmp/never.ckpt")).Message);
        var averaged = Settings(early) with { Trainer = Settings(early).Trainer with { EmaDecay = 0.9 } };
        Assert.Contains("EMA", Assert.Throws<ArgumentException>(averaged.Validate).Message);
        Assert.Throws<ArgumentException>(() => (Settings(early) with { EarlyStopping = new VaeEarlyStopping { ValidationFraction = 1 } }).Validate());
    }
}
