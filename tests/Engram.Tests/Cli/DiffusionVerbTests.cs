using Engram.Data;
using Engram.Tests.Data;

namespace Engram.Tests.Cli;

/// <summary><c>engram continual diffusion</c> end to end, in-process, on the bundled subset with tiny settings.</summary>
[Collection(nameof(TorchTraining))]
public sealed class DiffusionVerbTests : IDisposable
{
    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    static string Subset => Path.GetDirectoryName(BundledData.PathOf("fashion-mnist-small/train-images-idx3-ubyte.gz"))!;

    static string[] Tiny(string output, params string[] extra) =>
        ["continual", "diffusion", "train", "--data", Subset, .. (extra.Contains("--tasks") ? Array.Empty<string>() : new[] { "--tasks", "0,1;2,3" }), "--steps", "6", "--later-steps", "3", "--channels", "8",
         "--batch", "16", "--eval-images", "12", "--out", output, .. extra];

    [Fact]
    public void Train_evaluate_and_report_write_a_complete_run_and_a_second_train_with_resume_redoes_nothing()
    {
        string run = folder.File("run");
        var (exit, output, err) = CliHarness.Run(Tiny(run, "--replay", "none,topk", "--budget", "5"));
        Assert.True(exit == 0, err);
        Assert.Contains("seed 0 topk task 2: 3 steps", output);
        byte[] checkpoint = File.ReadAllBytes(Path.Combine(run, "seed-0", "topk", "task-2.ckpt"));

        (exit, output, err) = CliHarness.Run("continual", "diffusion", "train", "--resume", "--out", run);
        Assert.True(exit == 0, err);
        Assert.Contains("seed 0 topk task 2: already done", output);
        Assert.Equal(checkpoint, File.ReadAllBytes(Path.Combine(run, "seed-0", "topk", "task-2.ckpt")));
        // The run's own command with --resume added (and another thread count) describes the run, so it is accepted;
        // one changed value is refused, and the run is left as it was.
        (exit, output, err) = CliHarness.Run([.. Tiny(run, "--replay", "none,topk", "--budget", "5"), "--resume", "--threads", "2"]);
        Assert.True(exit == 0, err);
        Assert.Contains("seed 0 topk task 2: already done", output);
        string settings = File.ReadAllText(Path.Combine(run, "run.json"));
        (exit, _, err) = CliHarness.Run([.. Tiny(run, "--replay", "none,topk", "--budget", "6"), "--resume"]);
        Assert.Equal(1, exit);
        Assert.Contains("as given describe other settings", err);
        Assert.Equal(settings, File.ReadAllText(Path.Combine(run, "run.json")));

        (exit, output, err) = CliHarness.Run("continual", "diffusion", "evaluate", "--out", run);
        Assert.True(exit == 0, err);
        Assert.Contains("Spearman ρ(energy, forgetting after task 2, none)", output);
        Assert.Contains("  seed 0 task-1 model: ", output);
        Assert.Contains(" of 64 samples memorised (nearest task-1 image closer than ⅓ of the second nearest); median distance to the nearest ", output);
        Assert.Contains("seed 0, t = 100, none, absolute forgetting (bootstrap within classes):", output);
        Assert.Contains("seed 0, t = 100, none, relative forgetting (bootstrap within classes):", output);
        Assert.Contains("seed 0, t = 100, none, reconstruction forgetting (bootstrap within classes):", output);
        Assert.Contains("  within class 0 (", output);
        Assert.Contains("  within class 1 (", output);
        Assert.Contains("  partial ρ | class, baseline error = ", output);
        Assert.Contains("ρ(energy, ink) = ", output);
        Assert.Contains("topk     forgetting of held-out images: all ", output);
        Assert.Contains("; replayed images ", output);
        foreach (string file in new[] { "result.json", "index.html", "energy_vs_forgetting.png", "forgetting_by_decile.png", "samples_topk.png", "energies_seed0.npy" })
            Assert.True(File.Exists(Path.Combine(run, file)), file);

        (exit, output, err) = CliHarness.Run("continual", "diffusion", "report", "--out", run, "--json");
        Assert.True(exit == 0, err);
        Assert.Contains("\"mean_rho\"", output);
    }

    [Fact]
    public void A_latent_run_trains_its_autoencoder_first_keeps_it_on_resume_and_evaluates_in_the_latent_space()
    {
        string run = folder.File("latent");
        var (exit, output, err) = CliHarness.Run(Tiny(run, "--space", "latent", "--autoencoder-steps", "4", "--latent-channels", "3"));
        Assert.True(exit == 0, err);
        Assert.Contains("in latent 3×8×8 of a convolutional autoencoder", output);
        Assert.Contains("autoencoder (conv autoencoder 28×28 → 3×8×8, trained on every task's images, then frozen): 4 steps in ", output);
        byte[] autoencoder = File.ReadAllBytes(Path.Combine(run, "autoencoder.ckpt"));

        (exit, _, err) = CliHarness.Run("continual", "diffusion", "train", "--resume", "--autoencoder-steps", "8", "--steps", "9", "--out", run);
        Assert.Equal(1, exit);
        Assert.Contains("--resume continues the run in ", err);
        Assert.Contains("--steps, --autoencoder-steps as given describe other settings", err);

        (exit, output, err) = CliHarness.Run("continual", "diffusion", "train", "--resume", "--out", run);
        Assert.True(exit == 0, err);
        Assert.Contains("trained on every task's images, then frozen): already done", output);
        Assert.Equal(autoencoder, File.ReadAllBytes(Path.Combine(run, "autoencoder.ckpt")));

        (exit, output, err) = CliHarness.Run("continual", "diffusion", "evaluate", "--out", run);
        Assert.True(exit == 0, err);
        Assert.Contains("unet c8 x1-2-2 g8 3×8×8 in latent 3×8×8 of a convolutional autoencoder", output);
        Assert.Contains("seed 0, t = 100, none, reconstruction forgetting (bootstrap within classes):", output);
    }

    [Fact]
    public void Seeds_trained_one_by_one_with_only_seed_give_the_checkpoints_of_one_run_and_a_plain_resume_collects_them()
    {
        string whole = folder.File("whole"), split = folder.File("split");
        Assert.Equal(0, CliHarness.Run(Tiny(whole, "--replay", "topk", "--budget", "5", "--seeds", "2")).Exit);

        var (exit, output, err) = CliHarness.Run(Tiny(split, "--replay", "topk", "--budget", "5", "--seeds", "2", "--only-seed", "1"));
        Assert.True(exit == 0, err);
        Assert.Contains("seed 1 trained", output);
        Assert.DoesNotContain("seed 0", output);
        Assert.False(Directory.Exists(Path.Combine(split, "seed-0")));
        Assert.True(File.Exists(Path.Combine(split, "training-seed-1.json")));
        // While seed 0 is untrained, the finished seed can be evaluated alone, with the numbers it has in the whole run.
        (exit, _, err) = CliHarness.Run("continual", "diffusion", "evaluate", "--out", split);
        Assert.Equal(1, exit);
        Assert.Contains("seed-0", err);
        (exit, _, err) = CliHarness.Run("continual", "diffusion", "evaluate", "--only-seeds", "1,7", "--out", split);
        Assert.Equal(1, exit);
        Assert.Contains("seed 7 is not one of the run's seeds (0, 1)", err);
        (exit, string alone, err) = CliHarness.Run("continual", "diffusion", "evaluate", "--only-seeds", "1", "--out", split);
        Assert.True(exit == 0, err);
        Assert.DoesNotContain("seed 0", alone);
        (exit, string both, err) = CliHarness.Run("continual", "diffusion", "evaluate", "--out", whole);
        Assert.True(exit == 0, err);
        static string[] SeedOne(string printed) => [.. printed.Split('\n').SkipWhile(l => !l.StartsWith("seed 1,", StringComparison.Ordinal))
            .TakeWhile(l => !l.StartsWith("seed 0,", StringComparison.Ordinal) && !l.Contains(" over seeds", StringComparison.Ordinal))];
        Assert.True(SeedOne(alone).Length > 10, alone);
        Assert.Equal(SeedOne(both).Take(SeedOne(alone).Length), SeedOne(alone));
        Assert.Contains("one seed, so no intervals over seeds: ρ at t = 100 ", alone);
        Assert.Contains(" over seeds: ", both);
        (exit, _, err) = CliHarness.Run("continual", "diffusion", "train", "--resume", "--only-seed", "0", "--out", split);
        Assert.True(exit == 0, err);
        (exit, output, err) = CliHarness.Run("continual", "diffusion", "train", "--resume", "--out", split);
        Assert.True(exit == 0, err);
        Assert.Contains("seed 0 topk task 2: already done", output);
        Assert.Contains("seed 1 topk task 2: already done", output);
        foreach (string stage in new[] { "seed-0/task-1.ckpt", "seed-0/topk/task-2.ckpt", "seed-1/task-1.ckpt", "seed-1/topk/task-2.ckpt" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole, stage)), File.ReadAllBytes(Path.Combine(split, stage)));

        (exit, _, err) = CliHarness.Run("continual", "diffusion", "train", "--resume", "--only-seed", "7", "--out", split);
        Assert.Equal(1, exit);
        Assert.Contains("seed 7 is not one of the run's seeds (0, 1)", err);
    }

    [Theory]
    [InlineData("--tasks 0,1;1,2", "class 1 is named twice")]
    [InlineData("--tasks 0,1;10", "class 10, which does not exist")]
    [InlineData("--replay topk --budget 500", "the replay budget (500) is larger than task 1 (120 images), of which 108 may be replayed (12 are held out for evaluation); choose a budget ≤ 108.")]
    [InlineData("--replay topk --budget 115 --unstratified", "larger than the replay pool (108 task-1 images that are not evaluated)")]
    [InlineData("--replay random --budget 109", "whose replay pool holds")]
    [InlineData("--replay sometimes", "--replay: 'sometimes' is not one of")]
    [InlineData("--ratio 1.5", "--ratio must be in [0, 1]")]
    [InlineData("--space voxels", "--space: 'voxels' is not one of pixels, latent")]
    [InlineData("--latent-channels 4", "add --space latent")]
    [InlineData("--space latent --latent-channels 0", "--latent-channels")]
    public void Bad_settings_give_one_line_and_exit_code_1(string options, string message)
    {
        string[] args = Tiny(folder.File("bad"), options.Split(' '));
        var (exit, _, err) = CliHarness.Run(args);
        Assert.Equal(1, exit);
        Assert.Contains(message, err);
        Assert.DoesNotContain("   at ", err);
        Assert.False(File.Exists(Path.Combine(folder.File("bad"), "run.json")));   // nothing written, so the same --out can be used again
    }

    [Fact]
    public void A_replay_run_whose_evaluation_holds_out_all_of_task_1_is_refused_once_with_both_limits_named()
    {
        string[] args = [.. Tiny(folder.File("bad"), "--replay", "topk", "--budget", "500").Select(a => a == "12" ? "120" : a)];
        var (exit, _, err) = CliHarness.Run(args);
        Assert.Equal(1, exit);
        Assert.Contains("no task-1 image is left to replay: all 120 are held out for evaluation (--eval-images 120); give --eval-images below 120", err);
        Assert.False(Directory.Exists(folder.File("bad")));
    }

    [Fact]
    public void Missing_or_corrupt_idx_files_are_named_with_the_command_that_installs_the_data()
    {
        string data = folder.File("data");
        Directory.CreateDirectory(data);
        var (exit, _, err) = CliHarness.Run("continual", "diffusion", "train", "--data", data, "--out", folder.File("x"));
        Assert.Equal(1, exit);
        Assert.Contains("train-images-idx3-ubyte.gz", err);
        Assert.Contains(FashionMnist.InstallCommand, err);

        foreach (string f in Directory.GetFiles(Subset, "*.gz")) File.Copy(f, Path.Combine(data, Path.GetFileName(f)));
        File.WriteAllBytes(Path.Combine(data, "train-labels-idx1-ubyte.gz"), [1, 2, 3, 4]);
        (exit, _, err) = CliHarness.Run("continual", "diffusion", "train", "--data", data, "--out", folder.File("y"));
        Assert.Equal(1, exit);
        Assert.Contains("train-labels-idx1-ubyte.gz", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void A_run_folder_whose_checkpoint_has_another_shape_or_a_newer_format_is_refused_on_resume()
    {
        string run = folder.File("shape");
        Assert.Equal(0, CliHarness.Run(Tiny(run)).Exit);
        string description = Path.Combine(run, "run.json");
        File.WriteAllText(description, File.ReadAllText(description).Replace("\"base_channels\": 8", "\"base_channels\": 16"));
        var (exit, _, err) = CliHarness.Run("continual", "diffusion", "train", "--resume", "--out", run);
        Assert.Equal(1, exit);
        Assert.Contains("another model shape", err);

        string fresh = folder.File("fresh");
        var (again, _, _) = CliHarness.Run(Tiny(fresh));
        Assert.Equal(0, again);
        string checkpoint = Path.Combine(fresh, "seed-0", "task-1.ckpt");
        byte[] bytes = File.ReadAllBytes(checkpoint);
        BitConverter.GetBytes(Engram.Training.TrainingCheckpoint.FormatVersion + 1).CopyTo(bytes, 8);
        File.WriteAllBytes(checkpoint, bytes);
        (exit, _, err) = CliHarness.Run("continual", "diffusion", "evaluate", "--out", fresh);
        Assert.Equal(1, exit);
        Assert.Contains($"format {Engram.Training.TrainingCheckpoint.FormatVersion + 1}", err);

        (exit, _, err) = CliHarness.Run(Tiny(fresh));
        Assert.Equal(1, exit);
        Assert.Contains("already holds a run; add --resume", err);
    }
}
