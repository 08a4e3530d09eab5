using Engram.Phi;

namespace Engram.Tests.Phi;

/// <summary>Engram against PhiToolbox under GNU Octave on random stable AR systems, N = 4…8.</summary>
public class PhiToolboxFixtureTests
{
    public static TheoryData<int> Sizes() => [.. PhiToolboxFixture.Sizes];

    /// <summary>Relative tolerance per measure: 1e-8 where PhiToolbox computes in closed form; its optimisers' tolerance for Φ* and Φ_G.</summary>
    static double Tolerance(PhiMeasure m) => m switch { PhiMeasure.Star => 1e-6, PhiMeasure.Geo => 1e-6, _ => 1e-8 };

    static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected), $"{what}: PhiToolbox {expected:R}, Engram {actual:R}");

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Covariances_from_the_series_match_Cov_comp(int n)
    {
        var f = PhiToolboxFixture.Load(n);
        var s = Engram.Phi.GaussianStatistics.FromSeries(f.Matrix("series"));
        var expected = f.Statistics();
        foreach (var (a, b, name) in new[] { (s.Covariance, expected.Covariance, "all"), (s.Past, expected.Past, "past"), (s.Present, expected.Present, "present"), (s.PastPresent, expected.PastPresent, "cross") })
            for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-12 * (1 + Math.Abs(b[i])), $"{name}[{i}]: {a[i]} vs {b[i]}");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_measure_of_two_partitions_matches_with_and_without_normalisation(int n)
    {
        var f = PhiToolboxFixture.Load(n);
        var statistics = f.Statistics();
        var partitions = f.Root.GetProperty("partitions").EnumerateArray().Select(z => Partition.FromLabels(PhiToolboxFixture.Labels(z))).ToList();
        foreach (PhiMeasure m in Enum.GetValues<PhiMeasure>())
        {
            var values = f.Root.GetProperty("phi_" + PhiToolboxFixture.NameOf(m));
            var phi = new GaussianPhi(statistics, new PhiSettings { Measure = m, Normalise = true });
            for (int z = 0; z < partitions.Count; z++)
            {
                PhiValue v = phi.Evaluate(partitions[z]);
                Close(values[z][0].GetDouble(), v.Phi, Tolerance(m), $"{m} N={n} partition {z}");
                Close(values[z][1].GetDouble(), v.Normalised!.Value, Tolerance(m), $"{m} N={n} partition {z} normalised");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Exhaustive_and_Queyranne_MIPs_match(int n)
    {
        var f = PhiToolboxFixture.Load(n);
        var statistics = f.Statistics();
        foreach (PhiMeasure m in Enum.GetValues<PhiMeasure>())
            foreach (bool normalise in new[] { false, true })
            {
                string key = (normalise ? "mip_exhaustive_normalised_" : "mip_exhaustive_") + PhiToolboxFixture.NameOf(m);
                CheckMip(f, new GaussianPhi(statistics, new PhiSettings { Measure = m, Normalise = normalise }), MipSearchKind.Exhaustive, key, Tolerance(m));
            }
        foreach (PhiMeasure m in new[] { PhiMeasure.Mi1, PhiMeasure.Mi })
            CheckMip(f, new GaussianPhi(statistics, new PhiSettings { Measure = m }), MipSearchKind.Queyranne, "mip_queyranne_" + PhiToolboxFixture.NameOf(m), 1e-8);
    }

    static void CheckMip(PhiToolboxFixture f, GaussianPhi phi, MipSearchKind search, string key, double tolerance)
    {
        var expected = f.Root.GetProperty(key);
        MipResult mip = MinimumInformationPartition.Search(phi, new MipSettings { Search = search });
        Assert.Equal(Partition.FromLabels(PhiToolboxFixture.Labels(expected.GetProperty("z"))).ToString(), mip.Partition.ToString());
        Close(expected.GetProperty("phi").GetDouble(), mip.NormalisedPhi ?? mip.Phi, tolerance, key);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Complexes_match_exhaustive_and_recursive_searches(int n)
    {
        var f = PhiToolboxFixture.Load(n);
        var phi = new GaussianPhi(f.Statistics());
        foreach (var (kind, key) in new[] { (ComplexSearchKind.Exhaustive, "complexes_exhaustive"), (ComplexSearchKind.Hierarchical, "complexes_recursive") })
        {
            var expected = f.Root.GetProperty(key);
            ComplexResult result = ComplexSearch.Search(phi, new ComplexSettings { Search = kind });
            List<int[]> sets = PhiToolboxFixture.Sets(expected.GetProperty("complexes"));
            double[] phis = PhiToolboxFixture.Numbers(expected.GetProperty("phis"));
            Assert.Equal(sets.Select(s => string.Join(",", s)), result.Complexes.Select(c => string.Join(",", c.Channels)));
            for (int i = 0; i < phis.Length; i++) Close(phis[i], result.Complexes[i].Phi, 1e-8, $"{key} complex {i}");
            Assert.Equal(PhiToolboxFixture.Sets(expected.GetProperty("main")).Select(s => string.Join(",", s)).Order(),
                result.MainComplexes.Select(c => string.Join(",", c.Channels)).Order());
        }
    }
}
