using System.CommandLine;
using System.Diagnostics;
using Engram.Phi;
using Engram.Reports;

namespace Engram.Cli.Phi;

/// <summary><c>engram phi complexes DATA</c>: complexes and main complexes.</summary>
public static class PhiComplexesVerb
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var inputs = new PhiInputs();
        var search = CommonOptions.Choice("--search", "hierarchical (N − 1 MIP searches, scales to hundreds of channels) or exhaustive (every subset)", ComplexSearchKind.Hierarchical);
        var mipSearch = CommonOptions.Choice("--mip-search", "MIP search inside the hierarchical search: queyranne, exhaustive or remcmc", MipSearchKind.Queyranne);
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var command = new Command("complexes",
            "Complexes (subsets whose Φ^MIP exceeds that of every superset) and main complexes (complexes with no more integrated complex inside).\n" +
            "Example: engram phi complexes --ar data/phi/toy6_ar.npy --search exhaustive --out runs/phi-toy");
        inputs.AddTo(command);
        foreach (Option o in new Option[] { search, mipSearch, seed }) command.Options.Add(o);
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            var clock = Stopwatch.StartNew();
            GaussianPhi phi = inputs.Load(parse);
            var settings = new ComplexSettings { Search = parse.GetValue(search), Mip = new MipSettings { Search = parse.GetValue(mipSearch), Seed = parse.GetValue(seed) } };
            ComplexResult result = context.WithProgress($"searching the complexes of {phi.Channels} channels", progress => ComplexSearch.Search(phi, settings, progress));
            var summary = PhiComplexesSummary.Of(PhiInputSummary.Of(inputs.Name(parse), phi), result,
                settings.Search == ComplexSearchKind.Hierarchical ? settings.Mip.Search.ToString().ToLowerInvariant() : null, clock.Elapsed.TotalSeconds);
            return report.Finish(parse, context, summary, (folder, command, formats) => PhiReport.Write(folder, summary, command, formats), (o, folder) =>
            {
                o.WriteLine($"{summary.Complexes.Count} complexes of {summary.Input.Channels} channels ({summary.Input.Measure}, {summary.Search}, " +
                                         $"{summary.MipSearches} MIP searches, {summary.Evaluations} evaluations, {summary.Seconds:0.###} s); * = main complex");
                foreach (var c in summary.Complexes.Take(30))
                    o.WriteLine($"  {(c.IsMain ? "*" : " ")} Φ^MIP = {PhiReport.G(c.Phi),-11} {PhiReport.Set(c.Channels)}   MIP part {PhiReport.Set(c.MipPart)}");
                if (summary.Complexes.Count > 30) o.WriteLine($"  … {summary.Complexes.Count - 30} more in result.json");
                if (folder is not null) o.WriteLine($"wrote {folder}/index.html, result.json, complexes.npy and complexes.png");
            });
        });
        return command;
    }
}
