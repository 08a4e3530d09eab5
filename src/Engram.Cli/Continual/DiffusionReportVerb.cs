using System.CommandLine;
using Engram.Continual.Diffusion;
using Engram.Reports;

namespace Engram.Cli.Continual;

/// <summary><c>engram continual diffusion report</c>: redraws the figures and index.html of an evaluated run.</summary>
public static class DiffusionReportVerb
{
    /// <summary>The verb with its options.</summary>
    public static Command Create()
    {
        var report = new ReportOptions();
        var command = new Command("report",
            "Redraws the figures and index.html of an evaluated run from its result.json and prints the summary.\n" +
            "Example: engram continual diffusion report --out runs/diffusion-quick");
        report.AddTo(command);
        VerbContext.SetAction(command, report.Json, (parse, context) =>
        {
            string folder = DiffusionOptions.RunFolder(parse, report);
            DiffusionContinualResult result = DiffusionRunFolder.ReadResult(folder);
            return DiffusionOptions.Finish(parse, context, report, result);
        });
        return command;
    }
}
