using System.CommandLine;
using System.Runtime.InteropServices;
using Engram.Studies;

namespace Engram.Cli.Studies;

/// <summary><c>engram study …</c>: persistent studies (create, worker, status, best, export, delete).</summary>
public static class StudyCommand
{
    /// <summary>Default storage: an SQLite file in the current folder.</summary>
    public const string DefaultStorage = "sqlite:engram-studies.db";

    /// <summary>The <c>study</c> command with its verbs.</summary>
    public static Command Create()
    {
        var command = new Command("study",
            "Persistent studies (as Optuna's): trials in a database (sqlite:PATH, the default, or postgresql://… shared by many machines), " +
            "TPE/random/grid sampling, median/Hyperband pruning, any number of workers.");
        command.Subcommands.Add(StudyCreateVerb.Create());
        command.Subcommands.Add(StudyWorkerVerb.Create());
        command.Subcommands.Add(StudyStatusVerb.Create());
        command.Subcommands.Add(StudyStatusVerb.CreateBest());
        command.Subcommands.Add(StudyExportVerb.Create());
        command.Subcommands.Add(StudyDeleteVerb.Create());
        return command;
    }

    /// <summary><c>--storage S</c>.</summary>
    public static Option<string> Storage() => new("--storage")
    {
        Description = $"where the study lives: sqlite:PATH (default {DefaultStorage}), postgresql://user:password@host:port/database, or memory",
        DefaultValueFactory = _ => DefaultStorage,
    };

    /// <summary><c>--study NAME</c> (required).</summary>
    public static Option<string> Study(bool required = true) => new("--study") { Description = "study name", Required = required };

    /// <summary>
    /// A storage for a verb that writes to a study that must already exist (worker, delete): a missing SQLite file or a
    /// database without studies is refused as when reading, instead of becoming a new empty database.
    /// </summary>
    public static IStudyStorage OpenExisting(string connection)
    {
        if (connection.Trim() is not ("memory" or "memory:")) StudyStorage.OpenReadOnly(connection).Dispose();
        return StudyStorage.Open(connection);
    }

    /// <summary>Loads the study or fails with one line.</summary>
    public static StudySnapshot Load(IStudyStorage storage, string name) =>
        storage.LoadStudy(name) ?? throw new ArgumentException(
            $"there is no study '{name}' in {storage.Description}; its studies: {(storage.StudyNames() is { Count: > 0 } names ? string.Join(", ", names) : "none")}.");

    /// <summary>Folder for a study's artefacts (<see cref="StudyStorage.ArtefactDirectory"/>).</summary>
    public static string ArtefactDirectory(IStudyStorage storage, string study, string? chosen) => StudyStorage.ArtefactDirectory(storage, study, chosen);

    /// <summary>A token cancelled by Ctrl-C or SIGTERM, so a worker abandons its trial cleanly.</summary>
    public static (CancellationTokenSource Source, IDisposable Registration) StopSignals()
    {
        var source = new CancellationTokenSource();
        var registrations = new[]
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; source.Cancel(); }),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; source.Cancel(); }),
        };
        return (source, new Registrations(registrations));
    }

    sealed class Registrations(PosixSignalRegistration[] all) : IDisposable
    {
        public void Dispose() { foreach (var r in all) r.Dispose(); }
    }

    /// <summary>Runs trials of <paramref name="study"/> in this process until it is done; the objective is built from the stored definition.</summary>
    public static WorkerResult RunWorker(VerbContext context, IStudyStorage storage, StudySnapshot study, string? artefacts, int? maxTrials, CancellationToken cancellation)
    {
        IStudyObjective objective = StudyObjectives.Create(study.Definition);
        var (min, max) = StudyObjectives.Get(study.Definition.Objective).PrunerSteps(study.Definition);
        var worker = new StudyWorker(storage, study.Definition.Name, objective)
        {
            ArtefactDirectory = ArtefactDirectory(storage, study.Definition.Name, artefacts), MaxTrials = maxTrials, PrunerMinStep = min, PrunerMaxStep = max,
        };
        return context.WithProgress($"study {study.Definition.Name}", progress => worker.Run(progress, cancellation));
    }
}
