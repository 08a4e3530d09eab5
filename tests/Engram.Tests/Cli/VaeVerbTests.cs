using Engram.Data;
using Engram.Tests.Data;

namespace Engram.Tests.Cli;

/// <summary><c>engram vae</c> end to end, in-process, on the bundled subset with tiny settings.</summary>
[Collection(nameof(TorchTraining))]
public sealed class VaeVerbTests : IDisposable
{
    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    static string Subset => Path.GetDirectoryName(BundledData.PathOf("fashion-mnist-small/train-images-idx3-ubyte.gz"))!;

    string Train(string name, params string[] extra)
    {
        string model = folder.File(name);
        var (exit, _, err) = CliHarness.Run(["vae", "train", "--data", Subset, "--latent", "3", "--hidden", "16", "--steps", "20", "--batch", "32",
            "--eval-images", "20", "--samples", "5", "--out", model, .. extra]);
        Assert.True(exit == 0, err);
        return model;
    }

    [Fact]
    public void Train_then_dynamics_write_reports_and_the_same_seed_gives_the_same_checkpoint_bytes()
    {
        string a = Train("a"), b = Train("b");
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "model.ckpt")), File.ReadAllBytes(Path.Combine(b, "model.ckpt")));
        Assert.True(File.Exists(Path.Combine(a, "loss_curve.png")));
        string dynamics = folder.File("dynamics");
        var (exit, output, err) = CliHarness.Run("vae", "dynamics", "--model", a, "--noise", "0,0.5", "--steps", "4", "--inputs", "2", "--out", dynamics);
        Assert.True(exit == 0, err);
        Assert.Contains("noise 0.5: own concept", output);
        Assert.True(File.Exists(Path.Combine(dynamics, "frames_noise_0.5.png")));
        Assert.True(File.Exists(Path.Combine(dynamics, "index.html")));
        Assert.Contains("bitflip noise", output);   // the default for a binarized model
        Assert.Contains("along the trajectory (t ≥ 1)", output);

        string refused = folder.File("refused");
        (exit, _, err) = CliHarness.Run("vae", "dynamics", "--model", a, "--noise-kind", "gaussian", "--steps", "2", "--inputs", "1", "--out", refused);
        Assert.Equal(1, exit);
        Assert.Contains("--off-distribution", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(refused));
        (exit, output, err) = CliHarness.Run("vae", "dynamics", "--model", a, "--noise-kind", "gaussian", "--off-distribution", "--noise", "0.5", "--steps", "2", "--inputs", "1");
        Assert.True(exit == 0, err);
        Assert.Contains("gaussian noise", output);
    }

    [Theory]
    [InlineData("--latent 0", "--latent must be ≥ 1")]
    [InlineData("--noise 0,1.5", "noise levels in [0, 1]")]
    public void Impossible_values_give_one_line_and_exit_code_1(string arguments, string expected)
    {
        string verb = arguments.StartsWith("--noise", StringComparison.Ordinal) ? "dynamics" : "train";
        var (exit, _, err) = CliHarness.Run(["vae", verb, .. arguments.Split(' '), "--out", folder.File("x")]);
        Assert.Equal(1, exit);
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void A_checkpoint_of_another_shape_and_corrupt_data_files_give_one_line_and_exit_code_1()
    {
        string model = Train("shape");
        string json = Path.Combine(model, "model.json");
        File.WriteAllText(json, File.ReadAllText(json).Replace("\"latent\": 3", "\"latent\": 5"));
        var (exit, _, err) = CliHarness.Run("vae", "dynamics", "--model", model, "--steps", "2", "--inputs", "1");
        Assert.Equal(1, exit);
        Assert.Contains("another model shape", err);
        Assert.Single(err.Trim().Split('\n'));

        string data = folder.File("corrupt");
        Directory.CreateDirectory(data);
        foreach (string file in Directory.GetFiles(Subset, "*.gz")) File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        File.WriteAllBytes(Path.Combine(data, "train-images-idx3-ubyte.gz"), File.ReadAllBytes(Path.Combine(Subset, "train-images-idx3-ubyte.gz"))[..5000]);
        (exit, _, err) = CliHarness.Run("vae", "train", "--data", data, "--steps", "2", "--out", folder.File("never"));
        Assert.Equal(1, exit);
        Assert.Contains("train-images-idx3-ubyte.gz", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void Report_trains_missing_models_and_summarises_over_seeds()
    {
        string report = folder.File("report");
        var (exit, output, err) = CliHarness.Run("vae", "report", "--data", Subset, "--latent", "2,3", "--seeds", "2", "--train-steps", "10", "--hidden", "16",
            "--eval-images", "10", "--samples", "3", "--steps", "3", "--noise", "0,0.5", "--inputs", "1", "--out", report);
        Assert.True(exit == 0, err);
        Assert.Contains("latent 3: test log p̂", output);
        Assert.True(File.Exists(Path.Combine(report, "models", "latent-2-seed-1.ckpt")));
        foreach (string figure in new[] { "finding1_concept_then_memory.png", "finding2_abstraction.png", "finding3_log_likelihood_vs_latent.png" })
            Assert.True(File.Exists(Path.Combine(report, figure)), figure);
    }

    [Fact]
    public void Digits_and_the_synthetic_hierarchy_train_and_run_and_the_model_folder_remembers_its_data()
    {
        string digits = folder.File("digits");
        var (exit, output, err) = CliHarness.Run("vae", "train", "--data", "digits", "--latent", "3", "--hidden", "16", "--steps", "10", "--eval-images", "10", "--samples", "2", "--out", digits);
        Assert.True(exit == 0, err);
        Assert.Contains("64-16-3", output);   // 8 × 8 pixels
        (exit, output, err) = CliHarness.Run("vae", "dynamics", "--model", digits, "--steps", "2", "--inputs", "1", "--noise", "0");
        Assert.True(exit == 0, err);
        Assert.Contains("superclasses (found by average-linkage clustering of the concepts)", output);

        string synthetic = folder.File("synthetic");
        (exit, output, err) = CliHarness.Run("vae", "train", "--data", "synthetic:side=8,train=5,test=2", "--latent", "3", "--hidden", "16", "--steps", "10", "--eval-images", "10", "--samples", "2", "--out", synthetic);
        Assert.True(exit == 0, err);
        Assert.Contains("on 45 training images", output);
        (exit, output, err) = CliHarness.Run("vae", "dynamics", "--model", synthetic, "--steps", "2", "--inputs", "1", "--noise", "0", "--superclasses", "given");
        Assert.True(exit == 0, err);
        Assert.Contains("superclasses (given): {p0c0, p0c1, p0c2} {p1c0, p1c1, p1c2} {p2c0, p2c1, p2c2}", output);
    }

    [Fact]
    public void Report_with_early_stop_prints_why_each_model_stopped()
    {
        var (exit, output, err) = CliHarness.Run("vae", "report", "--data", "synthetic:side=8,train=4,test=2", "--latent", "3", "--seeds", "1", "--train-steps", "40", "--hidden", "16",
            "--early-stop", "--eval-every", "10", "--patience", "2", "--eval-images", "10", "--samples", "2", "--steps", "2", "--noise", "0", "--inputs", "1");
        Assert.True(exit == 0, err);
        Assert.Matches(@"latent 3, seed 0: (stopped at step \d+: validation ELBO did not improve for 2 evaluations|reached the step limit 40 (before|as the patience ran out))", output);
        Assert.Contains("adjusted Rand index with the planted parents", output);
    }

    [Theory]
    [InlineData("train", "--data synthetic:parents=x", "parents=x is not an integer")]
    [InlineData("train", "--data synthetic:colour=3", "unknown key 'colour'")]
    [InlineData("train", "--data synthetic:flip=0.9", "flip fraction must be in [0, 0.5]")]
    [InlineData("train", "--data synthetic --train-images 10", "set train= (instances per child)")]
    [InlineData("report", "--data digits --superclasses given", "comes with no grouping")]
    [InlineData("report", "--data digits --superclasses 11", "in 1 … 10")]
    [InlineData("report", "--data digits --patience 3", "only with --early-stop")]
    [InlineData("report", "--data digits --early-stop --model m", "leave out --model")]
    public void Bad_data_superclass_and_early_stop_options_give_one_line_and_exit_code_1(string verb, string arguments, string expected)
    {
        string output = folder.File("bad");
        var (exit, _, err) = CliHarness.Run(["vae", verb, .. arguments.Split(' '), "--out", output]);
        Assert.Equal(1, exit);
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(output));
    }
}
