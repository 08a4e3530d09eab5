using CsCheck;
using Engram.Memory;

namespace Engram.Tests.Memory;

public class DenseAssociativeMemoryTests
{
    [Theory]
    [InlineData(DenseEnergyKind.Polynomial, 2)]
    [InlineData(DenseEnergyKind.Polynomial, 3)]
    [InlineData(DenseEnergyKind.Polynomial, 5)]
    [InlineData(DenseEnergyKind.RectifiedPolynomial, 3)]
    [InlineData(DenseEnergyKind.Exponential, 0)]
    public void Dense_energies_never_increase_under_their_update(DenseEnergyKind kind, int degree)
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var random = new Random(seed);
            int n = random.Next(5, 120), p = random.Next(1, 60);
            var memory = new DenseAssociativeMemory(PatternSet.Random(p, n, random), kind, Math.Max(1, degree));
            SpinVector x = SpinVector.Random(n, random);
            // Compare log(−E) for exp (E itself is exact at these N but this is the overflow-free form).
            double Level(SpinVector s) => kind == DenseEnergyKind.Exponential ? -memory.LogNegativeEnergy(s) : memory.Energy(s);
            double e = Level(x);
            for (int sweep = 0; sweep < 5; sweep++)
            {
                memory.AsynchronousSweep(x, random);
                double next = Level(x);
                Assert.True(next <= e + 1e-9 * Math.Max(1, Math.Abs(e)), $"energy rose from {e} to {next}");
                e = next;
            }
        }, iter: 30);
    }

    [Fact]
    public void Degree_two_updates_equal_the_classical_network()
    {
        var random = new Random(8);
        PatternSet xi = PatternSet.Random(15, 200, random);
        SpinVector a = SpinVector.Random(200, random), b = a.Clone();
        new DenseAssociativeMemory(xi, DenseEnergyKind.Polynomial, 2).AsynchronousSweep(a, new Random(1));
        new ClassicalHopfieldNetwork(xi).AsynchronousSweep(b, new Random(1));
        Assert.Equal(b, a);
    }

    [Fact]
    public void Higher_degree_stores_far_more_patterns_than_the_classical_network()
    {
        var random = new Random(5);
        PatternSet xi = PatternSet.Random(200, 100, random); // α = 2: hopeless for k = 2
        var cues = Enumerable.Range(0, 5).Select(mu => xi.Pattern(mu).WithFlips(0.1, random)).ToArray();
        SpinVector[] cubic = new DenseAssociativeMemory(xi, DenseEnergyKind.Polynomial, 3).Retrieve(cues);
        SpinVector[] exp = new DenseAssociativeMemory(xi, DenseEnergyKind.Exponential).Retrieve(cues);
        for (int mu = 0; mu < 5; mu++)
        {
            Assert.Equal(1.0, cubic[mu].Overlap(xi.Pattern(mu)));
            Assert.Equal(1.0, exp[mu].Overlap(xi.Pattern(mu)));
        }
    }

    [Fact]
    public void Exponential_energy_is_finite_in_log_form_at_large_N()
    {
        var random = new Random(2);
        var memory = new DenseAssociativeMemory(PatternSet.Random(3, 5000, random), DenseEnergyKind.Exponential);
        Assert.Equal(5000, memory.LogNegativeEnergy(memory.Patterns.Pattern(0)), 6);
        var result = memory.Retrieve(memory.Patterns.Pattern(1).WithFlips(0.3, random));
        Assert.True(result.Converged);
        Assert.Equal(memory.Patterns.Pattern(1), result.Final);
    }
}

public class ModernRetrievalStudyTests
{
    [Fact]
    public void Error_falls_with_beta_and_with_separation_and_the_patterns_have_the_requested_correlation()
    {
        double[,] x = ModernRetrievalStudy.EquicorrelatedRows(5, 12, 0.35, new Random(1));
        for (int a = 0; a < 5; a++)
            for (int b = 0; b < 5; b++)
            {
                double dot = 0;
                for (int j = 0; j < 12; j++) dot += x[a, j] * x[b, j];
                Assert.Equal(a == b ? 1 : 0.35, dot, 12);
            }
        var r = ModernRetrievalStudy.Run(new ModernRetrievalSettings
        {
            Dimension = 32, Patterns = 16, Betas = [1, 10, 100], Separations = [0.2, 0.9], SeparationBetas = [16], Trials = 3,
            DensePatternCounts = [5], DenseDegrees = [2], DenseN = 40,
        });
        Assert.True(r.ErrorVsBeta[0].MeanError > r.ErrorVsBeta[1].MeanError && r.ErrorVsBeta[1].MeanError > r.ErrorVsBeta[2].MeanError);
        Assert.True(r.ErrorVsBeta[2].MeanError < 1e-6);
        Assert.True(r.ErrorVsSeparation[16][1].MeanError < r.ErrorVsSeparation[16][0].MeanError);
    }
}

public class EnergyModelTests
{
    [Fact]
    public void Every_model_exposes_an_energy_through_the_common_interface()
    {
        var random = new Random(1);
        PatternSet xi = PatternSet.Random(4, 30, random);
        IEnergyModel[] models =
        [
            new ClassicalHopfieldNetwork(xi), new ClassicalHopfieldMatrix(xi), new DenseAssociativeMemory(xi, DenseEnergyKind.Polynomial, 3),
            new ModernHopfield(xi.ToDoubles(), beta: 2),
        ];
        double[] state = xi.Pattern(0).ToDoubles();
        foreach (IEnergyModel m in models)
        {
            Assert.Equal(30, m.Dimension);
            Assert.True(double.IsFinite(m.Energy(state)));
        }
        Assert.Equal(models[0].Energy(state), models[1].Energy(state), 9);
    }
}
