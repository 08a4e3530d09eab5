using Engram.Alignment;
using Engram.Data;

namespace Engram.Tests.Alignment;

/// <summary>
/// Float32 noise in given dissimilarity matrices (<see cref="Dissimilarity.FloatNoise"/>): accepted with one note,
/// real violations refused. The fixture is data/synthetic/cosine_float32_a.npy, 1 − cos made in float32 by numpy.
/// </summary>
public class FloatNoiseTests
{
    static double[,] Fixture(string side = "a") => MatrixFile.Read(BundledData.PathOf($"synthetic/cosine_float32_{side}.npy"));

    [Fact]
    public void A_float32_cosine_matrix_from_numpy_is_accepted_with_one_note_on_its_noise()
    {
        double[,] d = Fixture();
        Assert.True(d.Cast<double>().Min() < 0);                 // the fixture does carry the noise
        Assert.True(Dissimilarity.LooksLikeDissimilarity(d));
        double[,] clean = Dissimilarity.Validate(d, "A", out var warnings);
        Assert.True(clean.Cast<double>().Min() >= 0);
        for (int i = 0; i < clean.GetLength(0); i++) Assert.Equal(0.0, clean[i, i]);
        string note = Assert.Single(warnings, w => w.Contains("float noise"));
        double max = d.Cast<double>().Max();
        int repaired = Enumerable.Range(0, d.GetLength(0)).Sum(i => Enumerable.Range(0, d.GetLength(1))
            .Count(j => (i == j || d[i, j] < 0) && Math.Abs(d[i, j]) > 1e-8 * max));
        Assert.Contains($"A: {repaired} entries of float noise", note);
        Assert.Contains("largest magnitude 2.98E-07", note);
    }

    [Fact]
    public void A_negative_entry_beyond_the_tolerance_is_refused_with_its_value_and_the_tolerance()
    {
        double[,] d = Fixture();
        d[3, 7] = d[7, 3] = -0.1;
        var e = Assert.Throws<ArgumentException>(() => Dissimilarity.Validate(d, "A", out _));
        Assert.Contains("A[3, 7] = -0.1 is negative", e.Message);
        Assert.Contains("tolerance 9.59E-06", e.Message);
        Assert.False(Dissimilarity.LooksLikeDissimilarity(d));
    }

    [Fact]
    public void Strict_checking_refuses_any_noise()
    {
        var e = Assert.Throws<ArgumentException>(() => Dissimilarity.Validate(Fixture(), "A", out _, strict: true));
        Assert.Contains("negative", e.Message);
        Assert.DoesNotContain("tolerance", e.Message);
    }

    [Fact]
    public void A_negative_diagonal_beyond_the_tolerance_is_refused()
    {
        double[,] d = Fixture();
        d[5, 5] = -0.01;
        var e = Assert.Throws<ArgumentException>(() => Dissimilarity.Validate(d, "A", out _));
        Assert.Contains("A[5, 5] = -0.01 is negative", e.Message);
    }

    [Fact]
    public void The_float32_cosine_pair_aligns_through_the_pipeline()
    {
        AlignmentInputs inputs = AlignmentInputs.Prepare("a", Fixture("a"), "b", Fixture("b"));
        Assert.Equal(InputKind.Dissimilarity, inputs.FirstKind);
        Assert.Contains(inputs.First.Warnings, w => w.Contains("float noise"));
        AlignmentResult run = AlignmentPipeline.Run(inputs, new AlignmentSettings { Gw = new GwSettings { Epsilon = 0.01, MaxIterations = 50 } },
            cancellation: TestContext.Current.CancellationToken);
        Assert.True(double.IsFinite(run.GwLoss));
    }
}
