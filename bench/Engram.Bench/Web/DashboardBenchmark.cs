using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Engram.Studies;
using Engram.Web;
using Microsoft.Data.Sqlite;

namespace Engram.Bench.Web;

/// <summary>
/// The dashboard section of docs/benchmarks.md (issue 21): the study page of a 10 000-trial study (two parameters, 10 % of
/// the trials with five intermediate values, 5 % pruned, 5 % failed) in SQLite, loaded in headless Chromium until every chart
/// is there, against the reference in the same run: reading the study from the storage (which any dashboard must do).
/// optuna-dashboard, the natural comparison, is not installable here (not a Debian package; PyPI is not reachable).
/// Options: --trials N (default 10 000), --repeats R (default 3).
/// </summary>
public sealed partial class DashboardBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "dashboard";

    /// <inheritdoc/>
    public string Description => "study page of a 10 000-trial SQLite study in headless Chromium (all charts loaded) vs reading the study from storage";

    const string Study = "bench";

    /// <inheritdoc/>
    public int Run(string[] args)
    {
        int trials = Option(args, "--trials", 10_000), repeats = Option(args, "--repeats", 3);
        string chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("the dashboard benchmark needs Chromium (apt-get install -y chromium).");
        string folder = Directory.CreateTempSubdirectory("engram-dashboard-bench-").FullName;
        try
        {
            string db = Path.Combine(folder, "studies.db");
            var made = Stopwatch.StartNew();
            Make(db, trials);
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}; a study of {trials:N0} trials made in {made.Elapsed.TotalSeconds:F1} s ({(new FileInfo(db).Length + (File.Exists(db + "-wal") ? new FileInfo(db + "-wal").Length : 0)) / 1e6:F1} MB)");

            var read = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                using IStudyStorage storage = StudyStorage.Open($"sqlite:{db}");
                var clock = Stopwatch.StartNew();
                StudySnapshot snapshot = storage.LoadStudy(Study)!;
                read.Add(clock.Elapsed.TotalSeconds);
                if (snapshot.Trials.Count != trials) throw new InvalidOperationException($"read {snapshot.Trials.Count} trials, made {trials}");
            }
            SqliteConnection.ClearAllPools();

            var cold = new List<double>();
            var warm = new List<double>();
            var html = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                // A fresh server each time: nothing read or drawn before the first request.
                using var log = new StringWriter();
                Dashboard dashboard = Dashboard.StartAsync(new DashboardSettings { Storage = $"sqlite:{db}", Port = 0, CacheSeconds = 600 }, log).GetAwaiter().GetResult();
                try
                {
                    string url = new Uri(dashboard.Url, $"/study?name={Study}").AbsoluteUri;
                    cold.Add(PageSeconds(chromium, url, folder));
                    warm.Add(PageSeconds(chromium, url, folder));
                    using var http = new HttpClient();
                    var clock = Stopwatch.StartNew();
                    string page = http.GetStringAsync(url).GetAwaiter().GetResult();
                    html.Add(clock.Elapsed.TotalSeconds);
                    if (!page.Contains($"<b id=\"trial-count\">{trials}</b>", StringComparison.Ordinal)) throw new InvalidOperationException("the page does not show the trial count");
                }
                finally
                {
                    dashboard.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
                if (log.ToString().Length > 0) throw new InvalidOperationException($"the dashboard logged: {log}");
            }
            // Where a fresh server's time goes: the page, then each chart drawn (as the browser asks for them, one after the other here).
            var drawn = new List<string>();
            using (var log = new StringWriter())
            {
                Dashboard dashboard = Dashboard.StartAsync(new DashboardSettings { Storage = $"sqlite:{db}", Port = 0, CacheSeconds = 600 }, log).GetAwaiter().GetResult();
                try
                {
                    using var http = new HttpClient();
                    var clock = Stopwatch.StartNew();
                    string page = http.GetStringAsync(new Uri(dashboard.Url, $"/study?name={Study}")).GetAwaiter().GetResult();
                    drawn.Add($"page {clock.Elapsed.TotalSeconds:F3} s");
                    foreach (Match chart in ChartAddress().Matches(page))
                    {
                        clock.Restart();
                        byte[] bytes = http.GetByteArrayAsync(new Uri(dashboard.Url, System.Net.WebUtility.HtmlDecode(chart.Groups[1].Value))).GetAwaiter().GetResult();
                        drawn.Add($"{Regex.Match(chart.Groups[1].Value, "kind=([^&]+)").Groups[1].Value} {clock.Elapsed.TotalSeconds:F3} s ({bytes.Length / 1000} kB)");
                    }
                }
                finally
                {
                    dashboard.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }
            Console.WriteLine($"a fresh server, request by request: {string.Join(", ", drawn)}");
            double readMedian = Median(read), coldMedian = Median(cold);
            Console.WriteLine($"reference: reading the study from SQLite (LoadStudy)                        {readMedian,6:F3} s  (median of {repeats})");
            Console.WriteLine($"study page HTML alone, server warm                                          {Median(html),6:F3} s");
            Console.WriteLine($"study page in Chromium until every chart is loaded, fresh server            {coldMedian,6:F3} s  ({coldMedian / readMedian:F1}x the storage read)");
            Console.WriteLine($"the same page again (charts drawn, study cached for a minute)                {Median(warm),6:F3} s");
            Console.WriteLine($"all cold runs: {string.Join(", ", cold.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))} s; load average after: {LoadAverage()}");
            Console.WriteLine("optuna-dashboard on the same study: not measured (no Debian package; PyPI is not reachable here).");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Loads <paramref name="url"/> in a fresh headless Chromium and returns the seconds from the start of the navigation until
    /// every figure of the page had loaded (the page's own data-figures-ms, real time: no virtual time budget).
    /// </summary>
    static double PageSeconds(string chromium, string url, string folder)
    {
        string profile = Path.Combine(folder, $"chromium-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string flag in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--window-size=1366,900", "--dump-dom", url])
            start.ArgumentList.Add(flag);
        using var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        string dom = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000)) { process.Kill(true); throw new TimeoutException("Chromium did not finish within two minutes"); }
        Directory.Delete(profile, recursive: true);
        Match figures = FiguresLoaded().Match(dom);
        if (!figures.Success || figures.Groups[1].Value != "ok") throw new InvalidOperationException($"the page's figures did not all load: {Regex.Match(dom, "data-figures=\"[^\"]*\"").Value}");
        return double.Parse(figures.Groups[2].Value, CultureInfo.InvariantCulture) / 1000;
    }

    [GeneratedRegex("<img src=\"(/study/chart[^\"]+)\"")]
    private static partial Regex ChartAddress();

    [GeneratedRegex("data-figures=\"(ok|broken)[^\"]*\" data-figures-ms=\"(\\d+)\"")]
    private static partial Regex FiguresLoaded();

    /// <summary>
    /// A study of <paramref name="trials"/> finished trials, written in one transaction straight into the tables (the storage's
    /// own claim path reads the whole study for every new trial: fine for real studies, hours for 10 000 made ones).
    /// </summary>
    static void Make(string db, int trials)
    {
        using (IStudyStorage storage = StudyStorage.Open($"sqlite:{db}"))
            storage.CreateStudy(new StudyDefinition
            {
                Name = Study, Space = SearchSpace.Parse("x=float[0.001,1] log;kind=categorical[a,b]"), Objective = "made", TargetTrials = trials,
                Sampler = SamplerKind.Random, Seed = 1,
            });
        SqliteConnection.ClearAllPools();
        var random = new Random(1);
        using var connection = new SqliteConnection($"Data Source={db}");
        connection.Open();
        using SqliteTransaction tx = connection.BeginTransaction();
        using SqliteCommand trial = connection.CreateCommand();
        trial.Transaction = tx;
        trial.CommandText = "INSERT INTO trials (study, number, state, params, value, attributes, worker, started_ms, finished_ms, heartbeat_ms, reason, retry_of, requeued) " +
                            "VALUES (@s, @n, @state, @p, @v, @a, 'bench:1', @t0, @t1, @t1, @reason, NULL, 0)";
        foreach (string name in (string[])["@s", "@n", "@state", "@p", "@v", "@a", "@t0", "@t1", "@reason"]) trial.Parameters.Add(new SqliteParameter(name, null));
        using SqliteCommand step = connection.CreateCommand();
        step.Transaction = tx;
        step.CommandText = "INSERT INTO trial_values (study, number, step, value) VALUES (@s, @n, @k, @v)";
        foreach (string name in (string[])["@s", "@n", "@k", "@v"]) step.Parameters.Add(new SqliteParameter(name, null));
        long t = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds();
        for (int n = 0; n < trials; n++)
        {
            double x = Math.Pow(10, -3 + 3 * random.NextDouble());
            int kind = random.Next(2);
            double value = (Math.Log10(x) + 1.5) * (Math.Log10(x) + 1.5) + 0.1 * kind + 0.05 * random.NextDouble();
            string state = n % 20 == 7 ? "Failed" : n % 20 == 13 ? "Pruned" : "Complete";
            long took = 1000 + random.Next(4000);
            trial.Parameters["@s"].Value = Study;
            trial.Parameters["@n"].Value = n;
            trial.Parameters["@state"].Value = state;
            trial.Parameters["@p"].Value = StudyStorage.Encode(new Dictionary<string, double> { ["x"] = x, ["kind"] = kind });
            trial.Parameters["@v"].Value = state == "Complete" ? value : DBNull.Value;
            trial.Parameters["@a"].Value = StudyStorage.Encode(new Dictionary<string, double> { ["x_squared"] = x * x, ["iterations"] = random.Next(50, 200) });
            trial.Parameters["@t0"].Value = t;
            trial.Parameters["@t1"].Value = t + took;
            trial.Parameters["@reason"].Value = state switch { "Failed" => "degenerate: the plan carries mass 0.98 instead of 1", "Pruned" => "pruned at step 3", _ => DBNull.Value };
            trial.ExecuteNonQuery();
            if (n % 10 == 3 || state == "Pruned")
                for (int k = 1; k <= (state == "Pruned" ? 3 : 5); k++)
                {
                    step.Parameters["@s"].Value = Study;
                    step.Parameters["@n"].Value = n;
                    step.Parameters["@k"].Value = k;
                    step.Parameters["@v"].Value = value + 1.0 / k;
                    step.ExecuteNonQuery();
                }
            t += took;
        }
        tx.Commit();
    }

    static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown";
}
