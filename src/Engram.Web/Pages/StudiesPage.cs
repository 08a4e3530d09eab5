using Engram.Studies;

namespace Engram.Web.Pages;

/// <summary>The Studies page: every study with objective, sampler, pruner, trials by state, best value, progress and ETA.</summary>
internal static class StudiesPage
{
    public static Page Render(StudySource source)
    {
        IReadOnlyList<string> names = source.Names();
        if (names.Count == 0)
            return new Page("Studies", Html.Of($"""
                <h1>Studies</h1>
                <p class="message">No studies in {source.Description} yet. Create one with <code>engram study create</code> or
                <code>engram align X Y --trials N</code>; this page shows it as soon as it exists.</p>
                """));
        var rows = new List<Markup>();
        foreach (string name in names)
        {
            StudySnapshot? study = source.Load(name);
            if (study is null) continue;   // deleted between the two reads
            StudyStatus s = StudyStatus.Of(study);
            StudyDefinition d = study.Definition;
            int finished = s.Complete + s.Pruned + s.Failed;
            rows.Add(Html.Of($"""
                <tr><td><a href="/study?name={Html.Url(name)}">{name}</a></td><td>{d.Objective}</td><td>{Lower(d.Direction)}</td>
                <td>{Lower(d.Sampler)}</td><td>{Lower(d.Pruner)}</td>
                <td>{StudyPage.StateCounts(s)}</td>
                <td class="num">{finished} / {s.Target}</td><td>{Layout.Progress(finished, s.Target)}</td>
                <td class="num">{Text.Number(s.Best?.Value)}</td><td class="num">{(s.Best is { } b ? $"#{b.Number}" : "—")}</td>
                <td>{(finished >= s.Target ? "done" : s.Running == 0 ? "no worker running" : Text.Duration(s.EtaSeconds))}</td></tr>
                """));
        }
        return new Page("Studies", Html.Of($"""
            <h1>Studies <span class="count">{Text.Count(rows.Count, "study", "studies")}</span></h1>
            <div class="scroll"><table class="studies">
            <thead><tr><th>study</th><th>objective</th><th>direction</th><th>sampler</th><th>pruner</th><th>trials by state</th>
            <th>finished</th><th>progress</th><th>best value</th><th>best trial</th><th>time left</th></tr></thead>
            <tbody>{rows}</tbody></table></div>
            """));
    }

    static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
