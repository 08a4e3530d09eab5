using Engram.Alignment;

namespace Engram.Tests.Alignment;

public class GwSettingsTests
{
    static readonly GwSettings Valid = new() { Epsilon = 3 };

    static void Rejected(GwSettings settings, string parameter, params string[] fragments)
    {
        var e = Assert.Throws<ArgumentException>(settings.Validate);
        Assert.Equal(parameter, e.ParamName);
        foreach (string fragment in fragments) Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void The_defaults_are_the_published_protocol_and_valid()
    {
        Valid.Validate();
        Assert.Equal(200, Valid.MaxIterations);
        Assert.Equal(1e-9, Valid.Tolerance);
        Assert.Equal(1, Valid.CheckEvery);
        Assert.Equal(InitialPlanKind.Uniform, Valid.Init);
        Assert.Equal(1000, Valid.SinkhornMaxIterations);
        (Valid with { Tolerance = 0 }).Validate();                  // run to max_iter
        (Valid with { Epsilon = 1e-12 }).Validate();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Eps_must_be_finite_and_positive(double eps) =>
        Rejected(Valid with { Epsilon = eps }, nameof(GwSettings.Epsilon), "eps must be a finite number > 0", $"got {eps}");

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Max_iter_must_be_at_least_one(int maxIter) =>
        Rejected(Valid with { MaxIterations = maxIter }, nameof(GwSettings.MaxIterations), "max_iter must be ≥ 1", $"got {maxIter}");

    [Theory]
    [InlineData(-1e-9)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Tol_must_be_finite_and_non_negative(double tol) =>
        Rejected(Valid with { Tolerance = tol }, nameof(GwSettings.Tolerance), "tol must be a finite number ≥ 0", $"got {tol}");

    [Fact]
    public void The_check_interval_must_be_at_least_one() =>
        Rejected(Valid with { CheckEvery = 0 }, nameof(GwSettings.CheckEvery), "check interval must be ≥ 1", "got 0");

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-9)]
    [InlineData(double.NaN)]
    public void The_Sinkhorn_tolerance_must_be_positive(double tol) =>
        Rejected(Valid with { SinkhornTolerance = tol }, nameof(GwSettings.SinkhornTolerance), "Sinkhorn tolerance must be > 0", $"got {tol}");

    [Fact]
    public void The_Sinkhorn_iteration_cap_must_be_at_least_one() =>
        Rejected(Valid with { SinkhornMaxIterations = 0 }, nameof(GwSettings.SinkhornMaxIterations), "Sinkhorn iteration cap must be ≥ 1", "got 0");

    [Fact]
    public void The_user_initial_plan_needs_a_plan() =>
        Rejected(Valid with { Init = InitialPlanKind.User }, nameof(GwSettings.UserPlan), "init is 'user' but no initial plan was given");

    [Fact]
    public void The_solver_refuses_invalid_settings_before_doing_any_work()
    {
        var problem = new GwProblem(new double[,] { { 0, 1 }, { 1, 0 } }, new double[,] { { 0, 2 }, { 2, 0 } });
        var e = Assert.Throws<ArgumentException>(() => EntropicGromovWasserstein.Solve(problem, Valid with { Epsilon = 0 }));
        Assert.Contains("eps", e.Message);
    }
}
