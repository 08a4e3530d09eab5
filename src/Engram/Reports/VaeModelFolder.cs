using Engram.Generative;

namespace Engram.Reports;

/// <summary>
/// A trained VAE's folder, as <c>engram vae train --out DIR</c> writes it: <c>model.ckpt</c> (weights, optimiser,
/// losses; see Training/TrainingCheckpoint) and <c>model.json</c> (the settings it was trained with and its data).
/// </summary>
public static class VaeModelFolder
{
    /// <summary>What model.json holds.</summary>
    /// <param name="Settings">The training settings (the architecture rebuilds the network).</param>
    /// <param name="DataFolder">What it was trained on, as <c>--data</c> names it: the Fashion-MNIST folder, <c>digits</c>, or the synthetic hierarchy's full spec.</param>
    /// <param name="TrainImages">How many training images it used (the first ones).</param>
    public sealed record Description(VaeTrainingSettings Settings, string DataFolder, int TrainImages);

    /// <summary>The checkpoint's path in <paramref name="folder"/>.</summary>
    public static string CheckpointPath(string folder) => Path.Combine(folder, "model.ckpt");

    /// <summary>Writes model.json atomically.</summary>
    public static void Write(string folder, Description description) => JsonResult.Write(Path.Combine(folder, "model.json"), description);

    /// <summary>Reads model.json of <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">Not a model folder.</exception>
    /// <exception cref="InvalidDataException">model.json is not valid.</exception>
    public static Description Read(string folder)
    {
        string path = Path.Combine(folder, "model.json");
        if (!File.Exists(path) || !File.Exists(CheckpointPath(folder)))
            throw new FileNotFoundException($"'{folder}' is not a trained VAE's folder (it needs model.json and model.ckpt); train one with: engram vae train --out {folder}", path);
        try
        {
            Description description = JsonResult.FromJson<Description>(File.ReadAllText(path));
            description.Settings.Validate();
            return description;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or NullReferenceException)
        {
            throw new InvalidDataException($"'{path}' is not a valid model description ({e.Message}); train the model again.", e);
        }
    }
}
