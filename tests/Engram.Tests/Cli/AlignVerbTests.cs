using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using Engram.Data;
using Engram.Tests.Data;

namespace Engram.Tests.Cli;

/// <summary><c>engram align</c> end to end, in-process, on tiny files written to a scratch folder.</summary>
public sealed partial class AlignVerbTests : IDisposable
{
    const int N = 12;
    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>n points in d dimensions, standard normal, from <paramref name="seed"/>.</summary>
    static double[,] Points(int n, int d, int seed)
    {
        var random = new Random(seed);
        var x = new double[n, d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) x[i, k] = Engram.Numerics.StandardNormal.NextGaussian(random);
        return x;
    }

    /// <summary>
    /// x rotated in the plane of its first two axes: the same distances, different coordinates. (Not shifted: k-NN after
    /// Procrustes uses Q from svd(Xᵀ T Y) without centring, as GWTune does, so a translated copy would not be matched.)
    /// </summary>
    static double[,] Moved(double[,] x)
    {
        double c = Math.Cos(0.7), s = Math.Sin(0.7);
        var y = (double[,])x.Clone();
        for (int i = 0; i < x.GetLength(0); i++)
        {
            y[i, 0] = c * x[i, 0] - s * x[i, 1];
            y[i, 1] = s * x[i, 0] + c * x[i, 1];
        }
        return y;
    }

    static double[,] Take(double[,] x, int rows)
    {
        var y = new double[rows, x.GetLength(1)];
        for (int i = 0; i < rows; i++) for (int k = 0; k < x.GetLength(1); k++) y[i, k] = x[i, k];
        return y;
    }

    static double[,] Distances(double[,] x) => Engram.Alignment.Dissimilarity.FromEmbedding(x, Engram.Alignment.DissimilarityMetric.Euclidean);

    string Npy(string name, double[,] matrix)
    {
        string path = folder.File(name);
        Engram.Data.Npy.Write(path, matrix);
        return path;
    }

    /// <summary>A one-hot category file for n items in 3 categories (item i in category i mod 3).</summary>
    string Categories(string name, int n) =>
        folder.WriteText(name, ",animal,tool,food\n" + string.Concat(Enumerable.Range(0, n).Select(i =>
            $"item{i},{(i % 3 == 0 ? 1 : 0)},{(i % 3 == 1 ? 1 : 0)},{(i % 3 == 2 ? 1 : 0)}\n")));

    /// <summary>X, its moved copy Y (same items, same order) and their category file.</summary>
    (string X, string Y, string Categories) Pair()
    {
        double[,] x = Points(N, 3, seed: 11);
        return (Npy("x.npy", x), Npy("y.npy", Moved(x)), Categories("categories.csv", N));
    }

    static (int Exit, string Out, string Err) Align(params string[] args) => CliHarness.Run(["align", .. args]);

    static JsonElement Succeeds(params string[] args)
    {
        var (exit, output, error) = Align(args);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        using var doc = JsonDocument.Parse(output);          // the whole of stdout is one JSON value…
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);   // …and it is an object
        return doc.RootElement.Clone();
    }

    [GeneratedRegex(@"\w*Exception\b")]
    private static partial Regex ExceptionName();

    /// <summary>
    /// Exit code 1, one line on stderr that holds every fragment, no stack trace or exception type, and (with
    /// --json and without) nothing on stdout.
    /// </summary>
    static void BadInput(string[] args, params string[] fragments)
    {
        foreach (string[] variant in new[] { [.. args, "--json"], args })
        {
            var (exit, output, error) = Align(variant);
            string command = "engram align " + string.Join(' ', variant);
            Assert.True(exit == 1, $"{command}: exit {exit}, stderr: {error}");
            Assert.True(output == "", $"{command}: stdout holds {output}");
            string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(lines.Length == 1, $"{command}: {lines.Length} lines on stderr:\n{error}");
            Assert.DoesNotContain("   at ", error);
            Assert.DoesNotMatch(ExceptionName(), error);
            foreach (string fragment in fragments) Assert.Contains(fragment, lines[0]);
        }
    }

    static double Number(JsonElement json, string name) =>
        json.TryGetProperty(name, out JsonElement value) ? value.GetDouble() : throw new Xunit.Sdk.XunitException($"no '{name}' in {json}");

    [Fact]
    public void Json_output_is_one_object_with_every_documented_field()
    {
        var (x, y, categories) = Pair();
        // ε = 0.1 converges on every instruction set tried (at 0.05 the float32 phase of this 12-point pair never settled
        // with AVX2 in 100 iterations, while it converged without: a run that ends by max_iter proves nothing here).
        JsonElement json = Succeeds(x, y, "--categories", categories, "--eps", "0.1", "--max-iter", "100", "--json");
        Assert.Equal(N, json.GetProperty("n").GetInt32());
        Assert.Equal(N, json.GetProperty("m").GetInt32());
        Assert.Equal(0.1, Number(json, "eps"));
        Assert.Equal("uniform", json.GetProperty("init").GetString());
        int iterations = json.GetProperty("iterations").GetInt32();
        Assert.InRange(iterations, 1, 100);
        Assert.True(json.GetProperty("converged").GetBoolean(), json.ToString());
        // Y is an isometric copy of X: GW finds the identity; what is left is the entropic blur of the plan at this ε.
        Assert.True(Number(json, "gw_loss") is >= 0 and <= 1e-2, json.ToString());
        Assert.Equal(100, Number(json, "top1"));
        Assert.Equal(100, Number(json, "top5"));
        Assert.Equal(100, Number(json, "top10"));
        Assert.Equal(100, Number(json, "category_top1"));
        Assert.Equal(100, Number(json, "knn_top1"));
        Assert.Equal(1, Number(json, "rsa_pearson"), 12);          // identical distances
        Assert.Equal(1, Number(json, "rsa_spearman"), 12);
        Assert.InRange(Number(json, "seconds"), 0, 60);
    }

    [Fact]
    public void Scores_that_do_not_apply_are_left_out_of_the_json()
    {
        double[,] x = Points(N, 3, seed: 5);
        string dx = Npy("dx.npy", Distances(x)), dy = Npy("dy.npy", Distances(Moved(x)));
        JsonElement json = Succeeds(dx, dy, "--max-iter", "5", "--json");              // dissimilarities: no embeddings, no categories
        Assert.Equal("dissimilarity", json.GetProperty("input_kinds")[0].GetString());
        Assert.False(json.TryGetProperty("knn_top1", out _));
        Assert.False(json.TryGetProperty("category_top1", out _));
        Assert.InRange(Number(json, "top1"), 0, 100);
        Assert.Equal(1, Number(json, "rsa_pearson"), 12);

        json = Succeeds(Npy("x.npy", x), Npy("y10.npy", Take(x, 10)), "--max-iter", "5", "--json");   // different item sets
        Assert.Equal(N, json.GetProperty("n").GetInt32());
        Assert.Equal(10, json.GetProperty("m").GetInt32());
        Assert.True(double.IsFinite(Number(json, "gw_loss")));
        foreach (string name in new[] { "top1", "knn_top1", "rsa_pearson" })
            Assert.False(json.TryGetProperty(name, out _), $"{name} is reported for different item sets");
    }

    [Fact]
    public void Out_writes_result_plan_figures_and_report()
    {
        var (x, y, categories) = Pair();
        string dir = folder.File("run");
        var (exit, output, error) = Align(x, y, "--categories", categories, "--eps", "0.05", "--max-iter", "10", "--out", dir);
        Assert.True(exit == 0, error);
        Assert.Contains("GW loss", output);
        Assert.Contains("index.html", output);

        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "result.json")));
        Assert.Equal(N, result.RootElement.GetProperty("n").GetInt32());
        Assert.True(result.RootElement.TryGetProperty("category_top1", out _));

        NpyArray plan = Engram.Data.Npy.Read(Path.Combine(dir, "plan.npy"));
        Assert.Equal([N, N], plan.Shape);
        double[,] t = plan.ToMatrix("plan.npy");
        for (int i = 0; i < N; i++)
        {
            Assert.Equal(1.0 / N, Enumerable.Range(0, N).Sum(j => t[i, j]), 1e-12);
            Assert.Equal(1.0 / N, Enumerable.Range(0, N).Sum(j => t[j, i]), 1e-12);
            Assert.All(Enumerable.Range(0, N), j => Assert.True(t[i, j] >= 0));
        }

        foreach (string png in new[] { "dissimilarity_1.png", "dissimilarity_2.png", "plan.png", "loss.png" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(dir, png));
            Assert.True(bytes.Length > 1000, $"{png} has {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        string html = File.ReadAllText(Path.Combine(dir, "index.html"));
        foreach (string png in new[] { "dissimilarity_1.png", "dissimilarity_2.png", "plan.png", "loss.png" })
            Assert.Contains(png, html);
        Assert.Contains("GW loss", html);
    }

    [Fact]
    public void An_npz_archive_member_is_chosen_with_a_colon_and_a_missing_one_lists_the_keys()
    {
        double[,] x = Points(N, 3, seed: 11);
        string archive = folder.File("both.npz");
        Engram.Data.Npz.Write(archive, new Dictionary<string, NpyArray> { ["male"] = NpyArray.FromMatrix(x), ["female"] = NpyArray.FromMatrix(Moved(x)) });
        JsonElement json = Succeeds(archive + ":male", archive + ":female", "--eps", "0.05", "--max-iter", "20", "--json");
        Assert.Equal(100, Number(json, "top1"));
        Assert.Equal("both.npz:male", json.GetProperty("inputs")[0].GetString());
        BadInput([archive + ":missing", archive + ":female"], "has no array 'missing'", "'male', 'female'");
        BadInput([archive, archive + ":female"], "say which one to read");
    }

    [Fact]
    public void A_user_initial_plan_and_a_tiny_asymmetry_are_accepted()
    {
        double[,] x = Points(N, 3, seed: 3);
        double[,] d = Distances(x);
        d[0, 1] *= 1 + 1e-9;                                        // rounding-level asymmetry: repaired, with a note
        var plan = new double[N, N];
        for (int i = 0; i < N; i++) plan[i, (i + 1) % N] = 1.0 / N;
        JsonElement json = Succeeds(Npy("d.npy", d), Npy("e.npy", Distances(Moved(x))), "--input", "dissimilarity",
            "--init", "user", "--init-plan", Npy("plan.npy", plan), "--max-iter", "3", "--json");
        Assert.Equal("user", json.GetProperty("init").GetString());
        Assert.Contains("asymmetry", json.GetProperty("warnings")[0].GetString());
    }

    [Fact]
    public void Equidistant_items_align_although_their_RSA_is_undefined()
    {
        var d = new double[6, 6];
        for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) d[i, j] = i == j ? 0 : 1;
        string path = Npy("simplex.npy", d);
        JsonElement json = Succeeds(path, path, "--max-iter", "3", "--json");
        Assert.True(double.IsFinite(Number(json, "gw_loss")));
        Assert.False(json.TryGetProperty("rsa_pearson", out _));
    }

    [Theory]
    [InlineData("sqeuclidean", "sqeuclidean")]
    [InlineData("Cosine", "cosine")]
    [InlineData("CORRELATION", "correlation")]
    public void Metric_names_are_read_in_any_case(string given, string reported)
    {
        var (x, y, _) = Pair();
        JsonElement json = Succeeds(x, y, "--metric", given, "--init", "Random", "--precision", "double", "--max-iter", "2", "--json");
        Assert.Equal(reported, json.GetProperty("metric").GetString());
        Assert.Equal("random", json.GetProperty("init").GetString());
        Assert.Equal("float64", json.GetProperty("precision").GetString());
    }

    [Fact]
    public void Missing_empty_and_unreadable_files_are_bad_input()
    {
        var (x, y, _) = Pair();
        BadInput([folder.File("absent.npy"), y], "absent.npy", "does not exist");
        BadInput([folder.WriteBytes("empty.npy", []), y], "empty.npy", "is empty");
        BadInput([x, folder.WriteText("empty.csv", "")], "empty.csv", "is empty");
        BadInput([folder.WriteText("text.npy", "0.5,1.5\n2.5,3.5\n"), y], "text.npy", "is not a .npy file");
        BadInput([folder.WriteBytes("cut.npy", File.ReadAllBytes(x)[..150]), y], "cut.npy", "is truncated");
        BadInput([folder.WriteBytes("corrupt.npz", [.. "PK\u0003\u0004"u8, .. File.ReadAllBytes(x)[..100]]), y], "corrupt.npz", "is not a valid .npz");
        BadInput([folder.WriteText("x.mat", "1 2\n3 4\n"), y], "x.mat", "extension '.mat'");
        BadInput([x, Npy("vector.npy", new double[1, 1])], "vector.npy", "at least 2");
        string oneD = folder.File("flat.npy");
        Engram.Data.Npy.Write(oneD, new double[] { 1, 2, 3 });
        BadInput([oneD, y], "flat.npy", "expected a 2-D matrix");
        BadInput([x], "'Y'");
    }

    [Fact]
    public void Invalid_embeddings_are_bad_input_naming_the_file()
    {
        var (x, _, _) = Pair();
        BadInput([folder.WriteText("nan.csv", "1,2,3\n4,nan,6\n7,8,9.5\n0,1,0\n"), x], "nan.csv[1, 1] is NaN");
        double[,] zeroRow = Points(N, 3, 2);
        for (int k = 0; k < 3; k++) zeroRow[4, k] = 0;
        BadInput([Npy("zero.npy", zeroRow), x, "--metric", "cosine"], "zero.npy row 4 is all zeros");
        BadInput([Npy("same.npy", new double[5, 2]), x], "all zeros");
        var huge = Points(N, 3, 2);
        for (int i = 0; i < N; i++) for (int k = 0; k < 3; k++) huge[i, k] *= 1e20;
        BadInput([Npy("huge.npy", huge), Npy("huge2.npy", huge)], "overflow", "or use double precision", "(option --precision)");
    }

    [Fact]
    public void Invalid_dissimilarities_are_bad_input_naming_the_file_and_entries()
    {
        double[,] d = Distances(Points(5, 2, 1));
        string good = Npy("good.npy", d);
        double[,] negative = (double[,])d.Clone();
        negative[1, 3] = negative[3, 1] = -0.5;
        BadInput([Npy("negative.npy", negative), good, "--input", "dissimilarity"], "negative.npy[1, 3] = -0.5 is negative");
        double[,] asymmetric = (double[,])d.Clone();
        asymmetric[2, 0] += 0.3;
        BadInput([good, Npy("asymmetric.npy", asymmetric), "--input", "dissimilarity"], "asymmetric.npy is not symmetric", "[0, 2]", "[2, 0]");
        BadInput([Npy("tall.npy", Points(6, 2, 1)), good, "--input", "dissimilarity"], "tall.npy must be a square", "6 × 2");
    }

    [Fact]
    public void Category_files_that_do_not_fit_are_bad_input()
    {
        var (x, y, categories) = Pair();
        string y10 = Npy("y10.npy", Take(Points(N, 3, 11), 10));
        BadInput([x, y10, "--categories", categories], "categories.csv", "12 and 10 items");
        BadInput([x, y, "--categories", Categories("short.csv", 10)], "short.csv has 10 rows", "12 and 12 items");
        BadInput([x, y, "--categories", folder.File("nowhere.csv")], "nowhere.csv", "does not exist");
    }

    [Theory]
    [InlineData("--eps", "0", "--eps must be > 0")]
    [InlineData("--eps", "-1", "--eps must be > 0")]
    [InlineData("--eps", "abc", "--eps: 'abc' is not a finite number")]
    [InlineData("--eps", "NaN", "--eps: 'NaN' is not a finite number")]
    [InlineData("--max-iter", "0", "--max-iter must be ≥ 1")]
    [InlineData("--max-iter", "2.5", "--max-iter: '2.5' is not a whole number")]
    [InlineData("--tol", "-1", "--tol must be ≥ 0")]
    [InlineData("--metric", "manhattan", "--metric", "'manhattan'", "euclidean")]
    [InlineData("--init", "identity", "--init", "'identity'", "diagonal")]
    [InlineData("--input", "distances", "--input", "'distances'", "dissimilarity")]
    [InlineData("--precision", "half", "--precision", "'half'", "double")]
    public void Impossible_option_values_are_bad_input_naming_the_option(string option, string value, params string[] fragments)
    {
        var (x, y, _) = Pair();
        BadInput([x, y, option, value], fragments);
    }

    [Fact]
    public void Initial_plans_that_cannot_be_built_are_bad_input()
    {
        var (x, y, _) = Pair();
        string y10 = Npy("y10.npy", Take(Points(N, 3, 11), 10));
        BadInput([x, y10, "--init", "diagonal"], "diagonal initial plan needs equal sizes", "12 and 10");
        BadInput([x, y10, "--init", "permutation"], "permutation initial plan needs equal sizes");
        BadInput([x, y, "--init", "user"], "no initial plan was given");
        BadInput([x, y, "--init", "user", "--init-plan", Npy("plan.npy", new double[3, 4])], "initial plan is 3 × 4", "12 × 12");
    }

    [Fact]
    public void Damaged_npy_files_never_crash_or_hang()
    {
        double[,] x = Points(8, 3, seed: 4);
        string y = Npy("y.npy", Moved(x));
        byte[] valid = File.ReadAllBytes(Npy("valid.npy", x));
        string damaged = folder.File("damaged.npy");
        var clock = Stopwatch.StartNew();
        // kind 0 cuts the file short, 1 overwrites bytes, 2 inserts bytes, 3 replaces the whole file with random bytes.
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, valid.Length - 1], Gen.Byte.Array[1, 64]).Sample((kind, at, bytes) =>
        {
            File.WriteAllBytes(damaged, kind == 3 ? bytes : NpyTests.Damage(valid, kind, at, bytes));
            var run = Stopwatch.StartNew();
            var (exit, output, error) = Align(damaged, y, "--max-iter", "3", "--json");
            Assert.True(run.Elapsed < TimeSpan.FromSeconds(10), $"one run took {run.Elapsed}");
            if (kind is 0 or 3) Assert.True(exit == 1, $"exit {exit} for an unreadable file: {error}");
            AssertSucceededOrFailedCleanly(exit, output, error);
        }, iter: 500, threads: 1);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"500 damaged files took {clock.Elapsed}");
    }

    [Fact]
    public void Random_text_as_a_CSV_file_never_crashes_or_hangs()
    {
        string y = Npy("y.npy", Points(4, 2, seed: 9));
        string csv = folder.File("random.csv");
        var clock = Stopwatch.StartNew();
        Gen.Char["0123456789.,;\t -+eEnaNifI\"x\n"].Array[0, 80].Sample(chars =>
        {
            File.WriteAllText(csv, new string(chars));
            var (exit, output, error) = Align(csv, y, "--max-iter", "3", "--json");
            AssertSucceededOrFailedCleanly(exit, output, error);
        }, iter: 500, threads: 1);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"500 random CSV files took {clock.Elapsed}");
    }

    /// <summary>Exit 0 with one JSON object on stdout, or exit 1 with one line on stderr and nothing on stdout; never 2, never a trace.</summary>
    static void AssertSucceededOrFailedCleanly(int exit, string output, string error)
    {
        Assert.True(exit is 0 or 1, $"exit {exit}: {error}");
        if (exit == 0)
        {
            JsonDocument.Parse(output).Dispose();
            return;
        }
        Assert.Equal("", output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotMatch(ExceptionName(), error);
    }
}
