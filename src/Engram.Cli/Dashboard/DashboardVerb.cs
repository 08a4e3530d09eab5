using System.CommandLine;
using System.Net;
using Engram.Cli.Studies;
using Engram.Reports;
using Engram.Web;

namespace Engram.Cli.Dashboard;

/// <summary><c>engram dashboard</c>: the live, read-only web dashboard over a study storage and a folder of runs.</summary>
public static class DashboardVerb
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var storage = StudyCommand.Storage();
        var runs = new Option<string?>("--runs") { Description = "folder of run outputs whose index.html reports the Runs page lists (and where analysis reports with their plans are found)" };
        var artefacts = new Option<string?>("--artefacts") { Description = "the workers' artefact folder, if they were given one (default: beside the SQLite file), for the best trial's plan" };
        var port = new Option<int>("--port") { Description = "port to listen on (0: any free port)", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host")
        {
            Description = "address to listen on: 127.0.0.1 (default, this machine only) or another of this machine's addresses (0.0.0.0: every network; there is no login)",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var json = CommonOptions.Json();
        var command = new Command("dashboard",
            "Serve a live, read-only web dashboard of the studies in a storage (trials, charts, the best plan, analyses) and of the reports in a runs folder; " +
            "pages update while workers run. Ctrl-C stops it.\n" +
            "Example: engram dashboard --storage sqlite:runs/studies.db --runs runs")
        {
            storage, runs, artefacts, port, host, json,
        };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            var settings = new DashboardSettings
            {
                Storage = parse.GetValue(storage)!, Runs = parse.GetValue(runs), Artefacts = parse.GetValue(artefacts),
                Port = parse.GetValue(port), Host = parse.GetValue(host)!,
            };
            var (stop, signals) = StudyCommand.StopSignals();
            using (stop)
            using (signals)
                return Serve(settings, context, stop.Token).GetAwaiter().GetResult();
        });
        return command;
    }

    static async Task<int> Serve(DashboardSettings settings, VerbContext context, CancellationToken stop)
    {
        await using Web.Dashboard dashboard = await Web.Dashboard.StartAsync(settings, context.Error, stop);
        if (context.Json)
            context.Output.WriteLine(JsonResult.ToJson(new { url = dashboard.Url.ToString(), storage = dashboard.Storage, runs = settings.Runs is null ? null : Path.GetFullPath(settings.Runs) }));
        else
            context.Output.WriteLine($"engram dashboard: {dashboard.Url} shows {dashboard.Storage} (read-only){(settings.Runs is null ? "" : $" and the runs in {Path.GetFullPath(settings.Runs)}")}; Ctrl-C stops it.");
        context.Output.Flush();
        if (IPAddress.TryParse(settings.Host, out IPAddress? address) && !IPAddress.IsLoopback(address))
            context.Error.WriteLine($"engram dashboard: note: listening on {settings.Host}, so anyone who can reach this machine can read these studies (there is no login).");
        try
        {
            await dashboard.WaitForShutdownAsync(stop);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }
}
