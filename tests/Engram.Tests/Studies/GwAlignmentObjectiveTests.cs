using Engram.Alignment;
using Engram.Numerics;
using Engram.Studies;

namespace Engram.Tests.Studies;

/// <summary>The ε search objective on a small rotated copy: intermediate losses, attributes, the plan artefact, degenerate results.</summary>
public sealed class GwAlignmentObjectiveTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("engram-gw-study-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    static AlignmentInputs Inputs(double noise = 0)
    {
        var random = Seeding.Create(3);
        int n = 24;
        var x = new double[n, 3];
        for (int i = 0; i < n; i++) for (int k = 0; k < 3; k++) x[i, k] = random.NextGaussian() * (k + 1);
        var y = new double[n, 3];   // rotated by 90° in the first plane: same distances
        for (int i = 0; i < n; i++) { y[i, 0] = -x[i, 1]; y[i, 1] = x[i, 0]; y[i, 2] = x[i, 2] + noise * random.NextGaussian(); }
        return AlignmentInputs.Prepare("x", x, "y", y);
    }

    [Fact]
    public void A_gw_study_records_losses_every_10_iterations_every_metric_and_the_best_plan()
    {
        var storage = new InMemoryStudyStorage();
        storage.CreateStudy(new StudyDefinition
        {
            Name = "gw", Space = SearchSpace.Parse("eps=float[0.5,5] log;init=categorical[random,uniform]"), Objective = "gw", TargetTrials = 4,
            Sampler = SamplerKind.Random, Seed = 1,
        });
        var objective = new GwAlignmentObjective(Inputs(), new AlignmentSettings { Gw = new GwSettings { Epsilon = 1, MaxIterations = 40, Precision = Precision.Double } });
        var result = new StudyWorker(storage, "gw", objective) { ArtefactDirectory = dir }.Run();
        Assert.Equal(4, result.Complete);
        Trial best = result.Study.Best!;
        foreach (Trial t in result.Study.Trials)
        {
            Assert.Equal(t.Value, t.Attributes["gw_loss"]);
            Assert.All(t.Intermediate.Keys, step => Assert.Equal(0, step % 10));
            // The loss is observed entering iterations 10, 20, … that run: floor((iterations − 1) / 10) values, at those steps.
            int iterations = (int)t.Attributes["iterations"];
            Assert.Equal(Enumerable.Range(1, (iterations - 1) / 10).Select(k => 10 * k), t.Intermediate.Keys);
            foreach (string key in new[] { "top1", "top5", "top10", "knn_top1", "rsa_pearson", "solve_seconds", "trial_seconds" }) Assert.True(t.Attributes.ContainsKey(key), key);
        }
        double[,] plan = Engram.Data.MatrixFile.Read(Path.Combine(dir, $"trial-{best.Number}", "plan.npy"));
        Assert.Equal(best.Value!.Value, EntropicGromovWasserstein.Loss(new GwProblem(Inputs().First.Dissimilarity, Inputs().Second.Dissimilarity), plan), 1e-9);
    }

    [Fact]
    public void A_zero_loss_between_different_inputs_or_a_non_finite_plan_is_degenerate_and_a_sound_result_is_not()
    {
        AlignmentInputs inputs = Inputs(noise: 0.1);
        AlignmentResult sound = AlignmentPipeline.Run(inputs, new AlignmentSettings { Gw = new GwSettings { Epsilon = 1, MaxIterations = 20 } });
        Assert.Null(GwAlignmentObjective.Degeneracy(sound, inputs));
        var collapsed = sound with { Entropic = sound.Entropic with { GwLoss = 0 } };
        Assert.StartsWith("degenerate: GW loss 0 between different inputs", GwAlignmentObjective.Degeneracy(collapsed, inputs));
        double[,] broken = (double[,])sound.Plan.Clone();
        broken[0, 0] = double.NaN;
        Assert.Equal("degenerate: the plan has non-finite entries", GwAlignmentObjective.Degeneracy(sound with { Entropic = sound.Entropic with { Plan = broken } }, inputs));
        double[,] light = (double[,])sound.Plan.Clone();
        for (int j = 0; j < light.GetLength(1); j++) light[0, j] = 0;
        Assert.StartsWith("degenerate: the plan carries mass", GwAlignmentObjective.Degeneracy(sound with { Entropic = sound.Entropic with { Plan = light } }, inputs));
    }
}
