using System.CommandLine;
using Engram.Alignment;
using Engram.Alignment.Evaluation;
using Engram.Data;
using Engram.Reports;
using Engram.Studies;

namespace Engram.Cli.Alignment;

/// <summary>
/// <c>engram align X Y</c>: unsupervised alignment of two representations by entropic Gromov–Wasserstein OT,
/// with evaluation (top-k, category, k-NN after Procrustes, RSA) and a report.
/// </summary>
public static class AlignVerb
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var x = new Argument<string>("X") { Description = "first representation: .npy/.npz/.csv embedding (items × dims) or dissimilarity matrix; file.npz:key picks one array of an archive" };
        var y = new Argument<string>("Y") { Description = "second representation, items in the same order when matching rates are wanted" };
        var input = CommonOptions.Choice("--input", "how to read X and Y: auto (square, symmetric, non-negative up to float noise = dissimilarity), embedding, dissimilarity", InputKind.Auto);
        var strict = new Option<bool>("--strict") { Description = "refuse any negative entry, non-zero diagonal or asymmetry in a dissimilarity matrix instead of zeroing float noise (≤ 1e-5 × the largest entry)" };
        var metric = CommonOptions.Choice("--metric", "dissimilarity of embeddings: euclidean, sqeuclidean, cosine, correlation", DissimilarityMetric.Euclidean);
        var eps = CommonOptions.PositiveDouble("--eps", "entropic regularisation ε, as in POT/GWTune", 3);
        var init = AlignStudy.InitOption();
        var initPlan = new Option<FileInfo?>("--init-plan") { Description = "initial plan (n × m .npy/.csv) for --init user" };
        var maxIter = CommonOptions.IntAtLeast("--max-iter", "most outer iterations", 200);
        var tol = CommonOptions.NonNegativeDouble("--tol", "stop when ‖T − T_prev‖_F < tol (checked every iteration)", 1e-9);
        var lossTol = CommonOptions.NonNegativeDouble("--loss-tol", "also stop when the GW loss changed by at most this fraction over the last 10 iterations (state loss_stationary; 0 = off; default 0 for one alignment, 1e-6 for an ε search with --trials)", 0);
        var sinkhornMaxIter = CommonOptions.IntAtLeast("--sinkhorn-max-iter", "most Sinkhorn sweeps per iteration", 1000);
        var exact = new Option<bool>("--exact-sinkhorn") { Description = "solve every inner Sinkhorn problem to 1e-9 as POT does (slower; default: stop at 0.01 × the last plan change)" };
        var precision = CommonOptions.Choice("--precision", "auto (float32 until the plan stops changing at float32 resolution, then float64 until tol), single (float32 only: faster, may stop as 'stalled' above tol) or double (float64 only)", Precision.Auto);
        var refine = new Option<bool>("--refine") { Description = "refine the entropic plan by non-entropic conditional-gradient GW (equal sizes, uniform marginals); scores then refer to the refined plan" };
        var categories = new Option<FileInfo?>("--categories") { Description = "one-hot category CSV (first column names, header category names) for category-level matching" };
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var command = new Command("align",
            "Align two representations without knowing which item matches which: entropic Gromov–Wasserstein optimal transport between " +
            "their dissimilarity structures (POT's conventions, so ε carries over from POT/GWTune), then top-k and category matching, " +
            "k-NN after Procrustes and RSA.\n" +
            "Example: engram align data/things/male_embeddings.npy data/things/female_embeddings.npy " +
            "--categories data/things/category_mat_manual_preprocessed.csv --eps 3 --out runs/things")
        {
            x, y, input, strict, metric, eps, init, initPlan, maxIter, tol, lossTol, sinkhornMaxIter, exact, precision, refine, categories, seed,
        };
        report.AddTo(command);
        var study = AlignStudy.AddOptions(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            var inputSettings = new InputSettings { Input = parse.GetValue(input), Metric = parse.GetValue(metric), Strict = parse.GetValue(strict) };
            var gw = new GwSettings
            {
                Epsilon = parse.GetValue(eps), MaxIterations = parse.GetValue(maxIter), Tolerance = parse.GetValue(tol), LossTolerance = parse.GetValue(lossTol),
                SinkhornMaxIterations = parse.GetValue(sinkhornMaxIter), InexactSinkhorn = parse.GetValue(exact) ? 0 : new GwSettings { Epsilon = 1 }.InexactSinkhorn,
                Precision = parse.GetValue(precision), Seed = parse.GetValue(seed), Gemm = CliEnvironment.GemmBackend,
            };
            if (study.Requested(parse))
            {
                if (parse.GetResult(lossTol) is null or { Implicit: true }) gw = gw with { LossTolerance = EpsilonSearch.DefaultLossTolerance };
                // Every other alignment option travels into the study's settings; these three would be silently ignored.
                if (parse.GetResult(eps) is { Implicit: false })
                    throw new ArgumentException("--eps is what an ε search (--trials) searches; give its range with --eps-range LOW:HIGH instead.");
                if (parse.GetValue(refine))
                    throw new ArgumentException("--refine refines one alignment; an ε search (--trials) ranks trials by the entropic loss. Refine its best ε afterwards: engram align X Y --eps E --init I --seed S --refine.");
                if (parse.GetValue(initPlan) is not null)
                    throw new ArgumentException("--init-plan starts one alignment from a given plan; an ε search (--trials) draws its initial plans (--init uniform,random,…).");
                return study.Run(parse, context, parse.GetValue(x)!, parse.GetValue(y)!, inputSettings, parse.GetValue(categories), parse.GetValue(init)!,
                    parse.GetResult(init) is { Implicit: false }, gw, parse.GetValue(seed), parse.GetValue(report.Out), report.Formats(parse));
            }
            var (xName, xMatrix) = Read(parse.GetValue(x)!);
            var (yName, yMatrix) = Read(parse.GetValue(y)!);
            CategoryTable? table = parse.GetValue(categories) is FileInfo catFile ? CategoryTable.Read(catFile.FullName) : null;
            double[,]? userPlan = parse.GetValue(initPlan) is FileInfo planFile ? MatrixFile.Read(planFile.FullName) : null;
            InitialPlanKind initKind = AlignStudy.SingleInit(parse.GetValue(init)!);
            if (userPlan is not null && initKind != InitialPlanKind.User)
                throw new ArgumentException("--init-plan was given but --init is not 'user'; add --init user to start from that plan.");
            AlignmentInputs inputs = AlignmentInputs.Prepare(xName, xMatrix, yName, yMatrix, inputSettings, table);
            var settings = new AlignmentSettings { Gw = gw with { Init = initKind, UserPlan = userPlan }, Refine = parse.GetValue(refine) };
            AlignmentResult result = context.WithProgress($"aligning {inputs.First.Size} × {inputs.Second.Size} items",
                progress => AlignmentPipeline.Run(inputs, settings, progress));
            var summary = AlignmentSummary.Create(result);
            return report.Finish(parse, context, summary, (folder, _, formats) => AlignmentReport.Write(folder, summary, result, formats),
                (o, _) => Summarise(o, summary, parse.GetValue(report.Out)?.ToString()));   // the folder as the user wrote it
        }, SettingFlags);
        return command;
    }

    /// <summary>A matrix argument, <c>file</c> or <c>archive.npz:key</c>, and the name reports show for it.</summary>
    static (string Name, double[,] Matrix) Read(string argument)
    {
        var (path, key) = MatrixFile.SplitKey(argument);
        string name = Path.GetFileName(path) + (key is null ? "" : ":" + key);
        return (name, MatrixFile.Read(path, key));
    }

    /// <summary>The option behind each setting that library messages name (see <see cref="ErrorReporting.Report"/>).</summary>
    static readonly Dictionary<string, string> SettingFlags = new()
    {
        [nameof(InputKind)] = "--input",
        [nameof(DissimilarityMetric)] = "--metric",
        [nameof(AlignmentSettings.Refine)] = "--refine",
        [nameof(GwSettings.Precision)] = "--precision",
        [nameof(GwSettings.UserPlan)] = "--init-plan",
    };

    static void Summarise(TextWriter o, AlignmentSummary s, string? dir)
    {
        string Pct(double? v) => v is double d ? $"{d,6:0.00} %" : "     —";
        o.WriteLine($"aligned {s.Inputs[0]} ({s.InputKinds[0]}, {s.N} items) with {s.Inputs[1]} ({s.InputKinds[1]}, {s.M} items)");
        o.WriteLine($"  metric {s.Metric ?? "given"}, ε = {s.Eps:G4}, init {s.Init}, {s.Precision}, {s.Iterations} iterations, " +
                    $"{s.State}: {s.Reason}");
        o.WriteLine($"  GW loss            {s.GwLoss:F4}{(s.RefinedGwLoss is double r ? $", after refinement {r:F4}" : "")}");
        o.WriteLine($"  top-1 / 5 / 10     {Pct(s.Top1)}  {Pct(s.Top5)}  {Pct(s.Top10)}");
        if (s.CategoryTop1 is not null) o.WriteLine($"  category 1 / 5 / 10 {Pct(s.CategoryTop1)}  {Pct(s.CategoryTop5)}  {Pct(s.CategoryTop10)}");
        if (s.KnnTop1 is not null) o.WriteLine($"  k-NN (Procrustes)  {Pct(s.KnnTop1)}  {Pct(s.KnnTop5)}  {Pct(s.KnnTop10)}");
        if (s.RsaPearson is not null) o.WriteLine($"  RSA Pearson {s.RsaPearson:F4}, Spearman {s.RsaSpearman:F4}");
        o.WriteLine($"  {s.Seconds:F1} s in all: solve {s.SolveSeconds:F1} s ({s.Backend}), evaluation {s.EvaluationSeconds:F1} s");
        foreach (string w in s.Warnings) o.WriteLine($"  note: {w}");
        if (dir is not null) o.WriteLine($"wrote {dir}/index.html, result.json, plan.npy and figures");
    }
}
