using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Engram.Studies;
using Engram.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engram.Web;

/// <summary>
/// The live, read-only web dashboard over a study storage and a folder of runs (optuna-dashboard for Engram): Kestrel on
/// 127.0.0.1 unless told otherwise; pages for the studies, one study, the analyses and the runs; pages check for changes every
/// few seconds with one small request and swap in what changed. Only GET and HEAD are answered; a storage is only read;
/// errors are shown as one line (no stack trace, no password) and logged as one line.
/// </summary>
public sealed class Dashboard : IAsyncDisposable
{
    /// <summary>Header a page's script sends when it checks for changes: the version it shows.</summary>
    public const string LiveHeader = "X-Engram-Live";

    /// <summary>Header of the answer: the version of the content sent.</summary>
    public const string VersionHeader = "X-Engram-Version";

    readonly WebApplication app;
    readonly StudySource source;
    readonly RunFolders? runs;
    readonly PhysicalFileProvider? runFiles;
    readonly StudyCharts charts;
    readonly DashboardSettings settings;
    readonly TextWriter log;
    static readonly Lazy<(byte[] Css, byte[] Js)> assets = new(LoadAssets);

    Dashboard(WebApplication app, StudySource source, RunFolders? runs, DashboardSettings settings, TextWriter log)
    {
        this.app = app;
        this.source = source;
        this.runs = runs;
        this.settings = settings;
        this.log = log;
        charts = new StudyCharts(settings, source, runs);
        runFiles = runs is null ? null : new PhysicalFileProvider(runs.Root, ExclusionFilters.Sensitive);
    }

    /// <summary>The address the dashboard answers on (with the port chosen when <see cref="DashboardSettings.Port"/> was 0).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The storage as shown (no password).</summary>
    public string Storage => source.Description;

    /// <summary>
    /// Opens the storage, checks the settings and starts listening. Throws an <see cref="ArgumentException"/> for bad settings
    /// (unknown host, missing runs folder, a storage that cannot be shown), an <see cref="IOException"/> when the port is taken
    /// or the storage cannot be reached; nothing is started then. <paramref name="log"/> receives one line per error.
    /// </summary>
    public static async Task<Dashboard> StartAsync(DashboardSettings settings, TextWriter log, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Port is < 0 or > 65535) throw new ArgumentException($"the port must be 0 to 65535 (0: any free port); got {settings.Port}.", nameof(settings));
        if (!(settings.RefreshSeconds >= 0.5)) throw new ArgumentException($"pages check for changes at most every 0.5 s; got {settings.RefreshSeconds} s.", nameof(settings));
        IPAddress address = settings.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(settings.Host, out IPAddress? parsed) ? parsed
            : throw new ArgumentException($"the host '{settings.Host}' is not an IP address; give one of this machine's addresses (127.0.0.1, 0.0.0.0 for all).", nameof(settings));
        if (settings.Runs is not null && !Directory.Exists(settings.Runs))
            throw new ArgumentException($"the runs folder {Path.GetFullPath(settings.Runs)} does not exist.", nameof(settings));
        if (settings.Artefacts is not null && !Directory.Exists(settings.Artefacts))
            throw new ArgumentException($"the artefact folder {Path.GetFullPath(settings.Artefacts)} does not exist.", nameof(settings));
        var source = new StudySource(settings.Storage, TimeSpan.FromSeconds(settings.CacheSeconds));
        try
        {
            var runs = settings.Runs is null ? null : new RunFolders(settings.Runs, TimeSpan.FromSeconds(Math.Max(2, settings.RefreshSeconds)));
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Engram.Web", ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();   // the dashboard logs its own one-line messages: no stack traces, no connection strings
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(address, settings.Port);
                k.AddServerHeader = false;
            });
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
            var dashboard = new Dashboard(builder.Build(), source, runs, settings, TextWriter.Synchronized(log));
            dashboard.Map();
            try
            {
                await dashboard.app.StartAsync(cancellation);
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await dashboard.app.DisposeAsync();
                throw new IOException($"port {settings.Port} on {settings.Host} is already in use; choose another port (0 picks a free one).");
            }
            catch (SocketException e)
            {
                await dashboard.app.DisposeAsync();
                throw new IOException($"cannot listen on {settings.Host}:{settings.Port}: {e.Message}");
            }
            string bound = dashboard.app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            dashboard.Url = new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal));
            return dashboard;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Completes when the server stops.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellation = default) => app.WaitForShutdownAsync(cancellation);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        runFiles?.Dispose();
        source.Dispose();
    }

    void Map()
    {
        app.Use(Guard);
        app.MapGet("/assets/dashboard.css", () => Results.Bytes(assets.Value.Css, "text/css; charset=utf-8"));
        app.MapGet("/assets/dashboard.js", () => Results.Bytes(assets.Value.Js, "text/javascript; charset=utf-8"));
        app.MapGet("/", (HttpContext c) => Serve(c, () => StudiesPage.Render(source)));
        app.MapGet("/study", (HttpContext c) => Serve(c, () => StudyOr(c, study => StudyPage.Render(study, charts, TableView.From(c.Request.Query), runs))));
        app.MapGet("/study/chart", StudyFile((study, c) => charts.Image(study, c.Request.Query["kind"].ToString())));
        app.MapGet("/study/plan.png", StudyFile((study, _) => charts.PlanPng(study) is { } png ? (png, "image/png") : null));
        app.MapGet("/study/trials.csv", StudyFile((study, _) => (Encoding.UTF8.GetBytes(Reports.StudyReport.Csv(study)), "text/csv; charset=utf-8"), "trials.csv"));
        app.MapGet("/study/trials.json", StudyFile((study, _) => (Encoding.UTF8.GetBytes(StudyPage.Json(study, source.Description)), "application/json; charset=utf-8"), "trials.json"));
        app.MapGet("/analyses", (HttpContext c) => Serve(c, () => AnalysisPage.List(AnalysisGroups.Find(source))));
        app.MapGet("/analysis", (HttpContext c) => Serve(c, () => AnalysisGroups.Find(source, c.Request.Query["name"].ToString()) is { } a
            ? AnalysisPage.Render(a, runs)
            : Layout.Message("No such analysis", $"There is no analysis named '{c.Request.Query["name"]}' in {source.Description} (any more).", 404)));
        app.MapGet("/runs", (HttpContext c) => Serve(c, () => Pages.Runs.Render(runs, c.Request.Query["verb"].ToString() is { Length: > 0 } v ? v : null)));
        app.MapGet("/runs/files/{**path}", (HttpContext c, string path) => RunFile(c, path));
        app.MapFallback((HttpContext c) => Serve(c, () => Layout.Message("Not found", $"The dashboard has no page at {c.Request.Path}.", 404)));
    }

    /// <summary>
    /// Every request passes here: only GET and HEAD; on a loopback address only requests addressed to this machine (a web page
    /// elsewhere cannot rebind a name to it and read the studies); security headers; and any exception becomes a one-line page
    /// and a one-line log, without stack trace or password.
    /// </summary>
    async Task Guard(HttpContext c, Func<Task> next)
    {
        if (!HttpMethods.IsGet(c.Request.Method) && !HttpMethods.IsHead(c.Request.Method))
        {
            c.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            c.Response.Headers.Allow = "GET, HEAD";
            await c.Response.WriteAsync("The dashboard is read-only: only GET and HEAD.");
            return;
        }
        if (IPAddress.IsLoopback(c.Connection.LocalIpAddress ?? IPAddress.Loopback) && c.Request.Host.Host is not ("localhost" or "127.0.0.1" or "[::1]" or "::1"))
        {
            c.Response.StatusCode = StatusCodes.Status400BadRequest;
            await c.Response.WriteAsync("This dashboard answers only requests addressed to localhost.");
            return;
        }
        c.Response.Headers.XContentTypeOptions = "nosniff";
        c.Response.Headers["Referrer-Policy"] = "no-referrer";
        if (!c.Request.Path.StartsWithSegments("/runs/files"))   // reports carry their own inline scripts and styles
        {
            c.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";
            c.Response.Headers.XFrameOptions = "DENY";
        }
        try
        {
            await next();
        }
        catch (Exception e) when (!c.RequestAborted.IsCancellationRequested)
        {
            bool known = e is StorageUnavailableException or IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException;
            string message = source.Scrub(e.Message.ReplaceLineEndings(" "));
            log.WriteLine($"engram dashboard: {(known ? "" : "internal error ")}on {c.Request.Path}: {message}");
            if (c.Response.HasStarted) return;
            c.Response.Clear();
            Page page = known
                ? Layout.Message("Cannot read the storage", message, StatusCodes.Status503ServiceUnavailable)
                : Layout.Message("Internal error", $"The dashboard failed on this page ({e.GetType().Name}: {message}); other pages may still work. Please report it.", StatusCodes.Status500InternalServerError);
            await Write(c, page);
        }
    }

    /// <summary>A file of the runs folder (a report and its figures), read-only; nothing outside the folder, no hidden files.</summary>
    async Task RunFile(HttpContext c, string path)
    {
        IFileInfo file = runFiles?.GetFileInfo(path) ?? new NotFoundFileInfo(path);
        if (!file.Exists || file.IsDirectory || !ContentTypes.TryGetContentType(file.Name, out string? type))
        {
            await Write(c, Layout.Message("Not found", $"There is no report file {path} in the runs folder.", StatusCodes.Status404NotFound) with { Live = false });
            return;
        }
        c.Response.ContentType = type;
        c.Response.ContentLength = file.Length;
        c.Response.Headers.CacheControl = "no-cache";
        await using Stream stream = file.CreateReadStream();
        await stream.CopyToAsync(c.Response.Body, c.RequestAborted);
    }

    static readonly FileExtensionContentTypeProvider ContentTypes = new();

    Page StudyOr(HttpContext c, Func<StudySnapshot, Page> render)
    {
        string name = c.Request.Query["name"].ToString();
        StudySnapshot? study = source.Load(name);
        return study is null
            ? Layout.Message("No such study", $"There is no study named '{name}' in {source.Description}: it was deleted, or the name is wrong.", StatusCodes.Status404NotFound)
            : render(study);
    }

    Task Serve(HttpContext c, Func<Page> render)
    {
        Page page;
        try
        {
            page = render();
        }
        catch (StorageUnavailableException e)
        {
            page = Layout.Message("Cannot read the storage", e.Message, StatusCodes.Status503ServiceUnavailable);
            log.WriteLine($"engram dashboard: on {c.Request.Path}: {e.Message}");
        }
        return Write(c, page);
    }

    /// <summary>
    /// The whole page, or for a page's check for changes (<see cref="LiveHeader"/>) only its main part, or 204 when the main
    /// part is what the page already shows. The version is a hash of the main part itself: whatever a reader could see changed,
    /// and nothing else, triggers a swap.
    /// </summary>
    async Task Write(HttpContext c, Page page)
    {
        string version = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(page.Main.Value)))[..16];
        c.Response.StatusCode = page.Status;
        c.Response.Headers.CacheControl = "no-store";
        c.Response.Headers[VersionHeader] = version;
        if (c.Request.Headers.TryGetValue(LiveHeader, out var shown))
        {
            if (shown == version)
            {
                c.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            c.Response.ContentType = "text/html; charset=utf-8";
            await c.Response.WriteAsync(page.Main.Value);
            return;
        }
        c.Response.ContentType = "text/html; charset=utf-8";
        string? runsRoot = runs?.Root;
        await c.Response.WriteAsync(Layout.Document(page, source.Description, runsRoot, settings.RefreshSeconds, version).Value);
    }

    RequestDelegate StudyFile(Func<StudySnapshot, HttpContext, (byte[] Bytes, string ContentType)?> make, string? download = null) => async c =>
    {
        string name = c.Request.Query["name"].ToString();
        StudySnapshot? study = source.Load(name);
        if ((study is null ? null : make(study, c)) is not { } file)
        {
            c.Response.StatusCode = StatusCodes.Status404NotFound;
            await c.Response.WriteAsync(study is null ? $"no study named '{name}'" : "nothing to draw here");
            return;
        }
        var (bytes, contentType) = file;
        c.Response.ContentType = contentType;
        // An image whose address carries the study's version can be kept; downloads are always fresh.
        c.Response.Headers.CacheControl = c.Request.Query.ContainsKey("v") ? "private, max-age=86400" : "no-store";
        if (download is not null)
            c.Response.Headers.ContentDisposition = $"attachment; filename=\"{Sanitise(name)}-{download}\"";
        await c.Response.Body.WriteAsync(bytes);
    };

    static string Sanitise(string name) => RepresentationAnalysis.SafeName(name);

    static (byte[], byte[]) LoadAssets()
    {
        static byte[] Read(string name)
        {
            using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Engram.Web.Assets.{name}")
                ?? throw new InvalidOperationException($"the dashboard's {name} is missing from the assembly.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        byte[] css = [.. Read("dashboard.css"), .. Encoding.UTF8.GetBytes(AnalysisPage.ShadeRules())];
        return (css, Read("dashboard.js"));
    }
}
