using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Engram.Studies;
using Engram.Tests.Cli;
using Engram.Tests.Studies;

namespace Engram.Tests.Web;

/// <summary><c>engram dashboard</c> as a user starts it: prints its address, serves, stops cleanly on SIGTERM; bad input is one line and exit 1.</summary>
public class DashboardVerbTests : IDisposable
{
    [DllImport("libc", SetLastError = true)] static extern int kill(int pid, int signal);

    readonly string folder = Directory.CreateTempSubdirectory("engram-dashboard-verb-").FullName;

    [Fact]
    public async Task The_verb_prints_its_address_serves_the_studies_and_stops_on_sigterm()
    {
        string db = Path.Combine(folder, "studies.db");
        using (IStudyStorage storage = StudyStorage.Open($"sqlite:{db}")) storage.CreateStudy(QuadraticObjective.Definition("from the command line", 5));
        using var process = WorkerProcesses.Start("dashboard", "--storage", $"sqlite:{db}", "--port", "0", "--runs", folder);
        string line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120)) ?? "";
        Match url = Regex.Match(line, @"^engram dashboard: (http://127\.0\.0\.1:\d+/) shows sqlite:.*studies\.db \(read-only\) and the runs in .*; Ctrl-C stops it\.$");
        Assert.True(url.Success, line);
        using var http = new HttpClient();
        string page = await http.GetStringAsync(url.Groups[1].Value);
        Assert.Contains("from the command line", page);
        Assert.Equal(0, kill(process.Id, 15));
        var (exit, _, err) = WorkerProcesses.Finish(process, 60);
        Assert.Equal(0, exit);
        Assert.Equal("", err);
    }

    [Fact]
    public void A_missing_database_and_a_bad_host_are_one_line_and_exit_1_and_create_nothing()
    {
        string db = Path.Combine(folder, "none.db");
        var (exit, output, error) = CliHarness.Run("dashboard", "--storage", $"sqlite:{db}", "--port", "0");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal($"engram: error: there is no study database at {db}; give the sqlite:PATH the workers write to.\n", error.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(db));
        using (StudyStorage.Open($"sqlite:{db}")) { }
        (exit, _, error) = CliHarness.Run("dashboard", "--storage", $"sqlite:{db}", "--port", "0", "--host", "my.laptop");
        Assert.Equal(1, exit);
        Assert.StartsWith("engram: error: the host 'my.laptop' is not an IP address", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
