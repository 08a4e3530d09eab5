using Engram.Generative;
using Engram.Memory;
using Engram.Training;

namespace Engram.Tests.Generative;

[Collection(nameof(TorchTraining))]
public class HierarchicalImagesTests
{
    static readonly HierarchicalImageSettings Small = new() { Parents = 2, ChildrenPerParent = 3, Side = 8, TrainPerChild = 5, TestPerChild = 2, Flip = 0.125, Seed = 4 };

    [Fact]
    public void Instances_are_their_child_with_exactly_the_planted_fraction_of_pixels_flipped()
    {
        HierarchicalImages images = HierarchicalImages.Generate(Small);
        HierarchicalPatterns patterns = HierarchicalPatterns.Generate(Small.Patterns);
        Assert.Equal((30, 8, 8), (images.Train.Count, images.Train.Height, images.Train.Width));
        Assert.Equal(12, images.Test.Count);
        Assert.Equal([0, 0, 0, 1, 1, 1], images.ParentOfClass);
        foreach (var set in new[] { images.Train, images.Test })
            for (int i = 0; i < set.Count; i++)
            {
                SpinVector child = patterns.Children.Pattern(set.Labels[i]);
                int differ = Enumerable.Range(0, 64).Count(p => set.Pixels[i * 64 + p] != (child[p] > 0 ? 1f : 0f));
                Assert.Equal(8, differ);   // round(0.125 · 64)
            }
    }

    [Fact]
    public void The_same_seed_gives_the_same_images_and_another_seed_others()
    {
        HierarchicalImages a = HierarchicalImages.Generate(Small), b = HierarchicalImages.Generate(Small), c = HierarchicalImages.Generate(Small with { Seed = 5 });
        Assert.Equal(a.Train.Pixels, b.Train.Pixels);
        Assert.Equal(a.Test.Pixels, b.Test.Pixels);
        Assert.NotEqual(a.Train.Pixels, c.Train.Pixels);
    }

    [Fact]
    public void Invalid_settings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => HierarchicalImages.Generate(Small with { Flip = 0.7 }));
        Assert.Throws<ArgumentException>(() => HierarchicalImages.Generate(Small with { Side = 1 }));
        Assert.Throws<ArgumentException>(() => HierarchicalImages.Generate(Small with { B = 1.5 }));
        Assert.Throws<ArgumentException>(() => HierarchicalImages.Generate(Small with { TrainPerChild = 0 }));
    }

    [Fact]
    public void A_vae_trained_on_the_hierarchy_recovers_the_planted_parents_and_children()
    {
        // 300 Adam steps on 9 children × 100 instances of 16 × 16 (about a second): the average-linkage grouping of the
        // nine class concepts is exactly the planted parents, and every clean test input's code lies nearest its own child's concept.
        HierarchicalImages images = HierarchicalImages.Generate(new HierarchicalImageSettings());
        var settings = new VaeConceptFormationSettings
        {
            Latents = [8],
            Seeds = [0],
            Classes = 9,
            Superclass = null,
            SuperclassClusters = 3,
            PlantedSuperclass = images.ParentOfClass,
            Training = new VaeTrainingSettings
            {
                Architecture = new VaeArchitecture { Latent = 8, Height = 16, Width = 16 },
                Trainer = new TrainerSettings { Steps = 300, BatchSize = 128, LearningRate = 1e-3 },
                EvaluationImages = 50,
                ImportanceSamples = 5,
            },
            Dynamics = new RepeatedInferenceSettings { Steps = 2, Levels = [0], InputsPerClass = 10, FrameSteps = [0, 2], Examples = 1 },
        };
        VaeConceptFormationResult result = VaeConceptFormation.Run(images.Train, images.Test, settings);
        SuperclassFinding found = Assert.Single(result.Superclasses);
        Assert.Equal(1.0, found.AdjustedRandIndex);
        Assert.Equal(images.ParentOfClass, found.Superclass);
        Assert.Equal(1.0, result.Runs[0].Dynamics.Levels[0].NearestConceptIsOwn[0], 12);   // a sum of 1/n per input
    }
}
