using System.Text.Json;
using Engram.Continual;
using Engram.Numerics;

namespace Engram.Tests.Numerics;

public class MatrixExponentialTests
{
    sealed record FixtureCase(string Name, double[][] A, double[][] Expm, double OneNorm);

    static IReadOnlyList<FixtureCase> Fixture()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "continual", "expm_fixture.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new FixtureCase(
            c.GetProperty("name").GetString()!,
            c.GetProperty("a").Deserialize<double[][]>()!,
            c.GetProperty("expm").Deserialize<double[][]>()!,
            c.GetProperty("one_norm").GetDouble())).ToList();
    }

    static double[,] ToMatrix(double[][] rows)
    {
        var m = new double[rows.Length, rows.Length == 0 ? 0 : rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows[i].Length; j++) m[i, j] = rows[i][j];
        return m;
    }

    [Fact]
    public void Agrees_with_scipy_expm_to_1e_12_on_every_fixture_case()
    {
        var cases = Fixture();
        Assert.True(cases.Count >= 10, "fixture should hold the committed cases");
        foreach (var c in cases)
        {
            double[,] e = MatrixExponential.Exp(ToMatrix(c.A));
            double scale = 1, worst = 0;
            foreach (double[] row in c.Expm) foreach (double v in row) scale = Math.Max(scale, Math.Abs(v));
            for (int i = 0; i < c.Expm.Length; i++)
                for (int j = 0; j < c.Expm[i].Length; j++) worst = Math.Max(worst, Math.Abs(e[i, j] - c.Expm[i][j]));
            Assert.True(worst / scale < 1e-12, $"{c.Name} (‖A‖₁ = {c.OneNorm:G3}): max |Engram − scipy| = {worst:G3}, relative {worst / scale:G3}");
        }
    }

    [Fact]
    public void The_fixture_covers_every_Pade_degree_and_the_scaling_branch()
    {
        double[] norms = Fixture().Select(c => c.OneNorm).ToArray();
        Assert.Contains(norms, n => n > 0 && n <= 1.495585217958292e-2);             // m = 3
        Assert.Contains(norms, n => n > 1.495585217958292e-2 && n <= 2.539398330063230e-1); // m = 5
        Assert.Contains(norms, n => n > 2.539398330063230e-1 && n <= 9.504178996162932e-1); // m = 7
        Assert.Contains(norms, n => n > 9.504178996162932e-1 && n <= 2.097847961257068);    // m = 9
        Assert.Contains(norms, n => n > 2.097847961257068 && n <= 5.371920351148152);       // m = 13, s = 0
        Assert.Contains(norms, n => n > 5.371920351148152);                                   // scaling and squaring
    }

    [Theory]
    [InlineData(50, 0.02)]
    [InlineData(50, 0.05)]
    [InlineData(50, 1.0)]
    [InlineData(13, 20.0)]
    public void Exponential_of_a_skew_symmetric_matrix_is_orthogonal_to_1e_12(int d, double eps)
    {
        var random = new Random(7);
        var omega = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++)
            {
                double v = eps * (random.NextDouble() * 2 - 1);
                omega[i, j] = v;
                omega[j, i] = -v;
            }
        double[,] v2 = MatrixExponential.Exp(omega);
        Assert.True(MatrixExponential.OrthogonalityError(v2) < 1e-12, $"max |VᵀV − I| = {MatrixExponential.OrthogonalityError(v2):G3}");
    }

    [Fact]
    public void Exp_of_A_times_exp_of_minus_A_is_the_identity()
    {
        var random = new Random(3);
        var a = new double[9, 9];
        var minus = new double[9, 9];
        for (int i = 0; i < 9; i++) for (int j = 0; j < 9; j++) { a[i, j] = 2 * random.NextDouble() - 1; minus[i, j] = -a[i, j]; }
        double[,] p = MatrixExponential.Exp(a), q = MatrixExponential.Exp(minus);
        for (int i = 0; i < 9; i++)
            for (int j = 0; j < 9; j++)
            {
                double s = 0;
                for (int k = 0; k < 9; k++) s += p[i, k] * q[k, j];
                Assert.Equal(i == j ? 1.0 : 0.0, s, 1e-12);
            }
    }

    [Fact]
    public void Exp_of_a_diagonal_matrix_exponentiates_the_diagonal()
    {
        double[,] e = MatrixExponential.Exp(new double[,] { { -30, 0 }, { 0, 4 } });
        Assert.Equal(Math.Exp(-30), e[0, 0], Math.Exp(-30) * 1e-13);
        Assert.Equal(Math.Exp(4), e[1, 1], Math.Exp(4) * 1e-13);
        Assert.Equal(0.0, e[0, 1]);
    }

    [Fact]
    public void Rejects_non_square_and_non_finite_input_naming_the_argument()
    {
        var notSquare = Assert.Throws<ArgumentException>(() => MatrixExponential.Exp(new double[2, 3]));
        Assert.Contains("square", notSquare.Message);
        var nan = Assert.Throws<ArgumentException>(() => MatrixExponential.Exp(new double[,] { { double.NaN } }));
        Assert.Contains("finite", nan.Message);
        Assert.Equal("a", nan.ParamName);
    }
}
