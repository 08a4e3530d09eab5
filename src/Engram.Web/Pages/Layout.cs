namespace Engram.Web.Pages;

/// <summary>A page's content: its title, its main part, its HTTP status, and whether it checks for changes.</summary>
/// <param name="Title">Shown in the tab and as the heading.</param>
/// <param name="Main">The part that live updates replace.</param>
/// <param name="Status">HTTP status (404 for a study that is gone, 503 for a storage that cannot be read).</param>
/// <param name="Live">Whether the page checks for changes every few seconds.</param>
public sealed record Page(string Title, Markup Main, int Status = 200, bool Live = true);

/// <summary>The frame every page shares: navigation, the storage it reads, the stylesheet and script (served by the program).</summary>
internal static class Layout
{
    /// <summary>The whole document of <paramref name="page"/>.</summary>
    public static Markup Document(Page page, string storage, string? runs, double refreshSeconds, string version) => Html.Of($"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{page.Title} · Engram dashboard</title>
        <link rel="stylesheet" href="/assets/dashboard.css"><script src="/assets/dashboard.js" defer></script></head>
        <body>
        <header><a class="brand" href="/">Engram dashboard</a>
        <nav><a href="/">Studies</a><a href="/analyses">Analyses</a><a href="/runs">Runs</a></nav>
        <span class="source" title="read-only">{storage}{(runs is null ? "" : " · runs in " + runs)}</span></header>
        <main{(page.Live ? Html.Of($" data-refresh=\"{refreshSeconds}\" data-version=\"{version}\"") : Markup.Empty)}>
        {page.Main}
        </main>
        <footer><span id="live-status">{(page.Live ? $"Read-only view; checks for changes every {refreshSeconds:G3} s." : "Read-only view.")}</span></footer>
        </body></html>
        """);

    /// <summary>A page that only says something: a study that is gone, a storage that cannot be read, an unknown address.</summary>
    public static Page Message(string title, string message, int status) =>
        new(title, Html.Of($"<h1>{title}</h1><p class=\"message\">{message}</p><p><a href=\"/\">All studies</a></p>"), status);

    /// <summary>A progress bar of <paramref name="done"/> of <paramref name="total"/> (a native element: pages carry no inline style).</summary>
    public static Markup Progress(int done, int total)
    {
        double share = total > 0 ? Math.Clamp((double)done / total, 0, 1) : 0;
        return Html.Of($"<progress value=\"{Math.Min(done, total)}\" max=\"{Math.Max(total, 1)}\" title=\"{done} of {total}\"></progress> {share * 100:F0} %");
    }
}
