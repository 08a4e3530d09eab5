using CsCheck;
using Engram.Alignment;

namespace Engram.Tests.Alignment;

public class DissimilarityTests
{
    /// <summary>5 items in 4 dimensions; no two rows are perfectly correlated.</summary>
    static readonly double[,] Embedding =
    {
        { 1.0, 2.0, 3.0, -0.5 },
        { -1.0, 0.5, 2.0, 1.5 },
        { 0.0, 0.25, 1.0, -2.0 },
        { 2.0, -1.0, 0.5, 0.75 },
        { 0.3, 1.7, -1.2, 0.4 },
    };

    // scipy.spatial.distance.cdist(X, X, metric) on Embedding, printed with repr by scipy 1.10.1 (/usr/bin/python3).
    // scipy's correlation diagonal holds rounding residue (1.1e-16, 2.2e-16); exactly 0 is the true value.
    static readonly Dictionary<DissimilarityMetric, double[,]> Scipy = new()
    {
        [DissimilarityMetric.Euclidean] = new[,]
        {
            { 0.0, 3.3541019662496847, 3.2113081446662823, 4.220485754033533, 4.362338822237447 },
            { 3.3541019662496847, 0.0, 3.783186487605389, 3.75, 3.818376618407357 },
            { 3.2113081446662823, 3.783186487605389, 0.0, 3.6571847095819483, 3.5766604535516087 },
            { 4.220485754033533, 3.75, 3.6571847095819483, 0.0, 3.632148124732801 },
            { 4.362338822237447, 3.818376618407357, 3.5766604535516087, 3.632148124732801, 0.0 },
        },
        [DissimilarityMetric.SqEuclidean] = new[,]
        {
            { 0.0, 11.25, 10.3125, 17.8125, 19.029999999999998 },
            { 11.25, 0.0, 14.3125, 14.0625, 14.580000000000002 },
            { 10.3125, 14.3125, 0.0, 13.375, 12.7925 },
            { 17.8125, 14.0625, 13.375, 0.0, 13.1925 },
            { 19.029999999999998, 14.580000000000002, 12.7925, 13.1925, 0.0 },
        },
        [DissimilarityMetric.Cosine] = new[,]
        {
            { 0.0, 0.4921666249229918, 0.47018705717398246, 0.8763871534854506, 1.0123782665043102 },
            { 0.4921666249229918, 0.0, 1.1420021445383763, 1.0567961834247064, 1.2132782862022213 },
            { 0.47018705717398246, 1.1420021445383763, 0.0, 1.2304337099400946, 1.3270885194611983 },
            { 0.8763871534854506, 1.0567961834247064, 1.2304337099400946, 0.0, 1.2713399956657243 },
            { 1.0123782665043102, 1.2132782862022213, 1.3270885194611983, 1.2713399956657243, 0.0 },
        },
        [DissimilarityMetric.Correlation] = new[,]
        {
            { 1.1102230246251565e-16, 0.8101367226516742, 0.03589108083646453, 1.3570279087723462, 1.3294199718108755 },
            { 0.8101367226516742, 0.0, 1.0614759261302764, 1.422141256049335, 1.4567752697249192 },
            { 0.03589108083646453, 1.0614759261302764, 2.220446049250313e-16, 1.175054830069871, 1.2962185509476485 },
            { 1.3570279087723462, 1.422141256049335, 1.175054830069871, 0.0, 1.4737021633005734 },
            { 1.3294199718108755, 1.4567752697249192, 1.2962185509476485, 1.4737021633005734, 2.220446049250313e-16 },
        },
    };

    public static TheoryData<DissimilarityMetric> Metrics => new(Enum.GetValues<DissimilarityMetric>());

    /// <summary>The textbook formula for one pair, written independently of the library's normalise-then-dot route.</summary>
    static double Slow(double[,] x, int i, int j, DissimilarityMetric metric)
    {
        int d = x.GetLength(1);
        double[] a = Enumerable.Range(0, d).Select(k => x[i, k]).ToArray();
        double[] b = Enumerable.Range(0, d).Select(k => x[j, k]).ToArray();
        switch (metric)
        {
            case DissimilarityMetric.Euclidean:
                return Math.Sqrt(a.Zip(b, (u, v) => (u - v) * (u - v)).Sum());
            case DissimilarityMetric.SqEuclidean:
                return a.Zip(b, (u, v) => (u - v) * (u - v)).Sum();
            case DissimilarityMetric.Cosine:
                return 1 - a.Zip(b, (u, v) => u * v).Sum() / (Math.Sqrt(a.Sum(u => u * u)) * Math.Sqrt(b.Sum(v => v * v)));
            default:
                double ma = a.Average(), mb = b.Average();
                double sab = a.Zip(b, (u, v) => (u - ma) * (v - mb)).Sum();
                double saa = a.Sum(u => (u - ma) * (u - ma)), sbb = b.Sum(v => (v - mb) * (v - mb));
                return 1 - sab / Math.Sqrt(saa * sbb);
        }
    }

    static double[,] Matrix(int n, Func<int, int, double> entry)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) m[i, j] = entry(i, j);
        return m;
    }

    /// <summary>|i − j| + 1 off the diagonal, 0 on it: a valid dissimilarity matrix with max n.</summary>
    static double[,] Valid(int n) => Matrix(n, (i, j) => i == j ? 0 : Math.Abs(i - j) + 1);

    static ArgumentException Rejected(double[,] matrix, params string[] fragments)
    {
        var e = Assert.Throws<ArgumentException>(() => Dissimilarity.Validate(matrix, "D", out _));
        foreach (string fragment in fragments) Assert.Contains(fragment, e.Message);
        return e;
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Every_metric_equals_scipy_cdist_on_a_fixed_example(DissimilarityMetric metric)
    {
        double[,] d = Dissimilarity.FromEmbedding(Embedding, metric);
        double[,] expected = Scipy[metric];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                Assert.True(Math.Abs(d[i, j] - expected[i, j]) <= 1e-12 * (1 + expected[i, j]),
                    $"{metric}[{i}, {j}] = {d[i, j]:R}, scipy {expected[i, j]:R}");
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Random_embeddings_give_symmetric_non_negative_matrices_with_a_zero_diagonal_equal_to_the_slow_formula(DissimilarityMetric metric)
    {
        Gen.Select(Gen.Int[2, 12], Gen.Int[2, 6], Gen.Int[0, int.MaxValue]).Sample((n, d, seed) =>
        {
            var random = new Random(seed);
            double scale = Math.Pow(10, random.Next(-3, 4));
            var x = new double[n, d];
            for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) x[i, k] = scale * (2 * random.NextDouble() - 1);
            double[,] result = Dissimilarity.FromEmbedding(x, metric);
            // Relative to the largest distance; cosine and correlation distances are O(1) whatever the scale (and may all be 0).
            double tolerance = 1e-10 * Math.Max(result.Cast<double>().Max(), metric is DissimilarityMetric.Cosine or DissimilarityMetric.Correlation ? 1 : 0);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(0.0, result[i, i]);
                for (int j = 0; j < n; j++)
                {
                    Assert.Equal(result[i, j], result[j, i]);
                    Assert.True(result[i, j] >= 0, $"[{i}, {j}] = {result[i, j]}");
                    if (i != j)
                    {
                        double slow = Math.Max(0, Slow(x, i, j, metric));
                        Assert.True(Math.Abs(result[i, j] - slow) <= tolerance, $"[{i}, {j}] = {result[i, j]:R}, slow {slow:R}");
                    }
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Cosine_of_a_zero_row_is_rejected_naming_the_row()
    {
        var x = (double[,])Embedding.Clone();
        for (int k = 0; k < 4; k++) x[2, k] = 0;
        var e = Assert.Throws<ArgumentException>(() => Dissimilarity.FromEmbedding(x, DissimilarityMetric.Cosine, "X.npy"));
        Assert.Contains("X.npy row 2 is all zeros", e.Message);
        Assert.Contains("cosine", e.Message);
        // A zero row is a point like any other for euclidean distances.
        Assert.Equal(Math.Sqrt(1 + 4 + 9 + 0.25), Dissimilarity.FromEmbedding(x, DissimilarityMetric.Euclidean)[0, 2], 12);
    }

    [Fact]
    public void Correlation_of_a_constant_row_is_rejected_naming_the_row()
    {
        var x = (double[,])Embedding.Clone();
        for (int k = 0; k < 4; k++) x[3, k] = 7.5;
        var e = Assert.Throws<ArgumentException>(() => Dissimilarity.FromEmbedding(x, DissimilarityMetric.Correlation, "X.npy"));
        Assert.Contains("X.npy row 3 is constant", e.Message);
        Assert.Contains("correlation", e.Message);
        Dissimilarity.FromEmbedding(x, DissimilarityMetric.Cosine);    // a constant non-zero row has a direction
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_embedding_entry_is_rejected_naming_it(double value)
    {
        var x = (double[,])Embedding.Clone();
        x[4, 1] = value;
        var e = Assert.Throws<ArgumentException>(() => Dissimilarity.FromEmbedding(x, DissimilarityMetric.Euclidean, "X.npy"));
        Assert.Contains($"X.npy[4, 1] is {value}", e.Message);
    }

    [Fact]
    public void An_embedding_needs_two_items_and_one_dimension()
    {
        Assert.Contains("got 1 × 4", Assert.Throws<ArgumentException>(() => Dissimilarity.FromEmbedding(new double[1, 4], DissimilarityMetric.Euclidean)).Message);
        Assert.Contains("got 3 × 0", Assert.Throws<ArgumentException>(() => Dissimilarity.FromEmbedding(new double[3, 0], DissimilarityMetric.Euclidean)).Message);
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Entries_whose_squares_overflow_are_rejected_naming_the_embedding(DissimilarityMetric metric)
    {
        var x = (double[,])Embedding.Clone();
        x[0, 0] = 1e200;                                  // finite, but its square is not: no metric can be computed as written
        var e = Assert.Throws<ArgumentException>(() => Dissimilarity.FromEmbedding(x, metric, "X.npy"));
        Assert.Contains("X.npy", e.Message);
        Assert.Contains("overflow", e.Message);
    }

    [Fact]
    public void A_valid_matrix_passes_unchanged_as_a_copy_without_warnings()
    {
        double[,] d = Valid(4);
        double[,] clean = Dissimilarity.Validate(d, "D", out var warnings);
        Assert.Equal(d, clean);
        Assert.NotSame(d, clean);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_non_square_matrix_is_rejected_with_its_shape() => Rejected(new double[3, 4], "D must be a square", "3 × 4", "read it as an embedding");

    [Fact]
    public void A_one_by_one_matrix_is_rejected() => Rejected(new double[1, 1], "at least 2 items", "1 × 1");

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_entry_is_rejected_naming_it(double value)
    {
        double[,] d = Valid(4);
        d[1, 2] = value;
        Rejected(d, $"D[1, 2] is {value}", "finite");
    }

    [Fact]
    public void A_negative_entry_is_rejected_naming_it()
    {
        double[,] d = Valid(4);
        d[3, 0] = d[0, 3] = -0.5;
        Rejected(d, "D[0, 3] = -0.5 is negative");
    }

    [Fact]
    public void An_all_zero_matrix_is_rejected() => Rejected(new double[3, 3], "D is all zeros");

    [Fact]
    public void Real_asymmetry_is_rejected_naming_the_worst_pair_of_entries()
    {
        double[,] d = Valid(4);                           // max 4
        d[0, 1] = 2.1;                                    // relative asymmetry 0.1 / 4
        d[2, 3] = 2.5;                                    // 0.5 / 4: the worst
        Rejected(d, "D is not symmetric", "[2, 3] = 2.5", "[3, 2] = 2");
    }

    [Fact]
    public void Asymmetry_just_above_the_repairable_limit_is_rejected()
    {
        double[,] d = Valid(4);
        d[1, 3] += 2 * Dissimilarity.RepairableAsymmetry * 4;
        Rejected(d, "not symmetric", "[1, 3]", "[3, 1]");
    }

    [Fact]
    public void Tiny_asymmetry_is_repaired_by_averaging_with_a_warning()
    {
        double[,] d = Valid(4);                           // max 4
        double delta = 0.9 * Dissimilarity.RepairableAsymmetry * 4;
        d[1, 3] += delta;
        double[,] clean = Dissimilarity.Validate(d, "D", out var warnings);
        Assert.Equal(d[3, 1] + delta / 2, clean[1, 3], 15);
        Assert.Equal(clean[1, 3], clean[3, 1]);
        Assert.Equal(d[3, 1] + delta, d[1, 3]);           // the input is left alone
        string warning = Assert.Single(warnings);
        Assert.Contains("D: asymmetry up to", warning);
        Assert.Contains("averaging", warning);
    }

    [Fact]
    public void A_non_zero_diagonal_is_kept_with_a_warning()
    {
        double[,] d = Valid(4);
        d[1, 1] = 0.3;
        d[2, 2] = 0.7;
        double[,] clean = Dissimilarity.Validate(d, "D", out var warnings);
        Assert.Equal(0.3, clean[1, 1]);
        Assert.Equal(0.7, clean[2, 2]);
        string warning = Assert.Single(warnings);
        Assert.Contains("D: 2 diagonal entries are not 0 (largest 0.7)", warning);
    }

    [Fact]
    public void A_diagonal_of_rounding_residue_is_set_to_zero_silently()
    {
        double[,] d = Valid(4);
        d[2, 2] = 1e-12;                                  // below 1e-8 · max
        double[,] clean = Dissimilarity.Validate(d, "D", out var warnings);
        Assert.Equal(0.0, clean[2, 2]);
        Assert.Empty(warnings);
    }
}
