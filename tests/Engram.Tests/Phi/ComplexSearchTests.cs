using Engram.Phi;

namespace Engram.Tests.Phi;

public class ComplexSearchTests
{
    // docs/science.md §5: subset (1-based) → Φ^MIP (MI1) and MIP part.
    static readonly (int[] Subset, double Phi, int[] Part)[] Table =
    [
        ([1, 2, 3, 4, 5, 6], 2.6318e-7, [1, 2]),
        ([1, 2], 3.2711e-6, [1]),
        ([3, 4, 5, 6], 1.1410e-5, [3]),
        ([4, 5, 6], 7.7642e-6, [4]),
        ([5, 6], 1.3912e-5, [5]),
    ];

    [Fact]
    public void Toy_phi_mip_of_every_subset_in_the_science_table_matches_to_1e_4()
    {
        GaussianStatistics statistics = PhiToySystem.Statistics();
        foreach (var (subset, expected, part) in Table)
        {
            var phi = new GaussianPhi(statistics.Restrict([.. subset.Select(c => c - 1)]));
            MipResult mip = MinimumInformationPartition.Search(phi);
            Assert.Equal(expected, mip.Phi, expected * 1e-4);
            // The table's MIP is a minimiser too ({3 | 4,5,6} and {4 | 3,5,6} tie by the symmetry of channels 3 and 4).
            int[] tablePart = [.. part.Select(c => Array.IndexOf(subset, c))];
            Assert.Equal(mip.Phi, phi.Evaluate(Partition.Bipartition(subset.Length, tablePart)).Phi, mip.Phi * 1e-9);
        }
    }

    [Theory]
    [InlineData(ComplexSearchKind.Exhaustive)]
    [InlineData(ComplexSearchKind.Hierarchical)]
    public void Toy_complexes_and_main_complexes_are_those_of_the_science_table(ComplexSearchKind kind)
    {
        var phi = new GaussianPhi(PhiToySystem.Statistics());
        ComplexResult result = ComplexSearch.Search(phi, new ComplexSettings { Search = kind });
        string Names(IEnumerable<Complex> cs) => string.Join(" ", cs.Select(c => "{" + string.Join(",", c.Channels.Select(i => i + 1)) + "}").Order());
        Assert.Equal("{1,2,3,4,5,6} {1,2} {3,4,5,6} {5,6}", Names(result.Complexes));
        Assert.Equal("{1,2} {5,6}", Names(result.MainComplexes));
        foreach (Complex c in result.Complexes)
        {
            var row = Table.Single(t => t.Subset.SequenceEqual(c.Channels.Select(i => i + 1)));
            Assert.Equal(row.Phi, c.Phi, row.Phi * 1e-4);
        }
    }
}
