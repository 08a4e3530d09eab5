namespace Engram.Web.Pages;

/// <summary>The Runs page: the reports under the runs folder, by verb and date, each opened as the verb wrote it.</summary>
internal static class Runs
{
    /// <summary>A folder relative to the runs folder as a URL path (each part escaped).</summary>
    public static string Path(string folder) => folder == "." ? "." : string.Join("/", folder.Split('/').Select(Uri.EscapeDataString));

    public static Page Render(RunFolders? runs, string? verb)
    {
        if (runs is null)
            return new Page("Runs", Html.Of($"""
                <h1>Runs</h1><p class="message">No runs folder was given. Start the dashboard with <code>--runs DIR</code> (the folder your verbs write
                their <code>--out</code> folders into) to list their reports here.</p>
                """), Live: false);
        IReadOnlyList<RunReport> reports = runs.Reports();
        if (reports.Count == 0)
            return new Page("Runs", Html.Of($"<h1>Runs</h1><p class=\"message\">No index.html report under {runs.Root} (looked {RunFolders.MaxDepth} folders deep).</p>"));
        var verbs = reports.Select(r => r.Verb).Distinct().ToArray();
        var filters = new List<Markup> { Html.Of($"<a href=\"/runs\"{(verb is null ? Html.Of($" class=\"on\"") : Markup.Empty)}>all {reports.Count}</a>") };
        filters.AddRange(verbs.Select(v => Html.Of($" <a href=\"/runs?verb={Html.Url(v)}\"{(v == verb ? Html.Of($" class=\"on\"") : Markup.Empty)}>{v} {reports.Count(r => r.Verb == v)}</a>")));
        var rows = reports.Where(r => verb is null || r.Verb == verb).Select(r => Html.Of($"""
            <tr><td>{r.Verb}</td><td><a href="/runs/files/{Path(r.Folder)}/index.html">{r.Title}</a></td><td><code>{r.Folder}</code></td><td>{Text.Time(r.Written)}</td></tr>
            """));
        return new Page("Runs", Html.Of($"""
            <h1>Runs <span class="count">{Text.Count(reports.Count, "report", "reports")} under {runs.Root}</span></h1>
            <p class="filters">{filters}</p>
            <div class="scroll"><table class="runs"><thead><tr><th>verb</th><th>report</th><th>folder</th><th>written</th></tr></thead>
            <tbody>{rows}</tbody></table></div>
            """));
    }
}
