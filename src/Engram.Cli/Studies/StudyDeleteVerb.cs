using System.CommandLine;
using Engram.Studies;

namespace Engram.Cli.Studies;

/// <summary><c>engram study delete</c>: removes a study, its trials and its artefacts.</summary>
public static class StudyDeleteVerb
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var storage = StudyCommand.Storage();
        var study = StudyCommand.Study();
        var artefacts = new Option<string?>("--artefacts") { Description = "the artefact folder the workers used, when not the default" };
        var json = CommonOptions.Json();
        var command = new Command("delete", "Delete a study with its trials and artefacts.\nExample: engram study delete --storage sqlite:runs/studies.db --study things")
        { storage, study, artefacts, json };
        VerbContext.SetAction(command, json, (parse, context) =>
        {
            using IStudyStorage store = StudyCommand.OpenExisting(parse.GetValue(storage)!);
            string name = parse.GetValue(study)!;
            StudyCommand.Load(store, name);
            store.DeleteStudy(name);
            string dir = StudyCommand.ArtefactDirectory(store, name, parse.GetValue(artefacts));
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            context.Output.WriteLine(context.Json ? Engram.Reports.JsonResult.ToJson(new { deleted = name }) : $"deleted study {name} from {store.Description}");
            return 0;
        });
        return command;
    }
}
