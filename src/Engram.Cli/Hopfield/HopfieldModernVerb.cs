using System.CommandLine;
using Engram.Memory;
using Engram.Reports;

namespace Engram.Cli.Hopfield;

/// <summary><c>engram hopfield modern</c>: one-step retrieval error vs β and vs separation; dense binary capacity curves.</summary>
public static class HopfieldModernVerb
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var d = CommonOptions.IntAtLeast("--dim", "pattern dimension d", 64, 2);
        var n = CommonOptions.IntAtLeast("--patterns", "stored patterns n (< d)", 32);
        var betas = CommonOptions.Grid("--betas", "inverse temperatures β", "0.1,0.3,1,3,10,30,100,300");
        var separations = CommonOptions.Grid("--separations", "pattern separations Δ in (0, 1]", "0.05:0.95:0.05");
        var sepBetas = CommonOptions.Grid("--separation-betas", "β values of the separation sweep", "4,8,16,32");
        var noise = CommonOptions.NonNegativeDouble("--query-noise", "noise norm relative to the pattern in each query", 0.2);
        var trials = CommonOptions.IntAtLeast("--trials", "independent draws", 10);
        var denseN = CommonOptions.IntAtLeast("--dense-n", "neurons of the binary dense memories", 100);
        var seed = CommonOptions.Seed();
        var report = new ReportOptions();
        var command = new Command("modern",
            "Modern Hopfield networks (Ramsauer et al. 2020): one-step retrieval error against β and against pattern separation; " +
            "dense binary memories (Krotov & Hopfield 2016, F(u) = u^k and exp(u)): final overlap against the number of stored patterns.\n" +
            "Example: engram hopfield modern --dim 64 --patterns 32 --trials 10 --out runs/modern")
        {
            d, n, betas, separations, sepBetas, noise, trials, denseN, seed,
        };
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var settings = new ModernRetrievalSettings
            {
                Dimension = parse.GetValue(d), Patterns = parse.GetValue(n), Betas = parse.GetValue(betas)!, Separations = parse.GetValue(separations)!,
                SeparationBetas = parse.GetValue(sepBetas)!, QueryNoise = parse.GetValue(noise), Trials = parse.GetValue(trials),
                DenseN = parse.GetValue(denseN), Seed = parse.GetValue(seed),
            };
            settings.Validate();
            ModernRetrievalResult result = context.WithProgress("modern Hopfield", progress => ModernRetrievalStudy.Run(settings, progress));
            HopfieldModernRecord record = HopfieldModernReport.Record(result, CommandLine.Of(parse), clock.Elapsed.TotalSeconds);
            return report.Finish(parse, context, record, (folder, _, formats) => HopfieldModernReport.Write(folder, result, record, formats),
                (o, folder) => { foreach (string line in HopfieldModernReport.Lines(result, record, folder)) o.WriteLine(line); });
        });
        return command;
    }
}
