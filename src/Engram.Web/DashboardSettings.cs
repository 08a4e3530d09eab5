namespace Engram.Web;

/// <summary>What <c>engram dashboard</c> serves and where.</summary>
public sealed record DashboardSettings
{
    /// <summary>The study storage to read: <c>sqlite:PATH</c> or <c>postgresql://…</c> (never written to).</summary>
    public required string Storage { get; init; }

    /// <summary>A folder of run outputs whose <c>index.html</c> reports the Runs page lists, or null.</summary>
    public string? Runs { get; init; }

    /// <summary>
    /// The folder that holds each study's best-trial artefacts (<c>STUDY/trial-N/plan.npy</c>), as given to the workers'
    /// <c>--artefacts</c>; null: the workers' default beside an SQLite file (<c>PATH.artefacts</c>).
    /// </summary>
    public string? Artefacts { get; init; }

    /// <summary>Address to listen on (default 127.0.0.1: this machine only).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port to listen on (0: any free port).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Seconds between a page's checks for changes (one small request each).</summary>
    public double RefreshSeconds { get; init; } = 3;

    /// <summary>How long a study read from the storage is reused, so that many open pages cost one read (seconds).</summary>
    public double CacheSeconds { get; init; } = 1;
}
