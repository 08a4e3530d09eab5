using System.Globalization;
using Engram.Alignment;
using Engram.Data;

namespace Engram.Studies;

/// <summary>
/// Settings of a GW alignment study (<see cref="GwAlignmentObjective"/>, objective <c>gw-alignment</c>), stored with the
/// study as JSON (<see cref="StudySettingsJson"/>): the two representation files, the category file, histogram matching of
/// the second side to the first, and the alignment settings every trial starts from (ε, the initial plan when the space
/// searches it, and the seed are set per trial). Every member of <see cref="AlignmentSettings"/> and
/// <see cref="GwSettings"/> travels with the study, including members added later.
/// </summary>
public sealed record GwAlignmentStudySettings
{
    /// <summary>The first representation (rows of the plan).</summary>
    public required RepresentationFile X { get; init; }

    /// <summary>The second representation (columns of the plan).</summary>
    public required RepresentationFile Y { get; init; }

    /// <summary>Absolute path of a one-hot category CSV (one row per item, both sides), or null.</summary>
    public string? Categories { get; init; }

    /// <summary>How the second side's dissimilarities are matched to the first's before the search.</summary>
    public HistogramMatchingKind HistogramMatching { get; init; } = HistogramMatchingKind.None;

    /// <summary>Alignment settings of every trial; <see cref="GwSettings.Epsilon"/> and <see cref="GwSettings.Seed"/> are set per trial.</summary>
    public AlignmentSettings Alignment { get; init; } = new() { Gw = new GwSettings { Epsilon = 1, Init = InitialPlanKind.Random } };

    /// <summary>Checks the settings that do not need the files (they are checked when read); an <see cref="ArgumentException"/> naming the first problem.</summary>
    public void Validate()
    {
        if (X is null || Y is null || X.Path.Length == 0 || Y.Path.Length == 0)
            throw new ArgumentException("a GW alignment study names two representation files (x and y).", nameof(X));
        if (Alignment?.Gw is null) throw new ArgumentException("a GW alignment study needs alignment settings.", nameof(Alignment));
        (Alignment with { Gw = Alignment.Gw with { Epsilon = 1, UserPlan = null, Init = Alignment.Gw.Init == InitialPlanKind.User ? InitialPlanKind.Random : Alignment.Gw.Init } }).Validate();
        if (Alignment.Gw.Init == InitialPlanKind.User)
            throw new ArgumentException("a study cannot start from a user plan (init user); use uniform, random, permutation or diagonal.", nameof(GwSettings.Init));
    }

    /// <summary>Reads both files and the categories, then prepares the pair (<see cref="Prepare(Representation, Representation, CategoryTable?)"/>).</summary>
    public PreparedPair Prepare()
    {
        Validate();
        return Prepare(X.Load(), Y.Load(), Categories is null ? null : CategoryTable.Read(Categories));
    }

    /// <summary>
    /// The pair from representations already read from <see cref="X"/>, <see cref="Y"/> and <see cref="Categories"/>:
    /// histogram matching applied to the second side, item counts checked against the categories.
    /// </summary>
    public PreparedPair Prepare(Representation x, Representation y, CategoryTable? categories)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? note = null;
        if (HistogramMatching != HistogramMatchingKind.None)
        {
            double[,] matched;
            if (HistogramMatching == HistogramMatchingKind.Power)
            {
                PowerTransform t = Engram.Alignment.HistogramMatching.FitPower(y.Dissimilarity, x.Dissimilarity);
                matched = Engram.Alignment.HistogramMatching.ApplyPower(y.Dissimilarity, t);
                note = string.Create(CultureInfo.InvariantCulture,
                    $"power transform of {y.Name}: α = {t.Alpha:G5}, λ = {t.Lambda:G5}; 2-Wasserstein to {x.Name} {t.WassersteinBefore:G4} → {t.Wasserstein:G4}");
            }
            else
            {
                matched = Engram.Alignment.HistogramMatching.MatchRanks(y.Dissimilarity, x.Dissimilarity);
                note = $"rank mapping of {y.Name}'s dissimilarities onto {x.Name}'s";
            }
            // The matched matrix is no longer the metric of the embedding: drop the metric so no low-rank factors are used.
            y = y with { Dissimilarity = matched, Metric = null, Warnings = [.. y.Warnings, note] };
        }
        if (categories is not null && (categories.ItemCount != x.Size || categories.ItemCount != y.Size))
            throw new ArgumentException($"{categories.Source} has {categories.ItemCount} rows but the representations have {x.Size} and {y.Size} items; " +
                                        "it needs one row per item, in the same order.", nameof(Categories));
        return new PreparedPair(new AlignmentInputs(x, y, categories, clock.Elapsed.TotalSeconds), note);
    }
}

/// <summary>The two sides of a GW alignment study, ready for its trials.</summary>
/// <param name="Inputs">The validated sides (the second histogram-matched when asked) and the categories.</param>
/// <param name="HistogramMatching">What histogram matching did, or null without it.</param>
public sealed record PreparedPair(AlignmentInputs Inputs, string? HistogramMatching);
