using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Engram.Tests.Studies;

/// <summary>
/// A throwaway PostgreSQL server from Debian's postgresql package (dependencies.md §5): initdb into a temporary folder, a
/// free port on 127.0.0.1, run as the postgres user through runuser when the tests run as root; stopped and removed on
/// dispose. When it cannot start (package missing, no postgres user), <see cref="Unavailable"/> says why and the tests
/// that need it are skipped with that reason.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    [DllImport("libc")] static extern uint geteuid();

    static readonly bool IsRoot = geteuid() == 0;
    string? dir;

    /// <summary>Why no server runs, or null when it does.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The server's port.</summary>
    public int Port { get; private set; }

    /// <summary>A URL for database <paramref name="database"/> (created by <see cref="NewDatabase"/>).
    /// Workers of the multi-process tests connect at once on a loaded machine, so they may wait up to a minute.</summary>
    public string Url(string database) => $"postgresql://postgres@127.0.0.1:{Port}/{database}?connect_timeout=60";

    /// <summary>Skips the calling test when no server runs.</summary>
    public void RequireRunning()
    {
        if (Unavailable is not null) Assert.Skip($"PostgreSQL tests skipped: {Unavailable}");
    }

    /// <summary>Creates an empty database and returns its URL.</summary>
    public string NewDatabase()
    {
        RequireRunning();
        string name = "t" + Guid.NewGuid().ToString("N")[..12];
        using var c = new Npgsql.NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        command.ExecuteNonQuery();
        return Url(name);
    }

    static string? Bin() => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
        : null;

    public ValueTask InitializeAsync()
    {
        string? bin = Bin();
        if (bin is null) { Unavailable = "no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql; .ci/run does it)"; return ValueTask.CompletedTask; }
        try
        {
            dir = Directory.CreateTempSubdirectory("engram-pg-").FullName;
            if (IsRoot) Run(false, "chown", "postgres:postgres", dir);
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            Run(IsRoot, Path.Combine(bin, "initdb"), "-D", $"{dir}/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
            Run(IsRoot, Path.Combine(bin, "pg_ctl"), "-D", $"{dir}/data", "-l", $"{dir}/server.log", "-w", "-t", "30", "-o",
                $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            Unavailable = $"could not start a PostgreSQL server: {e.Message}";
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (dir is not null && File.Exists($"{dir}/data/postmaster.pid") && Bin() is string bin)
                Run(IsRoot, Path.Combine(bin, "pg_ctl"), "-D", $"{dir}/data", "-m", "immediate", "-w", "stop");
        }
        finally
        {
            if (dir is not null) Directory.Delete(dir, recursive: true);
        }
        return ValueTask.CompletedTask;
    }

    static void Run(bool asPostgres, string exe, params string[] args)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres) foreach (string a in new[] { "-u", "postgres", "--", exe }) start.ArgumentList.Add(a);
        foreach (string a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000)) { p.Kill(); throw new InvalidOperationException($"{Path.GetFileName(exe)} did not finish in 60 s"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(exe)} exited with {p.ExitCode}: {(err.Result + output).Trim()}");
    }
}
