using CsCheck;
using Engram.Alignment;

namespace Engram.Tests.Alignment;

public class PlanRoundingTests
{
    /// <summary>
    /// A plan in U(p, q) damaged as Sinkhorn leaves it: every entry scaled by a factor in [0.5, 1.5], some set to
    /// zero, and occasionally a whole row or column emptied.
    /// </summary>
    static (double[,] Plan, double[] P, double[] Q) Perturbed(int n, int m, int seed)
    {
        var random = new Random(seed);
        double[] p = TransportPlans.RandomDistribution(random, n), q = TransportPlans.RandomDistribution(random, m);
        double[,] plan = InitialPlan.Create(InitialPlanKind.Random, p, q, seed);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                plan[i, j] *= random.NextDouble() < 0.1 ? 0 : 0.5 + random.NextDouble();
        if (random.NextDouble() < 0.2) for (int j = 0; j < m; j++) plan[random.Next(n), j] = 0;
        if (random.NextDouble() < 0.2) for (int i = 0; i < n; i++) plan[i, random.Next(m)] = 0;
        return (plan, p, q);
    }

    static double L1Distance(double[,] a, double[,] b) => a.Cast<double>().Zip(b.Cast<double>(), (x, y) => Math.Abs(x - y)).Sum();

    [Fact]
    public void Rounded_plans_lie_exactly_in_the_transport_polytope()
    {
        Gen.Select(Gen.Int[1, 20], Gen.Int[1, 20], Gen.Int[0, int.MaxValue]).Sample((n, m, seed) =>
        {
            var (plan, p, q) = Perturbed(n, m, seed);
            PlanRounding.RoundToMarginals(plan, p, q);
            TransportPlans.AssertInTransportPolytope(plan, p, q, 1e-14);
        }, iter: 500);
    }

    [Fact]
    public void The_change_is_at_most_twice_the_L1_marginal_violation_which_is_returned()
    {
        // Altschuler, Weed & Rigollet 2017, Lemma 7: ‖round(F) − F‖₁ ≤ 2 (‖r(F) − p‖₁ + ‖c(F) − q‖₁).
        Gen.Select(Gen.Int[1, 20], Gen.Int[1, 20], Gen.Int[0, int.MaxValue]).Sample((n, m, seed) =>
        {
            var (plan, p, q) = Perturbed(n, m, seed);
            double[,] before = (double[,])plan.Clone();
            double expectedViolation = TransportPlans.Violation(before, p, q);
            double violation = PlanRounding.RoundToMarginals(plan, p, q);
            Assert.Equal(expectedViolation, violation, 1e-14);
            double change = L1Distance(plan, before);
            Assert.True(change <= 2 * violation + 1e-14, $"‖ΔT‖₁ = {change:G6} > 2 × violation {violation:G6}");
        }, iter: 500);
    }

    [Fact]
    public void A_plan_already_in_the_polytope_is_left_unchanged()
    {
        var random = new Random(5);
        double[] p = TransportPlans.RandomDistribution(random, 7), q = TransportPlans.RandomDistribution(random, 9);
        double[,] plan = InitialPlan.Create(InitialPlanKind.Uniform, p, q, 0);
        double[,] before = (double[,])plan.Clone();
        double violation = PlanRounding.RoundToMarginals(plan, p, q);
        Assert.True(violation < 1e-15, $"violation {violation}");
        Assert.True(L1Distance(plan, before) < 1e-15);
    }

    [Fact]
    public void An_empty_row_and_column_receive_their_whole_mass()
    {
        double[] p = [0.5, 0.5], q = [0.25, 0.75];
        double[,] plan = { { 0.25, 0 }, { 0, 0 } };       // row 1 and column 1 carry nothing
        double violation = PlanRounding.RoundToMarginals(plan, p, q);
        Assert.Equal(0.25 + 0.5 + 0.75, violation, 15);     // rows 0.25, 0.5 short; column 1 0.75 short
        TransportPlans.AssertInTransportPolytope(plan, p, q, 1e-15);
        Assert.Equal(new double[,] { { 0.25, 0.25 }, { 0, 0.5 } }, plan);
    }

    [Fact]
    public void Rows_and_columns_with_too_much_mass_are_scaled_down()
    {
        double[] p = [0.5, 0.5], q = [0.5, 0.5];
        double[,] plan = { { 1, 1 }, { 0.25, 0.25 } };
        PlanRounding.RoundToMarginals(plan, p, q);
        TransportPlans.AssertInTransportPolytope(plan, p, q, 1e-15);
        // Row 0 is scaled to 0.25 each; the columns then hold 0.5 each, so the result is uniform.
        Assert.Equal(new double[,] { { 0.25, 0.25 }, { 0.25, 0.25 } }, plan);
    }
}
