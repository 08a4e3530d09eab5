using Engram.Continual.Diffusion;

namespace Engram.Reports;

/// <summary>
/// The folder of a diffusion continual-learning run: <c>run.json</c> (settings and data folder), the stage
/// checkpoints under <c>seed-S/</c>, <c>training.json</c>, and after evaluation <c>result.json</c>, arrays, figures and
/// <c>index.html</c>.
/// </summary>
public static class DiffusionRunFolder
{
    /// <summary>What <c>run.json</c> holds.</summary>
    /// <param name="Settings">The experiment's settings.</param>
    /// <param name="DataFolder">The Fashion-MNIST folder it was trained on.</param>
    public sealed record Description(DiffusionContinualSettings Settings, string DataFolder);

    /// <summary>
    /// Whether <paramref name="asked"/> describes the run <paramref name="stored"/> describes: the same settings (thread
    /// counts aside: they change the speed of a run, not what it is) and, when <paramref name="asked"/> names one, the
    /// same data folder. A <c>--resume</c> that repeats the run's own options is accepted by this test.
    /// </summary>
    public static bool SameRun(Description asked, Description stored)
    {
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(stored);
        static DiffusionContinualSettings WithoutThreads(DiffusionContinualSettings s) => s with
        {
            FirstTask = s.FirstTask with { Threads = 1 },
            Latent = s.Latent is null ? null : s.Latent with { Trainer = s.Latent.Trainer with { Threads = 1 } },
        };
        bool sameData = asked.DataFolder.Length == 0
            || Path.GetFullPath(asked.DataFolder).TrimEnd('/') == Path.GetFullPath(stored.DataFolder).TrimEnd('/');
        return sameData && JsonResult.ToJson(WithoutThreads(asked.Settings)) == JsonResult.ToJson(WithoutThreads(stored.Settings));
    }

    /// <summary>Whether <paramref name="folder"/> already holds a run.</summary>
    public static bool HasRun(string folder) => File.Exists(Path.Combine(folder, "run.json"));

    /// <summary>Writes <c>run.json</c> atomically.</summary>
    public static void Write(string folder, Description description)
    {
        Directory.CreateDirectory(folder);
        JsonResult.Write(Path.Combine(folder, "run.json"), description);
    }

    /// <summary>Reads <c>run.json</c>.</summary>
    /// <exception cref="FileNotFoundException">No run in the folder.</exception>
    /// <exception cref="InvalidDataException">An unreadable description.</exception>
    public static Description Read(string folder)
    {
        string path = Path.Combine(folder, "run.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{folder}' holds no diffusion run (no run.json); train one first: engram continual diffusion train --out {folder}", path);
        try
        {
            return JsonResult.FromJson<Description>(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid run description ({e.Message}); train the run again in a new folder.", e);
        }
    }

    /// <summary>Reads the evaluation's <c>result.json</c>.</summary>
    /// <exception cref="FileNotFoundException">The run was not evaluated.</exception>
    public static DiffusionContinualResult ReadResult(string folder)
    {
        string path = Path.Combine(folder, "result.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{folder}' holds no evaluation (no result.json); run: engram continual diffusion evaluate --out {folder}", path);
        try
        {
            return JsonResult.FromJson<DiffusionContinualResult>(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid evaluation result ({e.Message}); evaluate the run again.", e);
        }
    }
}
