using CsCheck;
using Engram.Alignment;

namespace Engram.Tests.Alignment;

public class InitialPlanTests
{
    static double[,] Outer(double[] p, double[] q)
    {
        var t = new double[p.Length, q.Length];
        for (int i = 0; i < p.Length; i++) for (int j = 0; j < q.Length; j++) t[i, j] = p[i] * q[j];
        return t;
    }

    static ArgumentException Rejected(InitialPlanKind kind, double[] p, double[] q, double[,]? user, params string[] fragments)
    {
        var e = Assert.Throws<ArgumentException>(() => InitialPlan.Create(kind, p, q, seed: 1, user));
        foreach (string fragment in fragments) Assert.Contains(fragment, e.Message);
        return e;
    }

    [Theory]
    [InlineData(InitialPlanKind.Uniform)]
    [InlineData(InitialPlanKind.Random)]
    [InlineData(InitialPlanKind.User)]
    public void Plans_for_any_marginals_lie_in_the_transport_polytope(InitialPlanKind kind)
    {
        Gen.Select(Gen.Int[1, 15], Gen.Int[1, 15], Gen.Int[0, int.MaxValue]).Sample((n, m, seed) =>
        {
            var random = new Random(seed);
            double[] p = TransportPlans.RandomDistribution(random, n), q = TransportPlans.RandomDistribution(random, m);
            double[,] plan = InitialPlan.Create(kind, p, q, seed, kind == InitialPlanKind.User ? Outer(p, q) : null);
            TransportPlans.AssertInTransportPolytope(plan, p, q, 1e-12);
        }, iter: 200);
    }

    [Fact]
    public void Diagonal_plans_lie_in_the_transport_polytope_and_are_diagonal()
    {
        Gen.Select(Gen.Int[1, 15], Gen.Int[0, int.MaxValue]).Sample((n, seed) =>
        {
            double[] p = TransportPlans.RandomDistribution(new Random(seed), n);
            double[,] plan = InitialPlan.Create(InitialPlanKind.Diagonal, p, (double[])p.Clone(), seed);
            TransportPlans.AssertInTransportPolytope(plan, p, p, 1e-12);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (i != j) Assert.Equal(0.0, plan[i, j]);
        }, iter: 100);
    }

    [Fact]
    public void Permutation_plans_lie_in_the_transport_polytope_with_one_entry_of_1_over_n_per_row_and_column()
    {
        Gen.Select(Gen.Int[1, 15], Gen.Int[0, int.MaxValue]).Sample((n, seed) =>
        {
            double[] p = Marginals.Uniform(n);
            double[,] plan = InitialPlan.Create(InitialPlanKind.Permutation, p, p, seed);
            TransportPlans.AssertInTransportPolytope(plan, p, p, 1e-12);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(1, Enumerable.Range(0, n).Count(j => plan[i, j] != 0));
                Assert.Equal(1, Enumerable.Range(0, n).Count(j => plan[j, i] != 0));
                Assert.Equal(1.0 / n, Enumerable.Range(0, n).Max(j => plan[i, j]));
            }
        }, iter: 100);
    }

    [Fact]
    public void Uniform_is_the_outer_product_p_q()
    {
        double[] p = [0.2, 0.3, 0.5], q = [0.6, 0.4];
        Assert.Equal(Outer(p, q), InitialPlan.Create(InitialPlanKind.Uniform, p, q, seed: 0));
    }

    [Theory]
    [InlineData(InitialPlanKind.Random)]
    [InlineData(InitialPlanKind.Permutation)]
    public void Seeded_plans_are_reproducible_and_differ_between_seeds(InitialPlanKind kind)
    {
        double[] p = Marginals.Uniform(12);
        double[,] first = InitialPlan.Create(kind, p, p, seed: 7);
        Assert.Equal(first, InitialPlan.Create(kind, p, p, seed: 7));
        for (int seed = 8; seed < 12; seed++)
            Assert.NotEqual(first, InitialPlan.Create(kind, p, p, seed));
    }

    [Fact]
    public void Random_plans_are_not_the_uniform_plan()
    {
        double[] p = Marginals.Uniform(6), q = Marginals.Uniform(5);
        double[,] plan = InitialPlan.Create(InitialPlanKind.Random, p, q, seed: 3);
        double spread = plan.Cast<double>().Max() / plan.Cast<double>().Min();
        Assert.True(spread > 2, $"largest / smallest entry = {spread}");
    }

    [Theory]
    [InlineData(InitialPlanKind.Diagonal)]
    [InlineData(InitialPlanKind.Permutation)]
    public void Diagonal_and_permutation_plans_reject_unequal_sizes(InitialPlanKind kind) =>
        Rejected(kind, Marginals.Uniform(4), Marginals.Uniform(5), null, kind.ToString().ToLowerInvariant(), "equal sizes", "got 4 and 5 items");

    [Fact]
    public void The_diagonal_plan_rejects_unequal_marginals() =>
        Rejected(InitialPlanKind.Diagonal, [0.5, 0.5], [0.25, 0.75], null, "equal marginals");

    [Fact]
    public void The_permutation_plan_rejects_non_uniform_marginals() =>
        Rejected(InitialPlanKind.Permutation, [0.5, 0.5], [0.25, 0.75], null, "uniform marginals");

    [Fact]
    public void A_user_plan_is_required_for_the_user_kind() =>
        Rejected(InitialPlanKind.User, Marginals.Uniform(3), Marginals.Uniform(3), null, "no plan was given");

    [Fact]
    public void A_user_plan_of_the_wrong_shape_is_rejected_with_both_shapes() =>
        Rejected(InitialPlanKind.User, Marginals.Uniform(3), Marginals.Uniform(4), new double[4, 3], "the initial plan is 4 × 3 but the problem is 3 × 4");

    [Theory]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_user_plan_with_a_negative_or_non_finite_entry_is_rejected_naming_it(double bad)
    {
        double[] p = Marginals.Uniform(3);
        double[,] plan = Outer(p, p);
        plan[1, 2] = bad;
        Rejected(InitialPlanKind.User, p, p, plan, $"initial plan[1, 2] = {bad}", "≥ 0");
    }

    [Fact]
    public void A_user_plan_with_the_wrong_marginals_is_rejected_with_the_size_of_the_error()
    {
        double[] p = Marginals.Uniform(3), q = [0.5, 0.3, 0.2];
        Rejected(InitialPlanKind.User, p, q, Outer(p, p), "marginals differ from p and q by 0.333 (L1)");
        double[,] almost = Outer(p, q);
        almost[0, 0] += 2 * InitialPlan.UserPlanTolerance;
        Rejected(InitialPlanKind.User, p, q, almost, "marginals differ");
    }

    [Fact]
    public void A_user_plan_is_taken_as_a_copy()
    {
        double[] p = Marginals.Uniform(3);
        double[,] plan = Outer(p, p);
        plan[0, 0] += 0.4 * InitialPlan.UserPlanTolerance;       // within tolerance: accepted as given
        double[,] taken = InitialPlan.Create(InitialPlanKind.User, p, p, seed: 0, plan);
        Assert.Equal(plan, taken);
        Assert.NotSame(plan, taken);
    }
}
