using CsCheck;
using Engram.Memory;

namespace Engram.Tests.Memory;

public class ClassicalHopfieldNetworkTests
{
    [Fact]
    public void Packed_couplings_and_local_fields_equal_the_dense_oracle()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var random = new Random(seed);
            int n = random.Next(1, 300), p = random.Next(1, 150);
            PatternSet xi = PatternSet.Random(p, n, random);
            var packed = new ClassicalHopfieldNetwork(xi);
            var dense = new ClassicalHopfieldMatrix(xi);
            // J from the packed path: field of the unit vector e_b (read through two ±1 states) is column b of J.
            for (int t = 0; t < 3; t++)
            {
                SpinVector x = SpinVector.Random(n, random);
                var scaled = new long[n];
                packed.ScaledFields(x, scaled);
                double[] h = dense.LocalFields(x.ToDoubles());
                for (int i = 0; i < n; i++)
                    Assert.Equal(Math.Round(h[i] * n), scaled[i]);
                Assert.Equal(dense.Energy(x.ToDoubles()), packed.Energy(x), 9);
                Assert.Equal(dense.SynchronousStep(x.ToDoubles()), packed.SynchronousStep(x).ToDoubles());
            }
        }, iter: 60);
    }

    [Fact]
    public void Packed_couplings_recovered_from_fields_equal_the_dense_hebbian_matrix()
    {
        var random = new Random(7);
        int n = 97, p = 13;
        PatternSet xi = PatternSet.Random(p, n, random);
        var packed = new ClassicalHopfieldNetwork(xi);
        var dense = new ClassicalHopfieldMatrix(xi);
        // h(x) − h(x with spin b flipped) = 2 x_b J_ib for i ≠ b: recover every column of J from fields.
        SpinVector x = SpinVector.Random(n, random);
        double[] h0 = packed.LocalFields(x);
        for (int b = 0; b < n; b++)
        {
            var y = x.Clone();
            y.Flip(b);
            double[] h1 = packed.LocalFields(y);
            for (int i = 0; i < n; i++)
            {
                if (i == b) continue;
                Assert.Equal(dense.Coupling(i, b), (h0[i] - h1[i]) / (2 * x[b]), 12);
            }
            Assert.Equal(0, dense.Coupling(b, b));
        }
    }

    [Fact]
    public void Asynchronous_dynamics_never_increase_the_energy()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var random = new Random(seed);
            int n = random.Next(2, 400), p = random.Next(1, Math.Max(2, n / 2));
            var net = new ClassicalHopfieldNetwork(PatternSet.Random(p, n, random));
            var trajectory = net.Retrieve(SpinVector.Random(n, random), new RetrievalSettings
            {
                Mode = UpdateMode.Asynchronous, MaxSteps = 20, Seed = seed, RecordEvery = 1, TrackedPatterns = [0],
            });
            for (int t = 1; t < trajectory.Energies.Length; t++)
                Assert.True(trajectory.Energies[t] <= trajectory.Energies[t - 1] + 1e-9,
                    $"energy rose from {trajectory.Energies[t - 1]} to {trajectory.Energies[t]} at record {t}");
            Assert.Equal(net.Energy(trajectory.Final), trajectory.Energies[^1], 9);
        }, iter: 40);
    }

    [Fact]
    public void Incremental_overlaps_of_asynchronous_updates_match_a_fresh_computation()
    {
        var random = new Random(3);
        var net = new ClassicalHopfieldNetwork(PatternSet.Random(70, 500, random));
        var trajectory = net.Retrieve(SpinVector.Random(500, random), new RetrievalSettings
        {
            Mode = UpdateMode.Asynchronous, MaxSteps = 3, RecordStates = true, RecordEvery = 37,
        });
        for (int r = 0; r < trajectory.Times.Length; r++)
            Assert.Equal(net.Overlaps(trajectory.States![r]), trajectory.Overlaps[r]);
    }

    [Fact]
    public void Asynchronous_sweep_matches_the_dense_oracle_in_the_same_order()
    {
        var random = new Random(11);
        PatternSet xi = PatternSet.Random(20, 150, random);
        var net = new ClassicalHopfieldNetwork(xi);
        var dense = new ClassicalHopfieldMatrix(xi);
        SpinVector x = SpinVector.Random(150, random);
        double[] y = x.ToDoubles();
        net.AsynchronousSweep(x, new Random(5));
        int[] order = Enumerable.Range(0, 150).ToArray();
        new Random(5).Shuffle(order);
        foreach (int i in order) dense.UpdateNeuron(y, i);
        Assert.Equal(y, x.ToDoubles());
    }

    [Theory]
    [InlineData(UpdateMode.Synchronous)]
    [InlineData(UpdateMode.Asynchronous)]
    public void A_stored_pattern_is_a_fixed_point_at_alpha_0_05(UpdateMode mode)
    {
        const int n = 2000, p = 100;
        var net = new ClassicalHopfieldNetwork(PatternSet.Random(p, n, new Random(1)));
        for (int mu = 0; mu < 5; mu++)
        {
            var trajectory = net.Retrieve(net.Patterns.Pattern(mu), new RetrievalSettings { Mode = mode, TrackedPatterns = [mu], Seed = mu });
            Assert.True(trajectory.Converged);
            Assert.True(trajectory.FinalOverlap() >= 0.99, $"pattern {mu}: final overlap {trajectory.FinalOverlap()}");
        }
    }

    [Fact]
    public void Retrieval_fails_at_alpha_0_2()
    {
        const int n = 2000, p = 400;
        var net = new ClassicalHopfieldNetwork(PatternSet.Random(p, n, new Random(2)));
        double mean = Enumerable.Range(0, 8)
            .Select(mu => net.Retrieve(net.Patterns.Pattern(mu), new RetrievalSettings { TrackedPatterns = [mu], MaxSteps = 60 }).FinalOverlap())
            .Average();
        Assert.True(mean < 0.6, $"mean final overlap {mean} at α = 0.2");
    }

    [Fact]
    public void Energy_is_the_hebbian_quadratic_form()
    {
        var random = new Random(4);
        PatternSet xi = PatternSet.Random(9, 64, random);
        SpinVector x = SpinVector.Random(64, random);
        double expected = 0;
        for (int mu = 0; mu < 9; mu++)
        {
            double d = xi.Pattern(mu).Dot(x);
            expected -= (d * d - 64) / (2.0 * 64);
        }
        Assert.Equal(expected, new ClassicalHopfieldNetwork(xi).Energy(x), 12);
        Assert.Equal(expected, ((IEnergyModel)new ClassicalHopfieldNetwork(xi)).Energy(x.ToDoubles()), 12);
    }

    [Fact]
    public void Synchronous_runs_stop_on_a_two_cycle()
    {
        // Two neurons coupled negatively (J_01 < 0) from (+1, +1) oscillate between (+,+) and (−,−).
        var xi = PatternSet.FromSigns(new sbyte[,] { { 1, -1 } });
        var net = new ClassicalHopfieldNetwork(xi);
        var trajectory = net.Retrieve(SpinVector.FromSigns([1, 1]), new RetrievalSettings { MaxSteps = 50 });
        Assert.True(trajectory.Cycle);
        Assert.False(trajectory.Converged);
        Assert.Equal(2, trajectory.Steps);
    }

    [Fact]
    public void Noisy_cue_flips_exactly_the_requested_fraction()
    {
        SpinVector x = SpinVector.Random(1000, new Random(1));
        SpinVector y = x.WithFlips(0.137, new Random(2));
        Assert.Equal(137, x.HammingDistance(y));
        Assert.Throws<ArgumentException>(() => x.WithFlips(1.5, new Random(2)));
        Assert.Throws<ArgumentException>(() => x.WithFlips(double.NaN, new Random(2)));
    }

    [Fact]
    public void Bad_sizes_are_rejected_with_their_values()
    {
        var e = Assert.Throws<ArgumentException>(() => PatternSet.Random(0, 10, new Random(1)));
        Assert.Contains("P = 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => PatternSet.Random(3, -1, new Random(1)));
        Assert.Contains("N = -1", e.Message);
    }
}

public class PatternSetTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(63, 65)]
    [InlineData(64, 64)]
    [InlineData(130, 77)]
    [InlineData(5, 200)]
    public void Transposed_bits_equal_the_pattern_components(int p, int n)
    {
        PatternSet xi = PatternSet.Random(p, n, new Random(p * 1000 + n));
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<ulong> bits = xi.NeuronWords(i);
            for (int mu = 0; mu < 64 * xi.WordsPerNeuron; mu++)
            {
                bool set = ((bits[mu >> 6] >> (mu & 63)) & 1) != 0;
                Assert.Equal(mu < p && xi[mu, i] < 0, set);
            }
        }
    }
}
