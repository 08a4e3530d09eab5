using System.Text;
using Engram.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Training;

/// <summary>
/// Engram's checkpoint file: everything a run needs to continue bit for bit. Layout (little-endian,
/// <see cref="BinaryWriter"/> strings): the magic "ENGRAMCK", the format version, the model's kind, the parameter
/// names and shapes, the training signature (seed, batch, learning rate, EMA, threads), the steps done, every step's
/// loss, the module's weights, Adam's state, and the averaged weights when there are any. Written to a temporary
/// file, flushed to the disk and renamed over the old one, so a run killed at any moment leaves the previous
/// checkpoint or the new one, never a torn file.
/// </summary>
public static class TrainingCheckpoint
{
    const string Magic = "ENGRAMCK";

    /// <summary>The format this version writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The parameter names and shapes of <paramref name="module"/>, one "name [d0×d1…]" per parameter.</summary>
    public static string[] Shapes(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.named_parameters().Select(p => $"{p.name} [{string.Join('×', p.parameter.shape)}]").ToArray();
    }

    /// <summary>The header of a checkpoint: what model and run wrote it and how far it got.</summary>
    /// <param name="Kind">The model's <see cref="ITrainable.Kind"/>.</param>
    /// <param name="Shapes">Parameter names and shapes (<see cref="TrainingCheckpoint.Shapes"/>).</param>
    /// <param name="Signature">Training settings that must match to resume bit for bit.</param>
    /// <param name="Step">Steps done.</param>
    public sealed record Header(string Kind, string[] Shapes, string Signature, int Step);

    internal static void Write(string path, Header header, float[] losses, nn.Module module, optim.Optimizer optimizer, IReadOnlyList<Tensor>? average)
    {
        AtomicFile.WriteDurably(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Encoding.ASCII.GetBytes(Magic));
            writer.Write(FormatVersion);
            writer.Write(header.Kind);
            writer.Write(header.Shapes.Length);
            foreach (string s in header.Shapes) writer.Write(s);
            writer.Write(header.Signature);
            writer.Write(header.Step);
            writer.Write(losses.Length);
            foreach (float l in losses) writer.Write(l);
            module.save(writer);
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
            writer.Write(average is not null);
            if (average is not null)
                foreach (Tensor t in average) WriteFloats(writer, t);
        });
    }

    /// <summary>Reads only the header of the checkpoint at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not an Engram checkpoint, or one of a newer format.</exception>
    public static Header ReadHeader(string path)
    {
        using var stream = Open(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        return ReadHeader(reader, path);
    }

    /// <summary>
    /// Loads the weights of the checkpoint at <paramref name="path"/> into <paramref name="model"/>: the averaged
    /// weights when <paramref name="averaged"/> is true and the checkpoint has them, else the trained ones.
    /// Returns the header.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, a newer format, or one of another model or shape.</exception>
    public static Header LoadWeights(string path, ITrainable model, bool averaged)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var stream = Open(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        Header header = ReadHeader(reader, path);
        RequireSameModel(header, model, path);
        SkipLosses(reader);
        model.Module.load(reader, strict: true);
        using var scratch = optim.Adam(model.Module.parameters());
        ((TorchSharp.Modules.OptimizerHelper)scratch).load_state_dict(reader);
        if (averaged && reader.ReadBoolean())
            ReadAverageInto(reader, model.Module.parameters().ToArray(), path);
        return header;
    }

    /// <summary>Restores a whole run (weights, Adam, average, losses) for <see cref="TorchTrainer"/>.</summary>
    internal static (Header Header, float[] Losses) Restore(string path, ITrainable model, optim.Optimizer optimizer, IReadOnlyList<Tensor>? average, string signature)
    {
        using var stream = Open(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        Header header = ReadHeader(reader, path);
        RequireSameModel(header, model, path);
        if (header.Signature != signature)
            throw new InvalidDataException($"the checkpoint '{path}' was written by a run with other training settings ({header.Signature}); this run has {signature}. Resume with the same settings, or start in another folder.");
        int count = reader.ReadInt32();
        var losses = new float[count];
        for (int i = 0; i < count; i++) losses[i] = reader.ReadSingle();
        model.Module.load(reader, strict: true);
        ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
        bool hasAverage = reader.ReadBoolean();
        if (hasAverage != (average is not null))
            throw new InvalidDataException($"the checkpoint '{path}' {(hasAverage ? "has" : "has no")} averaged weights but this run {(average is not null ? "averages" : "does not")}; resume with the same EMA setting.");
        if (average is not null) ReadAverageInto(reader, average, path);
        return (header, losses);
    }

    static FileStream Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"the checkpoint '{path}' does not exist (full path: {Path.GetFullPath(path)}).", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
    }

    static Header ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            byte[] magic = reader.ReadBytes(Magic.Length);
            if (Encoding.ASCII.GetString(magic) != Magic)
                throw new InvalidDataException($"'{path}' is not an Engram checkpoint (it does not start with {Magic}).");
            int version = reader.ReadInt32();
            if (version > FormatVersion || version < 1)
                throw new InvalidDataException($"the checkpoint '{path}' has format {version}; this Engram reads format {FormatVersion}. Use the Engram version that wrote it, or train again.");
            string kind = reader.ReadString();
            int n = reader.ReadInt32();
            if (n < 0 || n > 100_000) throw new InvalidDataException($"the checkpoint '{path}' is corrupt (it claims {n} parameters).");
            var shapes = new string[n];
            for (int i = 0; i < n; i++) shapes[i] = reader.ReadString();
            return new Header(kind, shapes, reader.ReadString(), reader.ReadInt32());
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"the checkpoint '{path}' is truncated.");
        }
    }

    static void RequireSameModel(Header header, ITrainable model, string path)
    {
        string[] expected = Shapes(model.Module);
        if (header.Kind != model.Kind || !header.Shapes.SequenceEqual(expected))
        {
            string difference = header.Kind != model.Kind
                ? $"it holds a '{header.Kind}', this model is a '{model.Kind}'"
                : $"its parameters are {string.Join(", ", header.Shapes.Except(expected).Take(2))} where this model has {string.Join(", ", expected.Except(header.Shapes).Take(2))}";
            throw new InvalidDataException($"the checkpoint '{path}' is of another model shape: {difference}. Use the settings it was trained with, or train again.");
        }
    }

    static void SkipLosses(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        reader.BaseStream.Seek(count * (long)sizeof(float), SeekOrigin.Current);
    }

    static void WriteFloats(BinaryWriter writer, Tensor t)
    {
        float[] values = t.cpu().contiguous().data<float>().ToArray();
        writer.Write(values.Length);
        foreach (float v in values) writer.Write(v);
    }

    static void ReadAverageInto(BinaryReader reader, IReadOnlyList<Tensor> targets, string path)
    {
        using var _ = no_grad();
        foreach (Tensor target in targets)
        {
            int count = reader.ReadInt32();
            if (count != target.numel()) throw new InvalidDataException($"the checkpoint '{path}' is corrupt: an averaged weight has {count} values where {target.numel()} were expected.");
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = reader.ReadSingle();
            using Tensor source = tensor(values, target.shape, dtype: ScalarType.Float32, device: target.device);
            target.copy_(source);
        }
    }
}
