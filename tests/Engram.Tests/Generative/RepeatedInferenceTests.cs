using Engram.Data;
using Engram.Generative;
using Engram.Training;

namespace Engram.Tests.Generative;

[Collection(nameof(TorchTraining))]
public class RepeatedInferenceTests
{
    [Fact]
    public void Measured_curves_of_a_planted_trajectory_have_the_known_minima_and_ratios()
    {
        // Two concepts on a line at 0 and 10, grand mean 5, memories at 1 and 9. One input of class 0 moves
        // 4 → 1 → 0.5 → 2: own-concept distance 4, 1, 0.5, 2 (minimum at t = 2); nearest memory 3, 0, 0.5, 1.
        var geometry = new LatentGeometry([[0.0], [10.0]], [5.0], null, null, [1.0, 9.0], 2);
        double[][] codes = [[4.0], [1.0], [0.5], [2.0]];
        InferenceLevel level = RepeatedInference.Measure(geometry, [0], codes, 0.5, []);
        Assert.Equal([4, 1, 0.5, 2], level.OwnConcept.Mean);
        Assert.Equal([3, 0, 0.5, 1], level.NearestMemory.Mean);
        Assert.Equal([1, 4, 4.5, 3], level.GrandMean.Mean);
        Assert.Equal(2, level.ConceptMinimumStep);
        Assert.Equal(2, level.MeanInputMinimumStep);
        Assert.Equal(1 - 0.5 / 4, level.ApproachDepth, 12);
        Assert.Equal(4.5 / 5, level.Concreteness, 12);
        Assert.Equal([1.0, 1, 1, 1], level.NearestConceptIsOwn);
        Assert.Equal([6.0, 9, 9.5, 8], level.EveryConcept.Select(c => c[1]));
        Assert.Equal(2, level.TrajectoryMinimumStep);
        Assert.Equal(1 - 0.5 / 4, level.TrajectoryApproachDepth, 12);
        Assert.Equal(4.5 / 5, level.TrajectoryConcreteness, 12);
        Assert.Equal([1 / 5.0, 4 / 5.0, 4.5 / 5, 3 / 5.0], level.ConcretenessCurve);
    }

    [Fact]
    public void A_trajectory_that_starts_at_its_closest_approach_is_measured_at_t_0_and_along_the_way_at_t_1_or_later()
    {
        // Concept 0 at 0, grand mean 5. Two inputs of class 0: the first moves 1 → 3 → 2 → 4 (closest at t = 0, at
        // t ≥ 1 at t = 2), the second 2 → 1.5 → 3 → 3.5 (closest at t = 1). Mean own-concept curve 1.5, 2.25, 2.5, 3.75.
        var geometry = new LatentGeometry([[0.0], [10.0]], [5.0], null, null, [1.0, 9.0], 2);
        double[][] codes = [[1.0, 2.0], [3.0, 1.5], [2.0, 3.0], [4.0, 3.5]];
        InferenceLevel level = RepeatedInference.Measure(geometry, [0, 0], codes, 0.9, []);
        Assert.Equal([1.5, 2.25, 2.5, 3.75], level.OwnConcept.Mean);
        Assert.Equal(0, level.ConceptMinimumStep);
        Assert.Equal(0, level.ApproachDepth, 12);
        Assert.Equal((4 / 5.0 + 3.5 / 5) / 2, level.Concreteness, 12);           // t* = 0 and 1
        Assert.Equal(1, level.TrajectoryMinimumStep);
        Assert.Equal(1 - 2.25 / 1.5, level.TrajectoryApproachDepth, 12);          // negative: the dynamics move away
        Assert.Equal((3 / 5.0 + 3.5 / 5) / 2, level.TrajectoryConcreteness, 12);   // t* = 2 and 1
        Assert.Equal([3.5 / 5, 2.75 / 5, 2.5 / 5, 1.25 / 5], level.ConcretenessCurve.Select(v => Math.Round(v, 12)));
    }

    /// <summary>Binary 4 × 4 images of two planted clusters: class 0 lights the top half, class 1 the bottom half, 10 % of pixels flipped.</summary>
    static ImageSet PlantedClusters(int perClass, Random random)
    {
        var pixels = new float[2 * perClass * 16];
        var labels = new int[2 * perClass];
        for (int i = 0; i < 2 * perClass; i++)
        {
            labels[i] = i % 2;
            for (int p = 0; p < 16; p++)
            {
                bool on = (p < 8) == (labels[i] == 0);
                if (random.NextDouble() < 0.1) on = !on;
                pixels[i * 16 + p] = on ? 1 : 0;
            }
        }
        return new ImageSet(pixels, labels, 4, 4);
    }

    [Fact]
    public void On_two_planted_clusters_noisy_inputs_approach_their_own_concept()
    {
        var random = new Random(5);
        ImageSet train = PlantedClusters(200, random), test = PlantedClusters(20, random);
        var settings = new VaeTrainingSettings
        {
            Architecture = new VaeArchitecture { Latent = 2, Hidden = 32, Height = 4, Width = 4 },
            Trainer = new TrainerSettings { Steps = 400, BatchSize = 32, LearningRate = 5e-3, Seed = 3 },
            EvaluationImages = 10,
            ImportanceSamples = 5,
        };
        var (vae, _) = VaeTraining.Train(train, test, settings);
        using (vae)
        {
            var geometry = LatentGeometry.Build(vae, train, 2, null, null, 1000, 0);
            var dynamics = new RepeatedInferenceSettings { Steps = 10, Noise = NoiseKind.BitFlip, Levels = [0.2], InputsPerClass = 20, FrameSteps = [0, 10], Examples = 2, Sampled = false };
            RepeatedInferenceResult result = RepeatedInference.Run(vae, geometry, RepeatedInference.SelectInputs(test, 20, 2), dynamics);
            InferenceLevel level = result.Levels[0];
            int t = level.ConceptMinimumStep;
            Assert.True(level.OwnConcept.Mean[t] < level.OwnConcept.Mean[0] || level.NearestConceptIsOwn[0] == 1,
                $"own-concept distance {string.Join(", ", level.OwnConcept.Mean)}");
            Assert.True(level.NearestConceptIsOwn[t] >= 0.9, $"nearest concept is own for {level.NearestConceptIsOwn[t]:P0} at t = {t}");
            double other = level.EveryConcept[t].Sum() - 0;   // mean distance to both concepts
            Assert.True(level.OwnConcept.Mean[t] < other / 2, $"own {level.OwnConcept.Mean[t]}, mean of both {other / 2}");
            Assert.Equal(2, result.ExampleLabels.Length);
            Assert.Equal(3, level.Frames[0].Length);   // the corrupted input, then t = 0 and t = 10
        }
    }

    [Fact]
    public void Noise_levels_outside_0_to_1_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new RepeatedInferenceSettings { Levels = [0.2, 1.5] }.Validate());
        Assert.Contains("[0, 1]", error.Message);
    }
}
