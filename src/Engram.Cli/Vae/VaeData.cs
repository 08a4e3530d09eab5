using System.Globalization;
using System.CommandLine;
using Engram.Data;
using Engram.Generative;

namespace Engram.Cli.Vae;

/// <summary>The images of an <c>engram vae</c> run and what is known about their classes.</summary>
/// <param name="Train">Training images.</param>
/// <param name="Test">Test images.</param>
/// <param name="Source">What <c>--data</c> names, in the form that reads it again (recorded in model.json).</param>
/// <param name="ClassNames">Name of each class.</param>
/// <param name="GivenSuperclass">A grouping of the classes that comes with the data (Fashion-MNIST's hand-made one, the synthetic set's planted parents); null for none.</param>
/// <param name="PlantedSuperclass">The true grouping, known only for the synthetic hierarchy.</param>
/// <param name="DefaultClusters">How many superclasses to find when the data brings no hand-made grouping.</param>
internal sealed record VaeData(ImageSet Train, ImageSet Test, string Source, IReadOnlyList<string> ClassNames,
    IReadOnlyList<int>? GivenSuperclass, IReadOnlyList<int>? PlantedSuperclass, int DefaultClusters)
{
    /// <summary>The bundled UCI digits.</summary>
    public const string Digits = "digits";

    /// <summary>The synthetic hierarchy, optionally followed by ":key=value,…".</summary>
    public const string Synthetic = "synthetic";

    /// <summary><c>--data</c> of the vae verbs.</summary>
    public static Option<string?> Option() => new("--data")
    {
        Description = $"the images: a folder with the four Fashion-MNIST .gz IDX files (default: {FashionMnist.DebianFolder}, else shared/data/fashion-mnist " +
                      $"beside the repository; data/{FashionMnist.BundledSubset} is a bundled subset of 600 training and 200 test images); " +
                      $"'{Digits}': the bundled UCI handwritten digits (8 × 8, 1 442 training and 355 test images); or " +
                      $"'{Synthetic}[:parents=3,children=3,b=0.5,flip=0.05,side=16,train=100,test=20,seed=0]': a synthetic hierarchy " +
                      "of binary images with planted parents (superclasses), children (classes) and noisy instances (memories)",
    };

    /// <summary>Reads what <paramref name="spec"/> names; at most <paramref name="maxTrain"/> training images.</summary>
    /// <exception cref="ArgumentException">A malformed synthetic spec, or --train-images with the synthetic set.</exception>
    public static VaeData Load(string? spec, int maxTrain)
    {
        if (spec == Digits)
        {
            var (train, test) = UciDigits.Load(maxTrain: maxTrain);
            return new VaeData(train, test, Digits, Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray(), null, null, 3);
        }
        if (spec is not null && (spec == Synthetic || spec.StartsWith(Synthetic + ":", StringComparison.Ordinal)))
        {
            HierarchicalImageSettings settings = ParseSynthetic(spec);
            HierarchicalImages images = HierarchicalImages.Generate(settings);
            if (maxTrain < images.Train.Count)
                throw new ArgumentException($"--train-images does not apply to the synthetic set (it would drop whole classes); set train= (instances per child) in --data {Synthetic}:… instead.");
            string[] names = Enumerable.Range(0, images.ParentOfClass.Length)
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"p{images.ParentOfClass[c]}c{c % settings.ChildrenPerParent}")).ToArray();
            return new VaeData(images.Train, images.Test, Canonical(settings), names, images.ParentOfClass, images.ParentOfClass, settings.Parents);
        }
        string folder = FashionMnist.Locate(spec, CliEnvironment.FashionMnistFallbacks());
        return new VaeData(FashionMnist.Load(folder, test: false, maxTrain), FashionMnist.Load(folder, test: true), folder,
            FashionMnist.ClassNames, FashionMnist.Superclass, null, FashionMnist.SuperclassNames.Count);
    }

    /// <summary>
    /// The superclasses <c>--superclasses</c> asks for: "given" → the data's own grouping, "none" → none, K → K found
    /// by clustering the concepts; by default the data's hand-made grouping (Fashion-MNIST), else <see cref="DefaultClusters"/> found ones.
    /// </summary>
    /// <exception cref="ArgumentException">"given" for data without a grouping, or K outside 1 … classes.</exception>
    public (IReadOnlyList<int>? Given, int? Clusters) Superclasses(string? choice)
    {
        switch (choice)
        {
            case null: return PlantedSuperclass is null && GivenSuperclass is not null ? (GivenSuperclass, null) : (null, DefaultClusters);
            case "none": return (null, null);
            case "given":
                return GivenSuperclass is null
                    ? throw new ArgumentException($"--superclasses given: the data '{Source}' comes with no grouping of its classes; give a number K to find K superclasses, or none.")
                    : (GivenSuperclass, null);
        }
        if (int.TryParse(choice, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k >= 1 && k <= ClassNames.Count) return (null, k);
        throw new ArgumentException($"--superclasses: '{choice}' must be given, none or a number of superclasses in 1 … {ClassNames.Count}.");
    }

    /// <summary><c>--superclasses</c>.</summary>
    public static Option<string?> SuperclassOption() => new("--superclasses")
    {
        Description = "superclasses for finding 2: a number K (K groups found by average-linkage clustering of the class concepts in each model's latent space), " +
                      "'given' (the data's own grouping: Fashion-MNIST's hand-made tops/footwear/other, the synthetic set's planted parents) or 'none' " +
                      "(default: given for Fashion-MNIST, else K = 3 for the digits and K = the planted parents for the synthetic set)",
    };

    static HierarchicalImageSettings ParseSynthetic(string spec)
    {
        var settings = new HierarchicalImageSettings();
        if (spec.Length == Synthetic.Length) return settings;
        foreach (string pair in spec[(Synthetic.Length + 1)..].Split(','))
        {
            string[] kv = pair.Split('=');
            if (kv.Length != 2) throw new ArgumentException($"--data {spec}: '{pair}' is not key=value (keys: parents, children, b, flip, side, train, test, seed).");
            string key = kv[0].Trim(), value = kv[1].Trim();
            settings = key switch
            {
                "parents" => settings with { Parents = Int(spec, key, value) },
                "children" => settings with { ChildrenPerParent = Int(spec, key, value) },
                "b" => settings with { B = Number(spec, key, value) },
                "flip" => settings with { Flip = Number(spec, key, value) },
                "side" => settings with { Side = Int(spec, key, value) },
                "train" => settings with { TrainPerChild = Int(spec, key, value) },
                "test" => settings with { TestPerChild = Int(spec, key, value) },
                "seed" => settings with { Seed = Int(spec, key, value) },
                _ => throw new ArgumentException($"--data {spec}: unknown key '{key}' (keys: parents, children, b, flip, side, train, test, seed)."),
            };
        }
        try { settings.Validate(); }
        catch (ArgumentException e) { throw new ArgumentException($"--data {spec}: {e.Message.Split(" (Parameter")[0]}"); }
        return settings;
    }

    static int Int(string spec, string key, string value) => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)
        ? v : throw new ArgumentException($"--data {spec}: {key}={value} is not an integer.");

    static double Number(string spec, string key, string value) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
        ? v : throw new ArgumentException($"--data {spec}: {key}={value} is not a number.");

    static string Canonical(HierarchicalImageSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"{Synthetic}:parents={s.Parents},children={s.ChildrenPerParent},b={s.B:R},flip={s.Flip:R},side={s.Side},train={s.TrainPerChild},test={s.TestPerChild},seed={s.Seed}");
}
