using System.CommandLine;
using Engram.Numerics;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// What a verb's action needs besides its parsed options: where to write, whether JSON was asked
/// for, and a progress display (a live bar on an interactive terminal's stderr, a few plain lines
/// when stderr is redirected, nothing with --json).
/// </summary>
public sealed class VerbContext
{
    VerbContext(TextWriter output, TextWriter error, bool json)
    {
        Output = output;
        Error = error;
        Json = json;
    }

    /// <summary>Standard output (JSON or the human summary).</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error (progress and messages).</summary>
    public TextWriter Error { get; }

    /// <summary>Whether --json was given: stdout then holds one JSON object only.</summary>
    public bool Json { get; }

    /// <summary>
    /// Wraps a verb body so that bad input becomes one line on stderr and exit code 1, and an
    /// internal failure exit code 2; never a stack trace. <paramref name="settingFlags"/> maps the library's setting
    /// names to this verb's options for error messages.
    /// </summary>
    public static void SetAction(Command command, Option<bool>? json, Func<ParseResult, VerbContext, int> body,
        IReadOnlyDictionary<string, string>? settingFlags = null)
    {
        command.SetAction(parse =>
        {
            var context = new VerbContext(
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error,
                json is not null && parse.GetValue(json));
            try
            {
                bool writesFigures = parse.Tokens.Any(t => t.Value == "--out" || t.Value.StartsWith("--out=", StringComparison.Ordinal));
                if (writesFigures && !Engram.Reports.Figures.FontsInstalled)
                    context.Error.WriteLine("engram: note: no font under /usr/share/fonts, so figures will have no text; install one (apt-get install fonts-dejavu-core).");
                return body(parse, context);
            }
            catch (Exception e)
            {
                return ErrorReporting.Report(e, context.Error, settingFlags);
            }
        });
    }

    /// <summary>Runs <paramref name="work"/> with a progress display suited to where stderr goes.</summary>
    public T WithProgress<T>(string title, Func<IProgress<WorkProgress>, T> work)
    {
        bool terminal = ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected && !Json;
        if (!terminal)
        {
            return work(Json ? new Progress<WorkProgress>(_ => { }) : new PlainProgress(Error, title));
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Interactive = InteractionSupport.Yes,
        });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var sink = new SynchronousProgress(p =>
                {
                    if (!tasks.TryGetValue(p.Task, out ProgressTask? task))
                        tasks[p.Task] = task = ctx.AddTask(Markup.Escape(p.Task), maxValue: Math.Max(1, p.Total));
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = Math.Min(p.Done, task.MaxValue);
                    task.Description = Markup.Escape(p.Detail is null ? p.Task : $"{p.Task} {p.Detail}");
                });
                result = work(sink);
            });
        return result;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    sealed class SynchronousProgress(Action<WorkProgress> report) : IProgress<WorkProgress>
    {
        readonly Lock gate = new();
        public void Report(WorkProgress value) { lock (gate) report(value); }
    }

    /// <summary>A line at every further 10 % of each task, for logs.</summary>
    sealed class PlainProgress(TextWriter error, string title) : IProgress<WorkProgress>
    {
        readonly Dictionary<string, long> lastDecile = new();
        readonly Lock gate = new();
        bool started;

        public void Report(WorkProgress p)
        {
            lock (gate)
            {
                if (!started) { error.WriteLine($"{title}…"); started = true; }
                long decile = p.Total <= 0 ? 0 : Math.Min(10, p.Done * 10 / p.Total);
                if (lastDecile.TryGetValue(p.Task, out long last) && decile <= last) return;
                lastDecile[p.Task] = decile;
                error.WriteLine($"  {p.Task}: {decile * 10}%{(p.Detail is null ? "" : "  " + p.Detail)}");
            }
        }
    }
}
