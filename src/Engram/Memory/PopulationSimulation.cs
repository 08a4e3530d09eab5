using Engram.Population;
using Engram.Numerics;

namespace Engram.Memory;

/// <summary>Settings of <see cref="PopulationSimulation.Run"/>; see there for what each one does.</summary>
public sealed record PopulationSimulationSettings
{
    /// <summary>Neurons in the network (default 8000); must be a multiple of <see cref="TimeUnitsPerSweep"/>.</summary>
    public int N { get; init; } = 8000;

    /// <summary>Parent patterns = global categories (default 3).</summary>
    public int Parents { get; init; } = 3;

    /// <summary>Children per parent = fine categories per global one (default 2).</summary>
    public int ChildrenPerParent { get; init; } = 2;

    /// <summary>Parent–child correlation b ∈ [0, 1] (default 0.65).</summary>
    public double B { get; init; } = 0.65;

    /// <summary>Stimuli per child: independent noisy copies of it (default 10).</summary>
    public int StimuliPerChild { get; init; } = 10;

    /// <summary>Fraction of a child's bits flipped in each stimulus, in [0, 0.5] (default 0.45: initial overlap 0.1).</summary>
    public double CueNoise { get; init; } = 0.45;

    /// <summary>Glauber temperature T &gt; 0 of the asynchronous dynamics (default 0.45).</summary>
    public double Temperature { get; init; } = 0.45;

    /// <summary>Time units per asynchronous sweep of all N neurons (default 20: one unit = N/20 single-neuron updates).</summary>
    public int TimeUnitsPerSweep { get; init; } = 20;

    /// <summary>Time units of spontaneous activity before the stimulus (default 100).</summary>
    public int Baseline { get; init; } = 100;

    /// <summary>Time units recorded from stimulus onset (default 300).</summary>
    public int Duration { get; init; } = 300;

    /// <summary>Neurons recorded, drawn at random from the N (default 200).</summary>
    public int RecordedNeurons { get; init; } = 200;

    /// <summary>Standard deviation of the Gaussian noise added to each recorded value (default 3).</summary>
    public double ObservationNoise { get; init; } = 3;

    /// <summary>Seed of patterns, stimuli, dynamics and noise.</summary>
    public int Seed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message, string name) { if (!ok) throw new ArgumentException(message, name); }
        Require(N > 0, $"N must be > 0; got {N}.", nameof(N));
        Require(Parents > 0, $"the number of parents must be > 0; got {Parents}.", nameof(Parents));
        Require(ChildrenPerParent > 0, $"the number of children per parent must be > 0; got {ChildrenPerParent}.", nameof(ChildrenPerParent));
        Require(B >= 0 && B <= 1, $"b must be in [0, 1]; got {B}.", nameof(B));
        Require(StimuliPerChild > 0, $"stimuli per child must be > 0; got {StimuliPerChild}.", nameof(StimuliPerChild));
        Require(CueNoise >= 0 && CueNoise <= 0.5, $"the cue noise (fraction of flipped bits) must be in [0, 0.5]; got {CueNoise}.", nameof(CueNoise));
        Require(Temperature > 0 && double.IsFinite(Temperature), $"the temperature must be finite and > 0; got {Temperature}.", nameof(Temperature));
        Require(TimeUnitsPerSweep > 0 && N % TimeUnitsPerSweep == 0,
            $"time units per sweep must be > 0 and divide N = {N}; got {TimeUnitsPerSweep}.", nameof(TimeUnitsPerSweep));
        Require(Baseline >= 0, $"the baseline must be ≥ 0 time units; got {Baseline}.", nameof(Baseline));
        Require(Duration > 0, $"the duration must be > 0 time units; got {Duration}.", nameof(Duration));
        Require(RecordedNeurons > 0 && RecordedNeurons <= N, $"recorded neurons must be in [1, N] = [1, {N}]; got {RecordedNeurons}.", nameof(RecordedNeurons));
        Require(ObservationNoise >= 0 && double.IsFinite(ObservationNoise), $"the observation noise must be finite and ≥ 0; got {ObservationNoise}.", nameof(ObservationNoise));
        Require((long)Parents * ChildrenPerParent * StimuliPerChild * RecordedNeurons * (Baseline + Duration) <= Array.MaxLength,
            "the recorded activity (stimuli × recorded neurons × time) would exceed the largest array.", nameof(Duration));
    }
}

/// <summary>A simulated recording: activity, labels and the network's overlaps behind it.</summary>
/// <param name="Settings">What produced it.</param>
/// <param name="Activity">Stimuli × recorded neurons × (Baseline + Duration) time points.</param>
/// <param name="GlobalLabels">Parent of each stimulus' child.</param>
/// <param name="FineLabels">Child of each stimulus (parent-major index).</param>
/// <param name="TimeOrigin">Time of the first sample: −Baseline (the stimulus starts at 0).</param>
/// <param name="ParentOverlap">Mean over stimuli of the overlap with their parent at each time point.</param>
/// <param name="ChildOverlap">Mean over stimuli of the overlap with their own child.</param>
/// <param name="SiblingOverlap">Mean over stimuli of the largest overlap with another child of the same parent (NaN with one child per parent).</param>
public sealed record SimulatedPopulation(
    PopulationSimulationSettings Settings,
    PopulationActivity Activity,
    int[] GlobalLabels,
    int[] FineLabels,
    double TimeOrigin,
    double[] ParentOverlap,
    double[] ChildOverlap,
    double[] SiblingOverlap);

/// <summary>
/// A population of neurons whose stimulus responses follow the hierarchical associative memory of
/// docs/science.md §1 with noise, for <see cref="PopulationDynamics"/> (Matsumoto et al. 2005 could not share the
/// monkey IT recordings; this stands in for them).
/// <para>Patterns: <see cref="HierarchicalPatterns"/> (parents ξ^μ, children with correlation b); the
/// children are stored by Hebbian learning in a <see cref="ClassicalHopfieldNetwork"/>. Stimulus s is a noisy child:
/// a fraction <c>CueNoise</c> of its bits flipped. Before onset (Baseline time units) every neuron fires at random
/// (x_i = ±1 with probability ½, independently per time unit). At onset the network starts from the
/// stimulus and runs asynchronous Glauber dynamics at temperature T, x_i = +1 with probability
/// 1/(1 + e^{−2h_i/T}); one time unit is N/<c>TimeUnitsPerSweep</c> single-neuron updates. A random subset of
/// neurons is "recorded" as rates (1 + x_i)/2 plus Gaussian noise of standard deviation <c>ObservationNoise</c>.</para>
/// <para>Why the global categories come first: linearised around x ≈ 0, the overlaps of one family's C children
/// grow per sweep by β(1 + (C − 1)b²) in the shared (parent) direction and only by β(1 − b²) in the directions
/// that tell siblings apart (β = 1/T; the overlap matrix of the family has these eigenvalues). With the defaults
/// (C = 2, b = 0.65, T = 0.45) that is 3.16 against 1.28: from a weak cue the state reaches the parent's
/// neighbourhood within a few time units' sweeps and the child only later, the coarse-to-fine dynamics of
/// Sugase et al. (1999).</para>
/// </summary>
public static class PopulationSimulation
{
    /// <summary>Simulates the recording.</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    public static SimulatedPopulation Run(PopulationSimulationSettings? settings = null, IProgress<WorkProgress>? progress = null)
    {
        settings ??= new PopulationSimulationSettings();
        settings.Validate();
        int n = settings.N, c = settings.ChildrenPerParent;
        var patterns = HierarchicalPatterns.Generate(new HierarchicalPatternSettings(n, settings.Parents, c, settings.B, Seeding.Derive(settings.Seed, 0)));
        var network = new ClassicalHopfieldNetwork(patterns.Children) { UseParallelism = false };

        int recorded = settings.RecordedNeurons;
        int[] neurons = new int[n];
        for (int i = 0; i < n; i++) neurons[i] = i;
        Seeding.Create(Seeding.Derive(settings.Seed, 1)).Shuffle(neurons);
        neurons = neurons[..recorded];
        Array.Sort(neurons);

        int childCount = patterns.Children.Count;
        int stimuli = childCount * settings.StimuliPerChild;
        int baseline = settings.Baseline, duration = settings.Duration, time = baseline + duration;
        var values = new double[(long)stimuli * recorded * time];
        var fine = new int[stimuli];
        var global = new int[stimuli];
        var parentOverlap = new double[stimuli, time];
        var childOverlap = new double[stimuli, time];
        var siblingOverlap = new double[stimuli, time];
        int sweeps = (duration + settings.TimeUnitsPerSweep - 1) / settings.TimeUnitsPerSweep;
        int done = 0;

        Parallel.For(0, stimuli, s =>
        {
            int child = s / settings.StimuliPerChild, parent = patterns.ParentOf(child);
            fine[s] = child;
            global[s] = parent;
            var random = Seeding.Create(Seeding.Derive(settings.Seed, 100 + s));
            SpinVector parentPattern = patterns.Parent(parent);
            SpinVector[] family = Enumerable.Range(0, c).Select(nu => patterns.Child(parent, nu)).ToArray();
            int own = child - parent * c;

            void Record(int t, SpinVector x)
            {
                long offset = (long)s * recorded * time + t;
                for (int r = 0; r < recorded; r++)
                    values[offset + (long)r * time] = (1 + x[neurons[r]]) / 2.0 + settings.ObservationNoise * random.NextGaussian();
                parentOverlap[s, t] = x.Overlap(parentPattern);
                childOverlap[s, t] = x.Overlap(family[own]);
                double sibling = double.NaN;
                for (int nu = 0; nu < c; nu++)
                    if (nu != own) sibling = double.IsNaN(sibling) ? x.Overlap(family[nu]) : Math.Max(sibling, x.Overlap(family[nu]));
                siblingOverlap[s, t] = sibling;
            }

            for (int t = 0; t < baseline; t++) Record(t, SpinVector.Random(n, random));
            SpinVector cue = family[own].WithFlips(settings.CueNoise, random);
            var dynamics = new RetrievalSettings
            {
                Mode = UpdateMode.Asynchronous,
                Temperature = settings.Temperature,
                MaxSteps = sweeps,
                RecordEvery = n / settings.TimeUnitsPerSweep,
                StopAtFixedPoint = false,
                TrackedPatterns = [child],
                Seed = Seeding.Derive(settings.Seed, 1_000_000 + s),
            };
            network.Retrieve(cue, dynamics, (sweepTime, x) =>
            {
                int t = (int)Math.Round(sweepTime * settings.TimeUnitsPerSweep);
                if (t < duration) Record(baseline + t, x);
            });
            progress?.Report(new WorkProgress("simulation", Interlocked.Increment(ref done), stimuli));
        });

        static double[] Mean(double[,] perStimulus)
        {
            int s = perStimulus.GetLength(0), t = perStimulus.GetLength(1);
            var mean = new double[t];
            for (int j = 0; j < t; j++)
            {
                double sum = 0;
                for (int i = 0; i < s; i++) sum += perStimulus[i, j];
                mean[j] = sum / s;
            }
            return mean;
        }

        return new SimulatedPopulation(settings, new PopulationActivity(values, stimuli, recorded, time), global, fine, -baseline,
            Mean(parentOverlap), Mean(childOverlap), Mean(siblingOverlap));
    }
}
