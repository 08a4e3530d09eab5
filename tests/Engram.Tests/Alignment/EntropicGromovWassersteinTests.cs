using Engram.Alignment;

namespace Engram.Tests.Alignment;

public class EntropicGromovWassersteinTests
{
    static GwResult Solve(PotFixture f, Precision precision, int? maxIter = null) =>
        EntropicGromovWasserstein.Solve(new GwProblem(f.D1, f.D2, f.P, f.Q),
            new GwSettings { Epsilon = f.Eps, MaxIterations = maxIter ?? f.MaxIter, Precision = precision, InexactSinkhorn = 0 });

    static double MaxAbsDifference(double[,] a, double[,] b)
    {
        double worst = 0;
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) worst = Math.Max(worst, Math.Abs(a[i, j] - b[i, j]));
        return worst;
    }

    static void AssertMarginals(double[,] plan, double[] p, double[] q, double tolerance, double? rowTolerance = null)
    {
        for (int i = 0; i < p.Length; i++)
        {
            double row = 0;
            for (int j = 0; j < q.Length; j++) { Assert.True(plan[i, j] >= 0, $"plan[{i},{j}] = {plan[i, j]} < 0"); row += plan[i, j]; }
            Assert.True(Math.Abs(row - p[i]) <= (rowTolerance ?? tolerance), $"row {i} sums to {row}, p = {p[i]}");
        }
        for (int j = 0; j < q.Length; j++)
        {
            double column = 0;
            for (int i = 0; i < p.Length; i++) column += plan[i, j];
            Assert.True(Math.Abs(column - q[j]) <= tolerance, $"column {j} sums to {column}, q = {q[j]}");
        }
    }

    [Fact]
    public void Float64_plan_and_loss_agree_with_POT_on_unequal_sizes_and_non_uniform_marginals()
    {
        var f = PotFixture.Load("random_30x24");
        GwResult r = Solve(f, Precision.Double);
        Assert.Equal(f.MaxIter, r.Iterations);
        Assert.True(MaxAbsDifference(r.Plan, f.Plan) < 1e-7, $"max |T − T_POT| = {MaxAbsDifference(r.Plan, f.Plan):G3}");
        Assert.Equal(f.GwLoss, r.GwLoss, 1e-7 * f.GwLoss);
    }

    [Theory]
    [InlineData(SinkhornAcceleration.Anderson)]
    [InlineData(SinkhornAcceleration.OverRelaxation)]
    [InlineData(SinkhornAcceleration.None)]
    public void Every_inner_acceleration_reaches_POTs_plan(SinkhornAcceleration acceleration)
    {
        var f = PotFixture.Load("random_30x24");
        GwResult r = EntropicGromovWasserstein.Solve(new GwProblem(f.D1, f.D2, f.P, f.Q),
            new GwSettings { Epsilon = f.Eps, MaxIterations = f.MaxIter, Precision = Precision.Double, InexactSinkhorn = 0, SinkhornAcceleration = acceleration });
        Assert.True(MaxAbsDifference(r.Plan, f.Plan) < 1e-7, $"max |T − T_POT| = {MaxAbsDifference(r.Plan, f.Plan):G3}");
        Assert.Equal(0, r.CappedSinkhornSolves);
    }

    /// <summary>The first <paramref name="n"/> THINGS concepts, male vs female embeddings, euclidean.</summary>
    static GwProblem ThingsSubset(int n)
    {
        double[,] Head(string file)
        {
            double[,] all = Engram.Data.MatrixFile.Read(Engram.Data.BundledData.PathOf(file));
            var head = new double[n, all.GetLength(1)];
            for (int i = 0; i < n; i++) for (int k = 0; k < all.GetLength(1); k++) head[i, k] = all[i, k];
            return Dissimilarity.FromEmbedding(head, DissimilarityMetric.Euclidean);
        }
        return new GwProblem(Head("things/male_embeddings.npy"), Head("things/female_embeddings.npy"));
    }

    [Fact]
    public void Anderson_needs_far_fewer_inner_sweeps_and_hits_the_sweep_cap_less_than_plain_or_over_relaxed_Sinkhorn_at_small_eps()
    {
        GwProblem problem = ThingsSubset(200);
        GwResult Run(SinkhornAcceleration acceleration) => EntropicGromovWasserstein.Solve(problem,
            new GwSettings { Epsilon = 1, MaxIterations = 20, Precision = Precision.Double, SinkhornAcceleration = acceleration });
        GwResult plain = Run(SinkhornAcceleration.None), relaxed = Run(SinkhornAcceleration.OverRelaxation), anderson = Run(SinkhornAcceleration.Anderson);
        string counts = $"Anderson {anderson.SinkhornIterations} sweeps ({anderson.CappedSinkhornSolves} capped), over-relaxed {relaxed.SinkhornIterations} " +
                        $"({relaxed.CappedSinkhornSolves}), plain {plain.SinkhornIterations} ({plain.CappedSinkhornSolves})";
        Assert.True(anderson.SinkhornIterations * 3 < Math.Min(plain.SinkhornIterations, relaxed.SinkhornIterations), counts);
        Assert.True(anderson.CappedSinkhornSolves < Math.Min(plain.CappedSinkhornSolves, relaxed.CappedSinkhornSolves), counts);
    }

    [Fact]
    public void The_default_solve_of_a_things_subset_converges_below_tol_with_inexact_warm_started_inner_solves()
    {
        // The README's case in small: float32, then float64 until ‖T − T_prev‖_F ≤ 1e-9 with inexact, warm-started,
        // accelerated inner solves. (The full THINGS case, where inner solves that skipped their last column update
        // stalled at a few 1e-9, is the README's slow example, which .ci/run checks.)
        GwResult r = EntropicGromovWasserstein.Solve(ThingsSubset(200), new GwSettings { Epsilon = 3 });
        Assert.True(r.State == GwState.Converged, $"{r.State}: {r.Reason}");
        Assert.True(r.Iterations < 100, r.Reason);
    }

    [Fact]
    public void Float32_plan_agrees_with_POT_to_float32_accuracy()
    {
        var f = PotFixture.Load("random_30x24");
        GwResult r = Solve(f, Precision.Single);
        Assert.True(MaxAbsDifference(r.Plan, f.Plan) < 1e-5, $"max |T − T_POT| = {MaxAbsDifference(r.Plan, f.Plan):G3}");
        Assert.Equal(f.GwLoss, r.GwLoss, 1e-4 * f.GwLoss);
    }

    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Double)]
    public void Colour_dissimilarities_reproduce_POTs_loss_at_eps_0_1(Precision precision)
    {
        var f = PotFixture.Load("color_eps0.1");
        GwResult r = Solve(f, precision, maxIter: 40);   // the loss settles by iteration 20 (docs/alignment.md)
        Assert.Equal(1.7776, f.GwLoss, 4);                       // docs/science.md §4
        // POT's inner Sinkhorn stops at 1000 iterations here with its marginals off by ~1e-3, so its loss is that
        // of a slightly infeasible plan; ours is rounded onto U(p, q). The bar: within 0.5 %.
        Assert.True(Math.Abs(r.GwLoss - f.GwLoss) <= 5e-3 * f.GwLoss, $"loss {r.GwLoss} vs POT {f.GwLoss}");
    }

    [Theory]
    [InlineData(Precision.Single, 1e-6)]
    [InlineData(Precision.Double, 1e-9)]
    public void Plan_marginals_equal_p_and_q_and_entries_are_non_negative(Precision precision, double tolerance)
    {
        var f = PotFixture.Load("random_30x24");
        GwResult r = Solve(f, precision);
        AssertMarginals(r.Plan, f.P, f.Q, tolerance);
    }

    [Fact]
    public void A_rotated_and_permuted_copy_is_matched_perfectly_at_small_eps()
    {
        var f = PotFixture.Load("rotated_permuted_20");
        GwResult r = Solve(f, Precision.Double);
        for (int i = 0; i < 20; i++)
        {
            int best = Enumerable.Range(0, 20).MaxBy(j => r.Plan[i, j]);
            int potBest = Enumerable.Range(0, 20).MaxBy(j => f.Plan[i, j]);
            Assert.Equal(potBest, best);
            Assert.True(r.Plan[i, best] > 0.9 / 20, $"row {i} puts only {r.Plan[i, best] * 20:P1} of its mass on its match");
        }
        Assert.True(r.GwLoss < 1e-3);
    }

    [Fact]
    public void Tiny_eps_where_plain_Sinkhorn_underflows_still_gives_a_finite_feasible_plan()
    {
        var f = PotFixture.Load("random_30x24");
        GwResult r = EntropicGromovWasserstein.Solve(new GwProblem(f.D1, f.D2, f.P, f.Q),
            new GwSettings { Epsilon = 1e-4, MaxIterations = 30, Precision = Precision.Single });
        Assert.True(double.IsFinite(r.GwLoss));
        foreach (double x in r.Plan) Assert.True(double.IsFinite(x));
        // At this ε Sinkhorn cannot balance the marginals in 1000 sweeps: the result must say so, and the
        // returned plan is still rounded onto U(p, q).
        AssertMarginals(r.Plan, f.P, f.Q, 1e-12);
        Assert.False(r.Converged);
        Assert.Contains("Sinkhorn", r.Reason);
        Assert.Contains("rounded", r.Reason);
        Assert.True(r.GwLoss > 0);
    }

    /// <summary>80 points in 3-d and 70 in 4-d, uniform in the unit cube, and their squared euclidean distances.</summary>
    static (double[,] X, double[,] Y, double[,] D1, double[,] D2) SquaredEuclideanPair(int seed)
    {
        var random = new Random(seed);
        var x = new double[80, 3];
        var y = new double[70, 4];
        for (int i = 0; i < 80; i++) for (int k = 0; k < 3; k++) x[i, k] = random.NextDouble();
        for (int i = 0; i < 70; i++) for (int k = 0; k < 4; k++) y[i, k] = random.NextDouble();
        return (x, y, Dissimilarity.FromEmbedding(x, DissimilarityMetric.SqEuclidean), Dissimilarity.FromEmbedding(y, DissimilarityMetric.SqEuclidean));
    }

    [Fact]
    public void Low_rank_product_path_gives_the_dense_result_for_squared_euclidean_costs()
    {
        var (x, y, d1, d2) = SquaredEuclideanPair(seed: 1);
        var settings = new GwSettings { Epsilon = 0.01, MaxIterations = 20, Precision = Precision.Double };
        var lowRankProblem = new GwProblem(d1, d2, factors1: LowRankFactors.SqEuclidean(x), factors2: LowRankFactors.SqEuclidean(y));
        Assert.True(lowRankProblem.UsesLowRankProduct);
        GwResult lowRank = EntropicGromovWasserstein.Solve(lowRankProblem, settings);
        GwResult dense = EntropicGromovWasserstein.Solve(new GwProblem(d1, d2), settings);
        Assert.Contains("low-rank", lowRank.Backend);
        Assert.True(MaxAbsDifference(lowRank.Plan, dense.Plan) < 1e-10);
        Assert.Equal(dense.GwLoss, lowRank.GwLoss, 1e-10);
    }

    [Fact]
    public void Low_rank_float32_with_embeddings_shifted_by_1e3_agrees_with_float64()
    {
        // ‖x‖² ≈ 3e6 against distances ≈ 0.5: uncentred float32 factors would lose the distances to cancellation.
        var (x, y, d1, d2) = SquaredEuclideanPair(seed: 2);
        double[,] Shifted(double[,] e) { var s = (double[,])e.Clone(); for (int i = 0; i < s.GetLength(0); i++) for (int k = 0; k < s.GetLength(1); k++) s[i, k] += 1e3; return s; }
        var shifted = new GwProblem(d1, d2, factors1: LowRankFactors.SqEuclidean(Shifted(x)), factors2: LowRankFactors.SqEuclidean(Shifted(y)));
        Assert.True(shifted.UsesLowRankProduct);
        var settings = new GwSettings { Epsilon = 0.01, MaxIterations = 20 };
        GwResult single = EntropicGromovWasserstein.Solve(shifted, settings with { Precision = Precision.Single });
        GwResult reference = EntropicGromovWasserstein.Solve(new GwProblem(d1, d2), settings with { Precision = Precision.Double });
        double largest = reference.Plan.Cast<double>().Max();
        Assert.True(MaxAbsDifference(single.Plan, reference.Plan) < 1e-3 * largest, $"plans differ by {MaxAbsDifference(single.Plan, reference.Plan):G3}");
        Assert.Equal(reference.GwLoss, single.GwLoss, 1e-4 * reference.GwLoss);
    }

    [Fact]
    public void Loss_of_a_plan_equals_the_quadruple_sum_definition()
    {
        var f = PotFixture.Load("random_30x24");
        var problem = new GwProblem(f.D1, f.D2, f.P, f.Q);
        double[,] plan = Solve(f, Precision.Double).Plan;   // the identity needs exact marginals
        double direct = 0;
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 24; j++)
                for (int k = 0; k < 30; k++)
                    for (int l = 0; l < 24; l++)
                    {
                        double diff = f.D1[i, k] - f.D2[j, l];
                        direct += diff * diff * plan[i, j] * plan[k, l];
                    }
        Assert.Equal(direct, EntropicGromovWasserstein.Loss(problem, plan), 1e-8);
    }

    [Fact]
    public void Stopping_on_tolerance_reports_convergence_and_max_iter_reports_its_absence()
    {
        var f = PotFixture.Load("random_30x24");
        var problem = new GwProblem(f.D1, f.D2, f.P, f.Q);
        GwResult loose = EntropicGromovWasserstein.Solve(problem, new GwSettings { Epsilon = f.Eps, Tolerance = 1e-7, MaxIterations = 1000, Precision = Precision.Double });
        Assert.True(loose.Converged, loose.Reason);
        Assert.True(loose.Iterations < 1000);
        Assert.True(loose.LastPlanChange <= 1e-7);
        // Checked at every iteration: the solve ends at the first change ≤ tol.
        Assert.All(loose.History.SkipLast(1), h => Assert.True(h.PlanChange > 1e-7, $"iteration {h.Iteration} changed the plan by {h.PlanChange:G3}"));
        GwResult potCadence = EntropicGromovWasserstein.Solve(problem, new GwSettings { Epsilon = f.Eps, Tolerance = 1e-7, MaxIterations = 1000, Precision = Precision.Double, CheckEvery = 10 });
        Assert.True(potCadence.Converged, potCadence.Reason);
        Assert.Equal(0, (potCadence.Iterations - 1) % 10);       // POT's cadence: checks at iterations 0, 10, 20, …
        Assert.True(potCadence.Iterations >= loose.Iterations && potCadence.Iterations < loose.Iterations + 10);
        GwResult capped = EntropicGromovWasserstein.Solve(problem, new GwSettings { Epsilon = f.Eps, MaxIterations = 3, Tolerance = 0, Precision = Precision.Double });
        Assert.False(capped.Converged);
        Assert.Contains("max_iter", capped.Reason);
    }

    [Theory]
    [InlineData(Precision.Single, 5e18)]
    [InlineData(Precision.Double, 3.6e153)]
    public void Dissimilarities_too_large_for_the_working_precision_are_refused_rather_than_giving_a_NaN_loss(Precision precision, double scale)
    {
        var f = PotFixture.Load("random_30x24");
        double max = f.D1.Cast<double>().Concat(f.D2.Cast<double>()).Max();
        var problem = new GwProblem(Scaled(f.D1, scale / max), Scaled(f.D2, scale / max));
        var settings = new GwSettings { Epsilon = 1, MaxIterations = 2, Precision = precision };
        var e = Assert.Throws<ArgumentException>(() => EntropicGromovWasserstein.Solve(problem, settings));
        Assert.Contains("overflow", e.Message);
        Assert.Contains("ε by c²", e.Message);
        if (precision == Precision.Single) Assert.Contains("double precision", e.Message);
        // Just below the limit the loss is finite (and scales as the square of the dissimilarities).
        var below = new GwProblem(Scaled(f.D1, 0.9 * scale / max), Scaled(f.D2, 0.9 * scale / max));
        GwResult r = EntropicGromovWasserstein.Solve(below, settings);
        Assert.True(double.IsFinite(r.GwLoss) && r.GwLoss > 0, $"GW loss {r.GwLoss}");
        foreach (double x in r.Plan) Assert.True(double.IsFinite(x));
    }

    static double[,] Scaled(double[,] d, double factor)
    {
        var result = (double[,])d.Clone();
        for (int i = 0; i < d.GetLength(0); i++) for (int j = 0; j < d.GetLength(1); j++) result[i, j] *= factor;
        return result;
    }
}

public class BundledSimulationAlignmentTests
{
    [Fact]
    public void A_rotated_and_permuted_copy_of_a_bundled_simulation_embedding_is_matched_perfectly_at_small_eps()
    {
        double[,] x = Engram.Data.MatrixFile.Read(Engram.Data.BundledData.PathOf("simulation/simulation2_embedding1.npy"));
        int n = x.GetLength(0);
        Assert.Equal((50, 3), (n, x.GetLength(1)));
        // y_{π(i)} = R x_i with a fixed rotation R about a skew axis and a seeded permutation π.
        double c = Math.Cos(1.1), s = Math.Sin(1.1);
        double[,] rz = { { c, -s, 0 }, { s, c, 0 }, { 0, 0, 1 } }, rx = { { 1, 0, 0 }, { 0, c, -s }, { 0, s, c } };
        int[] perm = Enumerable.Range(0, n).ToArray();
        new Random(11).Shuffle(perm);
        var y = new double[n, 3];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++)
                    for (int k = 0; k < 3; k++) y[perm[i], a] += rz[a, b] * rx[b, k] * x[i, k];
        var problem = new GwProblem(Dissimilarity.FromEmbedding(x, DissimilarityMetric.Euclidean), Dissimilarity.FromEmbedding(y, DissimilarityMetric.Euclidean));
        GwResult r = EntropicGromovWasserstein.Solve(problem, new GwSettings { Epsilon = 1e-3, MaxIterations = 300, Precision = Precision.Double });
        Assert.True(r.Converged, r.Reason);
        for (int i = 0; i < n; i++)
            Assert.Equal(perm[i], Enumerable.Range(0, n).MaxBy(j => r.Plan[i, j]));
        double uniformLoss = EntropicGromovWasserstein.Loss(problem, InitialPlan.Create(InitialPlanKind.Uniform, problem.P, problem.Q, 0));
        Assert.True(r.GwLoss < 1e-2 * uniformLoss, $"loss {r.GwLoss} against {uniformLoss} for the uniform plan");
    }
}

public class ThingsAlignmentTests
{
    [Fact]
    [Trait("Category", "Slow")] // about 10 s in Release, longer in the Debug test build; the benchmark gw-things times it
    public void THINGS_male_vs_female_at_eps_3_is_no_worse_than_POT_and_matches_its_accuracy()
    {
        var x = Representation.FromEmbedding("male", Engram.Data.MatrixFile.Read(Engram.Data.BundledData.PathOf("things/male_embeddings.npy")), DissimilarityMetric.Euclidean);
        var y = Representation.FromEmbedding("female", Engram.Data.MatrixFile.Read(Engram.Data.BundledData.PathOf("things/female_embeddings.npy")), DissimilarityMetric.Euclidean);
        GwResult r = EntropicGromovWasserstein.Solve(new GwProblem(x.Dissimilarity, y.Dissimilarity), new GwSettings { Epsilon = 3 });
        const double potLoss = 41.2839, potTop1 = 61.97;   // docs/science.md §4, POT 0.8.2, same settings
        Assert.True(r.GwLoss <= potLoss * 1.005, $"GW loss {r.GwLoss} exceeds POT's {potLoss} by more than 0.5 %");
        double top1 = Engram.Alignment.Evaluation.MatchingRate.TopK(r.Plan, 1);
        Assert.True(top1 >= potTop1 - 1, $"top-1 {top1} % is more than a point below POT's {potTop1} %");
        Assert.Equal(0.9664, Engram.Alignment.Evaluation.Rsa.Pearson(x.Dissimilarity, y.Dissimilarity), 4);
    }
}
