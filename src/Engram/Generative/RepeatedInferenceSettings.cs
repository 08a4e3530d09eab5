namespace Engram.Generative;

/// <summary>Settings of <see cref="RepeatedInference"/>.</summary>
public sealed record RepeatedInferenceSettings
{
    /// <summary>Steps T of repeated inference (z(0) … z(T)).</summary>
    public int Steps { get; init; } = 30;

    /// <summary>Corruption of the test inputs (bit flips by default: the models are trained on binarized images).</summary>
    public NoiseKind Noise { get; init; } = NoiseKind.BitFlip;

    /// <summary>Allow Gaussian noise on a binarized model, whose corrupted inputs then lie outside its input distribution.</summary>
    public bool OffDistribution { get; init; }

    /// <summary>The noise that keeps inputs in a model's input distribution: bit flips for a binarized model, Gaussian for a grey-level one.</summary>
    public static NoiseKind DefaultNoise(bool binarized) => binarized ? NoiseKind.BitFlip : NoiseKind.Gaussian;

    /// <summary>
    /// Refuses Gaussian noise on a model trained on binarized images (unless <see cref="OffDistribution"/>): it turns
    /// a binary image into a grey wash the model never saw, so what the dynamics do with it says little about concepts.
    /// Bit flips, salt-and-pepper and occlusion keep binary pixels binary, and grey-level models take every kind.
    /// </summary>
    /// <exception cref="ArgumentException">Gaussian noise on a binarized model without <see cref="OffDistribution"/>.</exception>
    public void CheckInputDistribution(bool binarized)
    {
        if (binarized && Noise == NoiseKind.Gaussian && !OffDistribution)
            throw new ArgumentException("Gaussian noise turns the binarized inputs this model was trained on into grey levels it never saw; " +
                "use --noise-kind bitflip, saltpepper or occlusion, or add --off-distribution to run it anyway.", nameof(Noise));
    }

    /// <summary>Noise levels in [0, 1] (one trajectory set each).</summary>
    public IReadOnlyList<double> Levels { get; init; } = [0, 0.3, 0.6, 0.9];

    /// <summary>Test inputs per class (the first ones of each class in the test set).</summary>
    public int InputsPerClass { get; init; } = 20;

    /// <summary>True: x(t+1) ~ p_θ(x | z(t)) and z(t+1) ~ q_φ(z | x(t+1)) (the paper's sampled dynamics); false: the means of both.</summary>
    public bool Sampled { get; init; } = true;

    /// <summary>Training samples used as memories (a seeded subset; every sample counts for the concepts).</summary>
    public int MaxMemories { get; init; } = 10_000;

    /// <summary>Steps at which decoded images are kept for the figures.</summary>
    public IReadOnlyList<int> FrameSteps { get; init; } = [0, 1, 2, 5, 10, 20, 30];

    /// <summary>Trajectories whose decoded images are kept (the first input of this many classes).</summary>
    public int Examples { get; init; } = 4;

    /// <summary>Seed of the noise and of every draw of the dynamics.</summary>
    public int Seed { get; init; }

    /// <summary>libtorch intra-op threads.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"repeated-inference steps must be ≥ 1; got {Steps}.", nameof(Steps));
        if (Levels is null || Levels.Count == 0) throw new ArgumentException("give at least one noise level.", nameof(Levels));
        foreach (double level in Levels) ImageNoise.RequireLevel(level);
        if (!Enum.IsDefined(Noise)) throw new ArgumentException($"unknown noise kind {Noise}.", nameof(Noise));
        if (InputsPerClass < 1) throw new ArgumentException($"inputs per class must be ≥ 1; got {InputsPerClass}.", nameof(InputsPerClass));
        if (MaxMemories < 1) throw new ArgumentException($"memories must be ≥ 1; got {MaxMemories}.", nameof(MaxMemories));
        if (Examples < 0) throw new ArgumentException($"examples must be ≥ 0; got {Examples}.", nameof(Examples));
        if (FrameSteps.Any(t => t < 0 || t > Steps)) throw new ArgumentException($"frame steps must lie in 0…{Steps}; got {string.Join(", ", FrameSteps)}.", nameof(FrameSteps));
        if (Threads < 1) throw new ArgumentException($"threads must be ≥ 1; got {Threads}.", nameof(Threads));
    }
}
