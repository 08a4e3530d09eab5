using System.Globalization;
using Engram.Reports;
using Engram.Studies;
using Microsoft.AspNetCore.Http;

namespace Engram.Web.Pages;

/// <summary>How the trial table is shown: filter, sort column and direction, page (all from the address, so a reload or a live update keeps them).</summary>
/// <param name="State">Only trials in this state (lower case), or null for all.</param>
/// <param name="Sort">number, state, value, seconds, p:PARAMETER or a:ATTRIBUTE.</param>
/// <param name="Descending">Largest first.</param>
/// <param name="PageNumber">1-based page of <see cref="StudyPage.PageSize"/> rows.</param>
public sealed record TableView(string? State, string Sort, bool Descending, int PageNumber)
{
    /// <summary>The view an address asks for (unknown values fall back to the defaults).</summary>
    public static TableView From(IQueryCollection query)
    {
        string? state = query["state"].ToString() is { Length: > 0 } s && Enum.TryParse<TrialState>(s, true, out _) ? s.ToLowerInvariant() : null;
        string sort = query["sort"].ToString() is { Length: > 0 } k ? k : "number";
        int page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p > 0 ? p : 1;
        return new TableView(state, sort, query["order"] == "desc", page);
    }
}

/// <summary>
/// A study's page: what it is, progress, the best trial, the charts (history, value against each parameter, intermediate
/// values), the best trial's transport plan, failed trials with their reasons and the trial table (sortable, filterable by
/// state, in pages), with downloads of the trials as CSV and JSON.
/// </summary>
internal static class StudyPage
{
    /// <summary>Rows per page of the trial table.</summary>
    public const int PageSize = 50;

    /// <summary>Failed trials listed with their reasons (the latest).</summary>
    public const int FailuresShown = 50;

    public static Page Render(StudySnapshot study, StudyCharts charts, TableView view, RunFolders? runs)
    {
        StudyDefinition d = study.Definition;
        StudyStatus s = StudyStatus.Of(study);
        string name = d.Name, url = Html.Url(name), version = StudyCharts.Version(study);
        int finished = s.Complete + s.Pruned + s.Failed;
        Markup best = s.Best is { } b
            ? Html.Of($"<b id=\"best-value\">{Text.Number(b.Value, "G8")}</b> (trial {b.Number}: {string.Join(", ", d.Space.Parameters.Select(p => $"{p.Name} = {b.Display(d.Space, p.Name)}"))})")
            : Html.Of($"<span id=\"best-value\">none yet</span>");
        Markup analysis = runs?.ReportOfStudy(name) is { } report
            ? Html.Of($"<tr><th>report</th><td><a href=\"/runs/files/{Runs.Path(report.Folder)}/index.html\">{report.Title}</a></td></tr>")
            : Markup.Empty;
        Markup summary = Html.Of($"""
            <table class="summary">
            <tr><th>objective</th><td>{d.Objective}, {d.Direction.ToString().ToLowerInvariant()}, sampler {d.Sampler.ToString().ToLowerInvariant()}, pruner {d.Pruner.ToString().ToLowerInvariant()}, seed {d.Seed}</td></tr>
            <tr><th>search space</th><td>{d.Space.Describe()}</td></tr>
            <tr><th>trials</th><td><b id="trial-count">{finished}</b> of {d.TargetTrials} finished {Layout.Progress(finished, d.TargetTrials)} · {StateCounts(s)}</td></tr>
            <tr><th>best value</th><td>{best}</td></tr>
            <tr><th>time</th><td>{Text.Duration(s.MeanTrialSeconds)} a trial; {(finished >= d.TargetTrials ? "done" : s.Running == 0 ? "no worker running" : $"about {Text.Duration(s.EtaSeconds)} left at {s.Running} running")}</td></tr>
            {analysis}
            <tr><th>download</th><td><a href="/study/trials.csv?name={url}" download>trials.csv</a> · <a href="/study/trials.json?name={url}" download>trials.json</a></td></tr>
            </table>
            """);
        var figures = StudyCharts.Charts(study).Select(c => Html.Of($"""
            <figure class="chart"><img src="/study/chart?name={url}&amp;kind={c.Kind}&amp;v={version}" alt="{c.Caption}" width="{StudyCharts.Width}" height="{StudyCharts.Height}"><figcaption>{c.Caption}</figcaption></figure>
            """));
        return new Page($"Study {name}", Html.Of($"""
            <h1>Study <span class="name">{name}</span></h1>
            {summary}
            <h2>Charts</h2>
            <div class="charts">{figures}</div>
            {Plan(study, charts, url, version)}
            {Failures(study)}
            {Table(study, view, url)}
            """));
    }

    /// <summary>Trials by state as small labelled counts.</summary>
    public static Markup StateCounts(StudyStatus s)
    {
        var parts = new List<Markup>();
        void Add(int count, string state, string label, string? title = null)
        {
            if (count > 0) parts.Add(Html.Of($"<span class=\"state {state}\"{(title is null ? Markup.Empty : Html.Of($" title=\"{title}\""))}>{count} {label}</span> "));
        }
        Add(s.Complete, "complete", "complete");
        Add(s.Pruned, "pruned", "pruned");
        Add(s.Failed, "failed", "failed");
        Add(s.Running, "running", "running");
        Add(s.Waiting, "waiting", "waiting");
        Add(s.Requeued, "requeued", "re-run", "given up because their worker stopped; their parameters ran again");
        return parts.Count == 0 ? Html.Of($"<span class=\"states\">no trial yet</span>") : Html.Of($"<span class=\"states\">{parts}</span>");
    }

    static Markup Plan(StudySnapshot study, StudyCharts charts, string url, string version)
    {
        if (!study.Trials.Any(t => t.Parameters.ContainsKey("eps"))) return Markup.Empty;   // only GW studies have plans
        PlanLocation where = charts.Plan(study);
        Markup image = where.Npy is not null || where.Png is not null
            ? Html.Of($"<figure class=\"plan\"><img id=\"plan\" src=\"/study/plan.png?name={url}&amp;best={study.Best!.Number}&amp;v={version}\" alt=\"transport plan of the best trial\" width=\"900\" height=\"800\"><figcaption>{where.Note} Rows: items of the first representation; columns: the second; white lines: category boundaries where the study names a category file.</figcaption></figure>")
            : Html.Of($"<p class=\"message\">{where.Note}</p>");
        return Html.Of($"<h2>Transport plan of the best trial</h2>{image}");
    }

    static Markup Failures(StudySnapshot study)
    {
        Trial[] failed = study.Trials.Where(t => t.State == TrialState.Failed).ToArray();
        if (failed.Length == 0) return Markup.Empty;
        var rows = failed.TakeLast(FailuresShown).Reverse().Select(t => Html.Of($"""
            <tr><td class="num">{t.Number}</td><td>{(t.Requeued ? "re-run" : "failed")}</td><td>{Text.Time(t.Finished)}</td><td>{t.Worker ?? "—"}</td><td class="reason">{t.Reason ?? "—"}</td></tr>
            """));
        string more = failed.Length > FailuresShown ? $" (the latest {FailuresShown} of {failed.Length})" : "";
        return Html.Of($"""
            <h2>Failed trials <span class="count">{failed.Length}{more}</span></h2>
            <div class="scroll"><table class="failures"><thead><tr><th>trial</th><th>outcome</th><th>ended</th><th>worker</th><th>reason</th></tr></thead>
            <tbody>{rows}</tbody></table></div>
            """);
    }

    static Markup Table(StudySnapshot study, TableView view, string url)
    {
        SearchSpace space = study.Definition.Space;
        string[] attributes = study.Trials.SelectMany(t => t.Attributes.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        IEnumerable<Trial> selected = view.State is null ? study.Trials : study.Trials.Where(t => t.State.ToString().Equals(view.State, StringComparison.OrdinalIgnoreCase));
        Func<Trial, double?> key = view.Sort switch
        {
            "value" => t => t.Value,
            "state" => t => (double)t.State,
            "seconds" => Seconds,
            _ when view.Sort.StartsWith("p:", StringComparison.Ordinal) => t => t.Parameters.TryGetValue(view.Sort[2..], out double v) ? v : null,
            _ when view.Sort.StartsWith("a:", StringComparison.Ordinal) => t => t.Attributes.TryGetValue(view.Sort[2..], out double v) ? v : null,
            _ => t => t.Number,
        };
        // Missing values last in both directions; ties by trial number.
        Trial[] sorted = (view.Descending
            ? selected.OrderBy(t => key(t) is null).ThenByDescending(t => key(t) ?? 0).ThenBy(t => t.Number)
            : selected.OrderBy(t => key(t) is null).ThenBy(t => key(t) ?? 0).ThenBy(t => t.Number)).ToArray();
        int pages = Math.Max(1, (sorted.Length + PageSize - 1) / PageSize), page = Math.Min(view.PageNumber, pages);
        string Link(string? state, string sort, bool descending, int p) =>
            $"/study?name={url}{(state is null ? "" : "&state=" + state)}{(sort == "number" ? "" : "&sort=" + Html.Url(sort))}{(descending ? "&order=desc" : "")}{(p > 1 ? $"&page={p}" : "")}#trials";
        Markup Header(string label, string sort) => Html.Of($"""
            <th><a href="{Link(view.State, sort, view.Sort == sort && !view.Descending, 1)}">{label}{(view.Sort == sort ? (view.Descending ? " ▼" : " ▲") : "")}</a></th>
            """);
        var filters = new List<Markup> { Html.Of($"<a href=\"{Link(null, view.Sort, view.Descending, 1)}\"{(view.State is null ? Html.Of($" class=\"on\"") : Markup.Empty)}>all {study.Trials.Count}</a>") };
        foreach (TrialState state in Enum.GetValues<TrialState>())
        {
            string lower = state.ToString().ToLowerInvariant();
            int count = study.Trials.Count(t => t.State == state);
            if (count > 0 || view.State == lower)
                filters.Add(Html.Of($" <a href=\"{Link(lower, view.Sort, view.Descending, 1)}\" class=\"state {lower}{(view.State == lower ? " on" : "")}\">{lower} {count}</a>"));
        }
        var rows = sorted.Skip((page - 1) * PageSize).Take(PageSize).Select(t => Html.Of($"""
            <tr><td class="num">{t.Number}</td><td><span class="state {t.State.ToString().ToLowerInvariant()}">{t.State.ToString().ToLowerInvariant()}</span></td><td class="num">{Text.Number(t.Value)}</td>{space.Parameters.Select(p => Html.Of($"<td class=\"num\">{(t.Parameters.ContainsKey(p.Name) ? t.Display(space, p.Name) : "—")}</td>"))}{attributes.Select(a => Html.Of($"<td class=\"num\">{Text.Number(t.Attributes.TryGetValue(a, out double v) ? v : null)}</td>"))}<td class="num">{Text.Duration(Seconds(t))}</td><td>{t.Worker ?? "—"}</td><td class="reason">{t.Reason ?? ""}</td></tr>
            """));
        Markup pager = pages == 1 ? Markup.Empty : Html.Of($"""
            <p class="pager">{(page > 1 ? Html.Of($"<a href=\"{Link(view.State, view.Sort, view.Descending, page - 1)}\">← previous</a>") : Markup.Empty)} page {page} of {pages} {(page < pages ? Html.Of($"<a href=\"{Link(view.State, view.Sort, view.Descending, page + 1)}\">next →</a>") : Markup.Empty)}</p>
            """);
        return Html.Of($"""
            <h2 id="trials">Trials</h2>
            <p class="filters">{filters}</p>
            <div class="scroll"><table class="trials">
            <thead><tr>{Header("#", "number")}{Header("state", "state")}{Header("value", "value")}{space.Parameters.Select(p => Header(p.Name, "p:" + p.Name))}{attributes.Select(a => Header(a, "a:" + a))}{Header("seconds", "seconds")}<th>worker</th><th>note</th></tr></thead>
            <tbody>{rows}</tbody></table></div>
            {pager}
            """);
    }

    static double? Seconds(Trial t) => t.Started is not null && t.Finished is not null ? (t.Finished.Value - t.Started.Value).TotalSeconds : null;

    /// <summary>trials.json: the study with every trial, as <c>engram study export --json</c> writes it.</summary>
    public static string Json(StudySnapshot study, string storage) => JsonResult.ToJson(StudySummary.Of(study, storage, withTrials: true));
}
