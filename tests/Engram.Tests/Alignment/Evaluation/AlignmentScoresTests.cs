using Engram.Alignment;
using Engram.Alignment.Evaluation;

namespace Engram.Tests.Alignment.Evaluation;

public class AlignmentScoresTests
{
    static Representation Given(double[,] d) => Representation.FromDissimilarity("D", d);

    static double[,] Equidistant(int n)
    {
        var d = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) d[i, j] = i == j ? 0 : 1;
        return d;
    }

    static double[,] Identity(int n)
    {
        var t = new double[n, n];
        for (int i = 0; i < n; i++) t[i, i] = 1.0 / n;
        return t;
    }

    [Fact]
    public void Equidistant_items_get_matching_rates_but_no_RSA()
    {
        var x = Given(Equidistant(5));
        AlignmentScores scores = AlignmentEvaluation.Evaluate(Identity(5), x, x);
        Assert.Equal(100, scores.Top1);
        Assert.Null(scores.RsaPearson);
        Assert.Null(scores.RsaSpearman);
    }

    [Fact]
    public void RSA_is_reported_when_both_sides_vary()
    {
        double[,] d = { { 0, 1, 2 }, { 1, 0, 3 }, { 2, 3, 0 } };
        AlignmentScores scores = AlignmentEvaluation.Evaluate(Identity(3), Given(d), Given(d));
        Assert.Equal(1.0, scores.RsaPearson!.Value, 12);
        Assert.Equal(1.0, scores.RsaSpearman!.Value, 12);
        Assert.Null(AlignmentEvaluation.Evaluate(Identity(3), Given(d), Given(Equidistant(3))).RsaPearson);
    }

    [Fact]
    public void RSA_kept_for_a_pair_is_never_served_for_another_pair()
    {
        double[,] d = { { 0, 1, 2, 4 }, { 1, 0, 3, 5 }, { 2, 3, 0, 6 }, { 4, 5, 6, 0 } };
        double[,] reversed = { { 0, 6, 5, 4 }, { 6, 0, 3, 2 }, { 5, 3, 0, 1 }, { 4, 2, 1, 0 } };
        Representation x = Given(d), same = Given(d), other = Given(reversed);
        double first = AlignmentEvaluation.Evaluate(Identity(4), x, same).RsaSpearman!.Value;
        double again = AlignmentEvaluation.Evaluate(Identity(4), x, same).RsaSpearman!.Value;
        double against = AlignmentEvaluation.Evaluate(Identity(4), x, other).RsaSpearman!.Value;
        Assert.Equal(1.0, first, 12);
        Assert.Equal(first, again);
        Assert.Equal(Rsa.Spearman(x.Dissimilarity, other.Dissimilarity), against, 12);
        Assert.True(against < 0, $"ρ = {against}: the first pair's RSA was served for the second");
    }
}
