using System.Diagnostics;

namespace Engram.Bench;

/// <summary>Runs a reference script with Debian's Python (/usr/bin/python3) and returns its stdout.</summary>
public static class Reference
{
    /// <summary>Directory holding the reference scripts (bench/Engram.Bench/reference), found from the output folder.</summary>
    public static string ScriptPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "bench", "Engram.Bench", "reference", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"reference script {name} not found under bench/Engram.Bench/reference");
    }

    /// <summary>Runs <c>/usr/bin/python3 path args</c> for a script outside the reference folder (e.g. a data maker).</summary>
    public static string RunPythonFile(string path, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3");
        start.ArgumentList.Add(path);
        foreach (string a in args) start.ArgumentList.Add(a);
        return Run(start, Path.GetFileName(path));
    }

    /// <summary>Runs <c>/usr/bin/python3 script args</c>; throws with its stderr when it fails.</summary>
    public static string RunPython(string script, params string[] args) => RunPythonFile(ScriptPath(script), args);

    /// <summary>Runs <paramref name="start"/> with stdin closed and returns its stdout; throws with its stderr when it fails.</summary>
    static string Run(ProcessStartInfo start, string script)
    {
        start.RedirectStandardOutput = start.RedirectStandardError = start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}: {stderr.Result}");
        return stdout;
    }

    /// <summary>
    /// Runs the Octave function in reference/<paramref name="script"/> (GNU Octave, <c>octave-cli</c>) with string
    /// arguments; throws with its stderr when it fails.
    /// </summary>
    public static string RunOctave(string script, params string[] args)
    {
        string path = ScriptPath(script);
        string call = $"addpath('{Path.GetDirectoryName(path)}'); {Path.GetFileNameWithoutExtension(path)}({string.Join(", ", args.Select(a => "'" + a.Replace("'", "''") + "'"))})";
        var start = new ProcessStartInfo("octave-cli");
        foreach (string a in new[] { "--norc", "-q", "--eval", call }) start.ArgumentList.Add(a);
        return Run(start, script);
    }

    /// <summary>Peak resident memory of this process so far (VmHWM), in MiB.</summary>
    public static double PeakMemoryMiB()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:"))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return double.NaN;
    }
}
