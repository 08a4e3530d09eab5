using Engram.Studies;

namespace Engram.Tests.Studies;

/// <summary>Random, grid and TPE samplers: ranges, determinism, and TPE beating random search.</summary>
public sealed class SamplerTests
{
    /// <summary>An objective computed from the parameters alone.</summary>
    internal sealed class FunctionObjective(Func<TrialRun, double> f) : IStudyObjective
    {
        public ObjectiveResult Evaluate(TrialRun trial, CancellationToken cancellation) => new(f(trial), new Dictionary<string, double>());
    }

    internal static StudySnapshot RunStudy(string space, SamplerKind sampler, int trials, int seed, Func<TrialRun, double> f, PrunerKind pruner = PrunerKind.None)
    {
        var storage = new InMemoryStudyStorage();
        storage.CreateStudy(new StudyDefinition
        {
            Name = "f", Space = SearchSpace.Parse(space), Objective = "f", TargetTrials = trials, Sampler = sampler, Pruner = pruner, Seed = seed,
        });
        return new StudyWorker(storage, "f", new FunctionObjective(f)).Run().Study;
    }

    static double Sphere1(TrialRun t) => Math.Pow(Math.Log(t.Float("x") / 3), 2);

    static double Quadratic2(TrialRun t) => Math.Pow(t.Float("x") - 0.3, 2) + 2 * Math.Pow(t.Float("y") + 0.5, 2);

    [Theory]
    [InlineData("x=float[0.01,100] log", 1)]
    [InlineData("x=float[-2,2];y=float[-2,2]", 2)]
    public void Tpe_finds_lower_values_than_random_search_on_average_over_seeds(string space, int dimensions)
    {
        Func<TrialRun, double> f = dimensions == 1 ? Sphere1 : Quadratic2;
        double tpe = 0, random = 0;
        const int seeds = 10;
        for (int seed = 0; seed < seeds; seed++)
        {
            tpe += RunStudy(space, SamplerKind.Tpe, 30, seed, f).Best!.Value!.Value / seeds;
            random += RunStudy(space, SamplerKind.Random, 30, seed, f).Best!.Value!.Value / seeds;
        }
        Assert.True(tpe < 0.5 * random, $"TPE mean best {tpe:G4}, random {random:G4}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_study_and_another_seed_another()
    {
        const string space = "x=float[0.01,100] log;k=categorical[a,b,c];n=int[1,20]";
        double F(TrialRun t) => Sphere1(t) + t.Choice("k").Length + t.Int("n") * 0.01;
        Trial[] a = [.. RunStudy(space, SamplerKind.Tpe, 16, 5, F).Trials], b = [.. RunStudy(space, SamplerKind.Tpe, 16, 5, F).Trials];
        Trial[] c = [.. RunStudy(space, SamplerKind.Tpe, 16, 6, F).Trials];
        Assert.Equal(a.Select(t => (t.Parameters["x"], t.Parameters["k"], t.Parameters["n"], t.Value)), b.Select(t => (t.Parameters["x"], t.Parameters["k"], t.Parameters["n"], t.Value)));
        Assert.NotEqual(a.Select(t => t.Parameters["x"]), c.Select(t => t.Parameters["x"]));
        Assert.All(a, t => Assert.True(t.Parameters["n"] == Math.Round(t.Parameters["n"]) && t.Parameters["n"] is >= 1 and <= 20));
    }

    [Fact]
    public void Random_log_ranges_are_log_uniform()
    {
        var snapshot = RunStudy("x=float[0.001,1000] log", SamplerKind.Random, 400, 1, t => 0);
        double[] logs = snapshot.Trials.Select(t => Math.Log10(t.Parameters["x"])).ToArray();
        Assert.All(logs, l => Assert.InRange(l, -3, 3));
        Assert.InRange(logs.Average(), -0.3, 0.3);                    // linear-uniform draws would average log10 ≈ 2.7
        Assert.InRange(logs.Count(l => l < 0) / 400.0, 0.42, 0.58);
    }

    [Fact]
    public void The_grid_visits_every_point_once_with_both_ends()
    {
        var snapshot = RunStudy("x=float[1,16] log;k=categorical[a,b]", SamplerKind.Grid, 8, 0, t => 0);
        var points = snapshot.Trials.Select(t => (Math.Round(t.Parameters["x"], 9), t.Parameters["k"])).ToArray();
        Assert.Equal(8, points.Distinct().Count());
        Assert.Equal([1.0, 2.519842100, 6.349604208, 16.0], points.Select(p => p.Item1).Distinct().Order().Select(v => Math.Round(v, 6)).ToArray().Select(v => v).ToArray(), new Approx(1e-5));
    }

    sealed class Approx(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double v) => 0;
    }

    [Fact]
    public void The_constant_liar_steers_a_new_proposal_away_from_running_trials()
    {
        // Ten complete trials, the best near x = 3; five running trials sit at x = 3. With the liar they count as bad,
        // so proposals move away from 3; without it they are ignored and proposals crowd there.
        double Distance(bool liar)
        {
            double sum = 0;
            for (int seed = 0; seed < 20; seed++)
            {
                var definition = new StudyDefinition { Name = "f", Space = SearchSpace.Parse("x=float[0.01,100] log"), Objective = "f", TargetTrials = 20, Seed = seed };
                var trials = new List<Trial>();
                for (int k = 0; k < 10; k++)
                {
                    double x = Math.Exp(Math.Log(0.01) + (Math.Log(100) - Math.Log(0.01)) * (k + 0.5) / 10);
                    trials.Add(new Trial(k, TrialState.Complete, new Dictionary<string, double> { ["x"] = x }, Math.Pow(Math.Log(x / 3), 2),
                        new Dictionary<int, double>(), new Dictionary<string, double>(), "w", null, null, null, null, null, false));
                }
                for (int k = 10; k < 15; k++)
                    trials.Add(new Trial(k, TrialState.Running, new Dictionary<string, double> { ["x"] = 3 }, null,
                        new Dictionary<int, double>(), new Dictionary<string, double>(), "w", null, null, null, null, null, false));
                double proposal = new TpeSampler { ConstantLiar = liar }.Sample(new StudySnapshot(definition, trials), 15).Parameters["x"];
                sum += Math.Abs(Math.Log(proposal / 3));
            }
            return sum / 20;
        }
        Assert.True(Distance(liar: true) > 1.5 * Distance(liar: false), $"with liar {Distance(true):G3}, without {Distance(false):G3}");
    }
}
