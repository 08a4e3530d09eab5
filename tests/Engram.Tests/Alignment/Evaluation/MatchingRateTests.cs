using Engram.Alignment.Evaluation;

namespace Engram.Tests.Alignment.Evaluation;

public class MatchingRateTests
{
    static readonly double[,] Scores =
    {
        { 0.5, 0.2, 0.1 },   // partner best
        { 0.3, 0.2, 0.4 },   // partner third
        { 0.1, 0.6, 0.3 },   // partner second
    };

    [Fact]
    public void Top_k_counts_rows_whose_partner_is_among_the_k_largest()
    {
        Assert.Equal(100.0 / 3, MatchingRate.TopK(Scores, 1), 10);
        Assert.Equal(200.0 / 3, MatchingRate.TopK(Scores, 2), 10);
        Assert.Equal(100.0, MatchingRate.TopK(Scores, 3), 10);
    }

    [Fact]
    public void A_uniform_plan_matches_nothing_because_ties_count_against_the_partner()
    {
        var uniform = new double[4, 4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) uniform[i, j] = 1.0 / 16;
        Assert.Equal(0, MatchingRate.TopK(uniform, 1));
        Assert.Equal(0, MatchingRate.TopK(uniform, 3));
    }

    [Fact]
    public void Distances_rank_smallest_first()
    {
        var distances = new double[,] { { 0, 1 }, { 2, 3 } };
        Assert.Equal(50, MatchingRate.TopK(distances, 1, largestIsBest: false));
    }

    [Fact]
    public void Category_matching_accepts_any_column_of_the_same_category_in_the_top_k()
    {
        int[] categories = [0, 1, 0];
        // Row 0: best column 0 (cat 0) ✓. Row 1: best column 2 (cat 0) ✗, top-2 adds column 0 (cat 0) ✗.
        // Row 2: best column 1 (cat 1) ✗, top-2 adds column 2 (cat 0) ✓.
        Assert.Equal(100.0 / 3, MatchingRate.CategoryTopK(Scores, categories, categories, 1), 10);
        Assert.Equal(200.0 / 3, MatchingRate.CategoryTopK(Scores, categories, categories, 2), 10);
    }

    [Fact]
    public void Impossible_k_and_mismatched_shapes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => MatchingRate.TopK(Scores, 0));
        Assert.Throws<ArgumentException>(() => MatchingRate.TopK(Scores, 4));
        Assert.Throws<ArgumentException>(() => MatchingRate.TopK(new double[2, 3], 1));
        Assert.Throws<ArgumentException>(() => MatchingRate.CategoryTopK(Scores, [0, 1], [0, 1, 0], 1));
    }
}
