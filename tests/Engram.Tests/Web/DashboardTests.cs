using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Engram.Reports;
using Engram.Studies;
using Engram.Web;

namespace Engram.Tests.Web;

/// <summary>
/// The dashboard over a study made in the test, loaded in headless Chromium: what a person sees on every page (trial counts,
/// best values, charts with data, the plan), user text shown as text, and a storage left untouched.
/// Set ENGRAM_DASHBOARD_SCREENSHOTS=DIR to keep a full-page screenshot of every page.
/// </summary>
public class DashboardTests(DashboardStudies made) : IClassFixture<DashboardStudies>
{
    static readonly string? ScreenshotFolder = Environment.GetEnvironmentVariable("ENGRAM_DASHBOARD_SCREENSHOTS");

    static string Url(Dashboard dashboard, string path) => new Uri(dashboard.Url, path).AbsoluteUri;

    static string Q(string value) => Uri.EscapeDataString(value);

    static async Task Shot(HeadlessBrowser browser, string name)
    {
        if (ScreenshotFolder is { Length: > 0 }) await browser.Screenshot(Path.Combine(ScreenshotFolder, $"{name}.png"));
    }

    [Fact]
    public async Task Every_page_shows_in_chromium_the_counts_best_values_charts_and_plan_the_storage_holds()
    {
        HeadlessBrowser.Require();
        var log = new StringWriter();
        await using Dashboard dashboard = await made.StartAsync(log);
        await using HeadlessBrowser browser = await HeadlessBrowser.StartAsync();
        using var http = new HttpClient();

        // Studies: one row per study, with its finished count and best value.
        await browser.Open(Url(dashboard, "/"));
        Assert.Equal(made.Studies.Count, int.Parse(await browser.Text("document.querySelectorAll('table.studies tbody tr').length"), CultureInfo.InvariantCulture));
        StudySnapshot quadratic = made.Studies[DashboardStudies.Quadratic];
        StudyStatus q = StudyStatus.Of(quadratic);
        string row = await browser.Text("Array.from(document.querySelectorAll('table.studies tbody tr')).find(r => r.cells[0].textContent === 'quadratic').innerText");
        Assert.Contains($"{q.Complete} complete", row);
        Assert.Contains($"{q.Failed} failed", row);
        Assert.Contains("12 / 12", row);
        Assert.Contains(quadratic.Best!.Value!.Value.ToString("G6", CultureInfo.InvariantCulture), row);
        await Shot(browser, "studies");

        // A study: the count, the best value, every chart loaded, and the history chart holds one marker per complete trial.
        await browser.Open(Url(dashboard, $"/study?name={Q(DashboardStudies.Quadratic)}"));
        await browser.WaitFor("document.body.getAttribute('data-figures')", TimeSpan.FromSeconds(30));
        Assert.Equal("12", await browser.Text("document.getElementById('trial-count').textContent"));
        Assert.Equal(quadratic.Best.Value.Value.ToString("G8", CultureInfo.InvariantCulture), await browser.Text("document.getElementById('best-value').textContent"));
        int charts = StudyCharts.Charts(quadratic).Count;
        Assert.Equal(4, charts);   // history, x, kind, intermediate values
        Assert.Equal($"ok {charts}", await browser.Text("document.body.getAttribute('data-figures')"));
        Assert.Equal(StudyCharts.Width.ToString(CultureInfo.InvariantCulture), await browser.Text("document.querySelector('figure.chart img').naturalWidth"));
        string history = await http.GetStringAsync(await browser.Text("document.querySelector('figure.chart img').src"));
        Assert.Equal(q.Complete + 1, Regex.Matches(history, $"<ellipse fill=\"{FigureStyle.Palette[0].ToHex()}\"").Count);   // the trials, and the legend's marker: in the house palette
        Assert.Equal(q.Failed, int.Parse(await browser.Text("document.querySelectorAll('table.failures tbody tr').length"), CultureInfo.InvariantCulture));
        Assert.Equal(12, int.Parse(await browser.Text("document.querySelectorAll('table.trials tbody tr').length"), CultureInfo.InvariantCulture));
        await Shot(browser, "study");

        // The table sorts by value (missing values last) and filters by state.
        await browser.Open(Url(dashboard, $"/study?name={Q(DashboardStudies.Quadratic)}&sort=value"));
        Assert.Equal(quadratic.Best.Number.ToString(CultureInfo.InvariantCulture), await browser.Text("document.querySelector('table.trials tbody tr').cells[0].textContent"));
        await browser.Open(Url(dashboard, $"/study?name={Q(DashboardStudies.Quadratic)}&state=failed"));
        Assert.Equal(q.Failed.ToString(CultureInfo.InvariantCulture), await browser.Text("document.querySelectorAll('table.trials tbody tr').length"));

        // The GW study: the plan of the best trial is drawn (900 × 800 PNG) and ε against GW loss is the GW figure.
        StudySnapshot gw = made.Studies[DashboardStudies.GwStudy];
        await browser.Open(Url(dashboard, $"/study?name={Q(DashboardStudies.GwStudy)}"));
        await browser.WaitFor("document.body.getAttribute('data-figures')", TimeSpan.FromSeconds(60));
        Assert.StartsWith("ok ", await browser.Text("document.body.getAttribute('data-figures')"));
        Assert.Equal("900", await browser.Text("document.getElementById('plan').naturalWidth"));
        Assert.Contains($"best trial ({gw.Best!.Number})", await browser.Text("document.querySelector('figure.plan figcaption').textContent"));
        Assert.Contains("coloured by its top-1", await browser.Text("document.querySelectorAll('figure.chart figcaption')[1].textContent"));
        await Shot(browser, "study-gw");

        // Analyses and one analysis: the K × K tables link every cell to its pair's study.
        await browser.Open(Url(dashboard, "/analyses"));
        Assert.Contains(DashboardStudies.Analysis, await browser.Text("document.querySelector('main table tbody tr').innerText"));
        await Shot(browser, "analyses");
        await browser.Open(Url(dashboard, $"/analysis?name={Q(DashboardStudies.Analysis)}"));
        Assert.Equal("3", await browser.Text("document.querySelectorAll('table.matrix[data-measure=gw_loss] tbody tr').length"));
        Assert.Equal("6", await browser.Text("document.querySelectorAll('table.matrix[data-measure=gw_loss] td.heat a').length"));
        string pairStudy = RepresentationAnalysis.StudyName(DashboardStudies.Analysis, "copy 0", "copy 1");
        string cell = await browser.Text("document.querySelector('table.matrix[data-measure=gw_loss] tbody tr:nth-child(1) td:nth-of-type(2)').textContent");
        Assert.Equal(made.Studies[pairStudy].Best!.Value!.Value.ToString("G4", CultureInfo.InvariantCulture), cell);
        Assert.EndsWith($"/study?name={Q(pairStudy)}", await browser.Text("document.querySelector('table.matrix[data-measure=gw_loss] tbody tr:nth-child(1) td:nth-of-type(2) a').href"));
        // Cells that show the same number have the same colour: the three copies are the same structure (RSA 1.000 to the digits shown, not exactly 1),
        // so no difference below the digits shown is painted as the colour range.
        Assert.Equal("1", await browser.Text("new Set([...document.querySelectorAll('table.matrix[data-measure=rsa_pearson] td.heat')].map(c => c.className)).size"));
        Assert.Equal("every pair the same to the digits shown", await browser.Text("document.querySelector('table.matrix[data-measure=rsa_pearson]').parentElement.querySelector('figcaption').textContent.split('; ')[1]"));
        await Shot(browser, "analysis");

        // The pair's study shows the plan the analysis report drew.
        await browser.Open(Url(dashboard, $"/study?name={Q(pairStudy)}"));
        await browser.WaitFor("document.body.getAttribute('data-figures')", TimeSpan.FromSeconds(60));
        Assert.Contains("analysis report", await browser.Text("document.querySelector('figure.plan figcaption').textContent"));
        string reportPlan = Path.Combine(made.Runs, "made-analysis", "copy_0_vs_copy_1", "plan.png");
        byte[] header = File.ReadAllBytes(reportPlan)[16..20];   // a PNG's width, big-endian, in its IHDR chunk
        Assert.Equal(((header[0] << 24) | (header[1] << 16) | (header[2] << 8) | header[3]).ToString(CultureInfo.InvariantCulture),
            await browser.Text("document.getElementById('plan').naturalWidth"));   // the report's own figure, as drawn

        // Runs: the analysis report, opened as it was written, with every figure.
        await browser.Open(Url(dashboard, "/runs"));
        Assert.Equal("analysis", await browser.Text("document.querySelector('table.runs tbody tr').cells[0].textContent"));
        await Shot(browser, "runs");
        await browser.Open(await browser.Text("document.querySelector('table.runs tbody tr a').href"));
        await browser.WaitFor("document.body.getAttribute('data-figures')", TimeSpan.FromSeconds(30));
        Assert.StartsWith("ok ", await browser.Text("document.body.getAttribute('data-figures')"));
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public async Task A_study_name_and_a_failure_reason_with_script_tags_are_shown_as_text()
    {
        HeadlessBrowser.Require();
        await using Dashboard dashboard = await made.StartAsync(new StringWriter());
        await using HeadlessBrowser browser = await HeadlessBrowser.StartAsync();
        await browser.Open(Url(dashboard, "/"));
        Assert.Contains(DashboardStudies.GwStudy, await browser.Text("document.querySelector('table.studies').innerText"));
        await browser.Open(Url(dashboard, $"/study?name={Q(DashboardStudies.GwStudy)}"));
        Assert.Equal(DashboardStudies.GwStudy, await browser.Text("document.querySelector('h1 .name').textContent"));
        await browser.Open(Url(dashboard, $"/study?name={Q(DashboardStudies.Quadratic)}"));
        Assert.Equal(QuadraticObjective.FailureReason, await browser.Text("document.querySelector('table.failures td.reason').textContent"));
        Assert.Equal("0", await browser.Text("document.querySelectorAll('main script').length"));
        Assert.Equal("undefined", await browser.Text("typeof window.injected"));
    }

    [Fact]
    public async Task A_session_leaves_the_database_byte_identical_and_anything_but_get_is_refused()
    {
        static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        string before = Hash(made.Database);
        string[] files = Directory.GetFiles(made.Folder);
        var log = new StringWriter();
        await using (Dashboard dashboard = await made.StartAsync(log))
        {
            using var http = new HttpClient();
            foreach (string path in (string[])["/", "/analyses", "/runs", $"/analysis?name={Q(DashboardStudies.Analysis)}",
                         $"/study?name={Q(DashboardStudies.Quadratic)}", $"/study/trials.csv?name={Q(DashboardStudies.Quadratic)}",
                         $"/study/trials.json?name={Q(DashboardStudies.Quadratic)}", $"/study/chart?name={Q(DashboardStudies.Quadratic)}&kind=history",
                         $"/study/plan.png?name={Q(DashboardStudies.GwStudy)}"])
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Url(dashboard, path))).StatusCode);
            HttpResponseMessage post = await http.PostAsync(Url(dashboard, $"/study?name={Q(DashboardStudies.Quadratic)}"), new StringContent("x"));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
            string csv = await http.GetStringAsync(Url(dashboard, $"/study/trials.csv?name={Q(DashboardStudies.Quadratic)}"));
            Assert.Equal(Engram.Reports.StudyReport.Csv(made.Studies[DashboardStudies.Quadratic]), csv);
        }
        Assert.Equal(before, Hash(made.Database));
        // A reader of a WAL database makes SQLite's shared-memory index (-shm) and an empty log (-wal) beside it when the
        // folder is writable, and a read-only connection cannot remove them when it closes: those two, with the log empty
        // (nothing written), and nothing else new. Whether they exist before depends on which test ran first.
        string[] added = [.. Directory.GetFiles(made.Folder).Except(files).Select(Path.GetFileName).Order()!];
        Assert.Empty(added.Except(["studies.db-shm", "studies.db-wal"]));
        Assert.Equal(0, new FileInfo(made.Database + "-wal") is { Exists: true } wal ? wal.Length : 0);
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public async Task Requests_for_other_host_names_are_refused_on_localhost_and_unknown_pages_say_so_without_a_trace()
    {
        await using Dashboard dashboard = await made.StartAsync(new StringWriter());
        using var http = new HttpClient();
        var rebound = new HttpRequestMessage(HttpMethod.Get, Url(dashboard, "/"));
        rebound.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(rebound)).StatusCode);
        HttpResponseMessage missing = await http.GetAsync(Url(dashboard, $"/study?name={Q("no such study")}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        string page = await missing.Content.ReadAsStringAsync();
        Assert.Contains("There is no study named &#39;no such study&#39;", page);
        Assert.DoesNotContain("   at ", page);
        Assert.Contains("default-src 'self'", missing.Headers.GetValues("Content-Security-Policy").Single());
        HttpResponseMessage escape = await http.GetAsync(Url(dashboard, "/runs/files/..%2F..%2Fstudies.db"));
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
    }
}
