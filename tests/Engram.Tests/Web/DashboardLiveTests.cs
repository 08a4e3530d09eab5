using System.Globalization;
using System.Net;
using Engram.Studies;
using Engram.Web;

namespace Engram.Tests.Web;

/// <summary>The dashboard while the storage changes under it: workers adding trials, a study deleted, the database file removed.</summary>
public class DashboardLiveTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("engram-dashboard-live-").FullName;

    string Database => Path.Combine(folder, "studies.db");

    Task<Dashboard> Start(TextWriter log) =>
        Dashboard.StartAsync(new DashboardSettings { Storage = $"sqlite:{Database}", Port = 0, RefreshSeconds = 1 }, log);

    static async Task Shot(HeadlessBrowser browser, string name)
    {
        if (Environment.GetEnvironmentVariable("ENGRAM_DASHBOARD_SCREENSHOTS") is { Length: > 0 } folder) await browser.Screenshot(Path.Combine(folder, $"{name}.png"));
    }

    static string StudyUrl(Dashboard dashboard, string name) => new Uri(dashboard.Url, $"/study?name={Uri.EscapeDataString(name)}").AbsoluteUri;

    [Fact]
    public async Task The_open_study_page_shows_the_trials_a_worker_adds_within_a_few_seconds_without_a_reload()
    {
        HeadlessBrowser.Require();
        using (IStudyStorage storage = StudyStorage.Open($"sqlite:{Database}"))
        {
            storage.CreateStudy(QuadraticObjective.Definition("live", 40));
            new StudyWorker(storage, "live", new QuadraticObjective()) { MaxTrials = 2 }.Run();
        }
        await using Dashboard dashboard = await Start(new StringWriter());
        await using HeadlessBrowser browser = await HeadlessBrowser.StartAsync();
        await browser.Open(StudyUrl(dashboard, "live"));
        Assert.Equal("2", await browser.Text("document.getElementById('trial-count').textContent"));
        await browser.Evaluate("window.sameDocument = true");

        using var stop = new CancellationTokenSource();
        Task worker = Task.Run(() =>
        {
            using IStudyStorage storage = StudyStorage.Open($"sqlite:{Database}");
            new StudyWorker(storage, "live", new QuadraticObjective { Delay = TimeSpan.FromMilliseconds(400) }) { MaxTrials = 6 }.Run(cancellation: stop.Token);
        });
        // Each trial takes 0.4 s and the page checks every second: the third trial must appear within a few seconds of the first.
        await browser.WaitFor("+document.getElementById('trial-count').textContent >= 5", TimeSpan.FromSeconds(20));
        await Shot(browser, "study-live");
        await worker.WaitAsync(TimeSpan.FromSeconds(60));
        await browser.WaitFor("document.getElementById('trial-count').textContent === '8'", TimeSpan.FromSeconds(5));
        Assert.Equal("true", await browser.Text("window.sameDocument"));   // swapped in place, not reloaded
        Assert.True(int.Parse(await browser.Text("document.querySelector('main').getAttribute('data-updates')"), CultureInfo.InvariantCulture) >= 2);
        Assert.Equal("8", await browser.Text("document.querySelectorAll('table.trials tbody tr').length"));
    }

    [Fact]
    public async Task A_deleted_study_and_a_vanished_database_give_a_clear_message_and_no_new_file()
    {
        HeadlessBrowser.Require();
        using (IStudyStorage storage = StudyStorage.Open($"sqlite:{Database}"))
        {
            storage.CreateStudy(QuadraticObjective.Definition("doomed", 3));
            new StudyWorker(storage, "doomed", new QuadraticObjective()).Run();
        }
        var log = new StringWriter();
        await using Dashboard dashboard = await Start(log);
        await using HeadlessBrowser browser = await HeadlessBrowser.StartAsync();
        await browser.Open(StudyUrl(dashboard, "doomed"));
        Assert.Equal("3", await browser.Text("document.getElementById('trial-count').textContent"));

        using (IStudyStorage storage = StudyStorage.Open($"sqlite:{Database}")) Assert.True(storage.DeleteStudy("doomed"));
        await browser.WaitFor("document.querySelector('main h1').textContent === 'No such study'", TimeSpan.FromSeconds(10));
        Assert.Contains("There is no study named 'doomed'", await browser.Text("document.querySelector('main').innerText"));
        Assert.Contains("deleted", await browser.Text("document.querySelector('main').innerText"));
        await Shot(browser, "study-deleted");

        await browser.Open(dashboard.Url.AbsoluteUri);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(Database);
        await browser.WaitFor("document.querySelector('main h1').textContent === 'Cannot read the storage'", TimeSpan.FromSeconds(10));
        Assert.Contains($"the study database {Database} is gone", await browser.Text("document.querySelector('main').innerText"));
        await Shot(browser, "storage-gone");
        using var http = new HttpClient();
        HttpResponseMessage page = await http.GetAsync(StudyUrl(dashboard, "doomed"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.DoesNotContain("   at ", await page.Content.ReadAsStringAsync());
        Assert.False(File.Exists(Database), "the dashboard created a new database");
        Assert.Contains("is gone", log.ToString());
        Assert.DoesNotContain("   at ", log.ToString());
    }

    [Fact]
    public async Task A_missing_database_file_or_runs_folder_is_refused_before_anything_starts()
    {
        var missing = new DashboardSettings { Storage = $"sqlite:{Database}", Port = 0 };
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Dashboard.StartAsync(missing, new StringWriter()));
        Assert.Contains($"there is no study database at {Database}", e.Message);
        Assert.False(File.Exists(Database));
        using (StudyStorage.Open($"sqlite:{Database}")) { }
        var noRuns = missing with { Runs = Path.Combine(folder, "nowhere") };
        Assert.Contains("does not exist", (await Assert.ThrowsAsync<ArgumentException>(() => Dashboard.StartAsync(noRuns, new StringWriter()))).Message);
        Assert.Contains("holds nothing to show", (await Assert.ThrowsAsync<ArgumentException>(() => Dashboard.StartAsync(missing with { Storage = "memory" }, new StringWriter()))).Message);
        Assert.Contains("not an IP address", (await Assert.ThrowsAsync<ArgumentException>(() => Dashboard.StartAsync(missing with { Host = "example.org" }, new StringWriter()))).Message);
        await using Dashboard first = await Dashboard.StartAsync(missing, new StringWriter());
        var taken = missing with { Port = first.Url.Port };
        Assert.Contains("already in use", (await Assert.ThrowsAsync<IOException>(() => Dashboard.StartAsync(taken, new StringWriter()))).Message);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
