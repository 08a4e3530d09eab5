using Engram.Alignment;
using Engram.Data;

namespace Engram.Tests.Alignment;

/// <summary>"converged" means ‖T − T_prev‖_F ≤ tol in the precision that computed the plan (issue 8, point 2).</summary>
public class ConvergenceStateTests
{
    static GwProblem Synthetic()
    {
        double[,] a = MatrixFile.Read(BundledData.PathOf("synthetic/cosine_float32_a.npy"));
        double[,] b = MatrixFile.Read(BundledData.PathOf("synthetic/cosine_float32_b.npy"));
        return new GwProblem(a, b);
    }

    static readonly GwSettings Settings = new() { Epsilon = 0.01, MaxIterations = 200 };

    [Fact]
    public void Float32_alone_reports_stalled_with_its_floor_not_converged()
    {
        GwResult single = EntropicGromovWasserstein.Solve(Synthetic(), Settings with { Precision = Precision.Single });
        Assert.Equal(GwState.Stalled, single.State);
        Assert.False(single.Converged);
        Assert.True(single.Floor > Settings.Tolerance, $"floor {single.Floor:G3}");
        Assert.True(single.LastPlanChange > Settings.Tolerance && single.LastPlanChange <= single.Floor);
        Assert.Contains("float32 resolution", single.Reason);
    }

    [Fact]
    public void The_default_finishes_in_float64_and_reaches_the_float64_exact_loss()
    {
        GwProblem problem = Synthetic();
        GwResult auto = EntropicGromovWasserstein.Solve(problem, Settings);
        GwResult exact = EntropicGromovWasserstein.Solve(problem, Settings with { Precision = Precision.Double, InexactSinkhorn = 0 });
        Assert.Equal(Precision.Auto, Settings.Precision);
        Assert.Equal(GwState.Converged, auto.State);
        Assert.True(auto.LastPlanChange <= Settings.Tolerance);
        Assert.StartsWith("float32 for ", auto.PrecisionUsed);
        Assert.EndsWith("then float64", auto.PrecisionUsed);
        Assert.True(auto.GwLoss <= exact.GwLoss * (1 + 1e-3), $"auto {auto.GwLoss:R}, float64 exact {exact.GwLoss:R}");
        Assert.Equal(exact.GwLoss, auto.GwLoss, 1e-8 * exact.GwLoss);
    }

    [Fact]
    public void A_run_cut_by_max_iter_says_max_iter()
    {
        GwResult r = EntropicGromovWasserstein.Solve(Synthetic(), Settings with { MaxIterations = 5 });
        Assert.Equal(GwState.MaxIterations, r.State);
        Assert.Contains("reached max_iter = 5", r.Reason);
    }

    [Theory]
    [InlineData(Precision.Double)]
    [InlineData(Precision.Auto)]
    public void A_loss_tolerance_ends_the_solve_as_loss_stationary_when_the_loss_stops_moving_and_says_so(Precision precision)
    {
        GwProblem problem = Synthetic();
        var settings = Settings with { Precision = precision, LossTolerance = 1e-4, Tolerance = 0 };
        GwResult r = EntropicGromovWasserstein.Solve(problem, settings);
        Assert.Equal(GwState.LossStationary, r.State);
        Assert.False(r.Converged);
        Assert.Equal(0, r.Iterations % settings.ObserveEvery);
        Assert.Contains("loss_tol = 0.0001", r.Reason);
        // The returned plan's loss is within the tolerance of the loss ten iterations earlier (up to the final rounding onto U(p, q)) …
        double earlier = r.History.Single(h => h.Iteration == r.Iterations - settings.ObserveEvery).GwLoss;
        Assert.True(Math.Abs(r.GwLoss - earlier) <= 1.01e-4 * r.GwLoss, $"{r.GwLoss:R} vs {earlier:R}");
        // … the check ten iterations before that was not yet within it, and the run stopped before tol = 0 could stop it.
        GwResult without = EntropicGromovWasserstein.Solve(problem, settings with { LossTolerance = 0, MaxIterations = r.Iterations + 20 });
        Assert.NotEqual(GwState.LossStationary, without.State);
        Assert.True(without.Iterations > r.Iterations);
        Assert.Equal(without.History[r.Iterations - 1].GwLoss, r.History[^1].GwLoss);   // the same path up to the stop
    }

    [Fact]
    public void A_negative_or_non_finite_loss_tolerance_is_refused()
    {
        Assert.Contains("loss tolerance", Assert.Throws<ArgumentException>(() => (Settings with { LossTolerance = -1 }).Validate()).Message);
        Assert.Contains("loss tolerance", Assert.Throws<ArgumentException>(() => (Settings with { LossTolerance = double.NaN }).Validate()).Message);
    }
}
