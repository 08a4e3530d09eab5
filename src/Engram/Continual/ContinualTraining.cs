using Engram.Memory;
using Engram.Numerics;
using Engram.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Continual;

/// <summary>
/// Settings of the trained variant (docs/science.md §3, "MHN as a Boltzmann machine"): the patterns W are learned with Adam
/// on the exact negative log-likelihood of task 1, then of task 2 (optionally mixed with K replayed task-1 samples).
/// Generated data: task 1 = Gaussian clusters of different sizes around centres of norm <see cref="Radius"/>, plus
/// isolated outlier samples; task 2 = new clusters. User-supplied samples replace either task.
/// </summary>
public sealed record ContinualTrainingSettings
{
    /// <summary>Data dimension d.</summary>
    public int Dimension { get; init; } = 8;

    /// <summary>Inverse temperature β &gt; 0 (model covariance I/β).</summary>
    public double Beta { get; init; } = 4;

    /// <summary>Number of learned patterns n (rows of W).</summary>
    public int Patterns { get; init; } = 8;

    /// <summary>Sizes of the task-1 clusters (different densities).</summary>
    public IReadOnlyList<int> Task1ClusterSizes { get; init; } = [100, 50, 20, 10];

    /// <summary>Isolated task-1 samples (each at its own random direction, norm <see cref="Radius"/>).</summary>
    public int Task1Outliers { get; init; } = 10;

    /// <summary>Number of task-2 clusters (new centres).</summary>
    public int Task2Clusters { get; init; } = 3;

    /// <summary>Samples per task-2 cluster.</summary>
    public int Task2ClusterSize { get; init; } = 60;

    /// <summary>Norm of every cluster centre and outlier.</summary>
    public double Radius { get; init; } = 2;

    /// <summary>Standard deviation of samples around their centre, per coordinate.</summary>
    public double Spread { get; init; } = 0.5;

    /// <summary>Adam steps per task (full batch).</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Replay budgets K (task-1 samples mixed into task 2).</summary>
    public IReadOnlyList<int> Budgets { get; init; } = [10, 20, 40];

    /// <summary>Seed for data, initialisation and random replay.</summary>
    public int Seed { get; init; }

    /// <summary>Record the task-1 NLL every this many steps (training curves).</summary>
    public int CurveEvery { get; init; } = 10;

    /// <summary>User task-1 samples (rows); null = generate.</summary>
    public double[,]? Task1 { get; init; }

    /// <summary>User task-2 samples (rows); null = generate.</summary>
    public double[,]? Task2 { get; init; }

    /// <summary>The libtorch device the patterns are trained on, e.g. "cpu" (the only one the TorchSharp-cpu package has) or "cuda:0".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value out of range.</exception>
    public void Validate()
    {
        if (!(Beta > 0) || double.IsInfinity(Beta)) throw new ArgumentException($"beta (β) must be a finite number > 0; got {Beta}.", nameof(Beta));
        if (Dimension < 1) throw new ArgumentException($"dimension must be ≥ 1; got {Dimension}.", nameof(Dimension));
        if (Patterns < 1) throw new ArgumentException($"the number of learned patterns must be ≥ 1; got {Patterns}.", nameof(Patterns));
        if (Steps < 1) throw new ArgumentException($"steps must be ≥ 1; got {Steps}.", nameof(Steps));
        if (CurveEvery < 1) throw new ArgumentException($"curve interval must be ≥ 1; got {CurveEvery}.", nameof(CurveEvery));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"learning rate must be a finite number > 0; got {LearningRate}.", nameof(LearningRate));
        if (!(Radius >= 0) || double.IsInfinity(Radius)) throw new ArgumentException($"radius must be a finite number ≥ 0; got {Radius}.", nameof(Radius));
        if (!(Spread >= 0) || double.IsInfinity(Spread)) throw new ArgumentException($"spread must be a finite number ≥ 0; got {Spread}.", nameof(Spread));
        if (string.IsNullOrWhiteSpace(Device)) throw new ArgumentException("the device must be named, e.g. \"cpu\".", nameof(Device));
        if (Task1 is not null) PatternChecks.RequireFinite(Task1, nameof(Task1));
        else if (Task1ClusterSizes.Any(s => s < 1) || Task1Outliers < 0 || Task1ClusterSizes.Sum() + Task1Outliers < 1)
            throw new ArgumentException($"task-1 cluster sizes must be ≥ 1 and outliers ≥ 0; got sizes [{string.Join(", ", Task1ClusterSizes)}] and {Task1Outliers} outliers.", nameof(Task1ClusterSizes));
        if (Task2 is not null) PatternChecks.RequireFinite(Task2, nameof(Task2));
        else if (Task2Clusters < 1 || Task2ClusterSize < 1)
            throw new ArgumentException($"task 2 needs ≥ 1 cluster of ≥ 1 sample; got {Task2Clusters} × {Task2ClusterSize}.", nameof(Task2Clusters));
        int d = Task1?.GetLength(1) ?? Dimension;
        if (Task2 is not null && Task2.GetLength(1) != d)
            throw new ArgumentException($"task-2 samples have dimension {Task2.GetLength(1)}, task-1 samples {d}.", nameof(Task2));
        int n1 = Task1?.GetLength(0) ?? Task1ClusterSizes.Sum() + Task1Outliers;
        if (Patterns > n1) throw new ArgumentException($"the number of learned patterns ({Patterns}) cannot exceed the task-1 samples ({n1}) they start from.", nameof(Patterns));
        foreach (int k in Budgets ?? [])
            if (k < 1 || k > n1) throw new ArgumentException($"replay budget K must be between 1 and the task-1 size {n1}; got {k}.", nameof(Budgets));
    }
}

/// <summary>One task-2 training run (no replay, or one policy at one budget).</summary>
/// <param name="Policy">Replay policy; null for no replay.</param>
/// <param name="Budget">K (0 without replay).</param>
/// <param name="Task1Nll">Mean task-1 NLL after task 2.</param>
/// <param name="Task1NllRise">Forgetting: task-1 NLL after task 2 minus after task 1.</param>
/// <param name="Task2Nll">Mean task-2 NLL after task 2.</param>
/// <param name="MeanEnergyRise">Mean over task-1 samples of E_after(x) − E_before(x).</param>
/// <param name="EnergyRise">Per task-1 sample: E_after(x) − E_before(x).</param>
/// <param name="Task1Curve">Task-1 mean NLL every <see cref="ContinualTrainingSettings.CurveEvery"/> steps of task 2.</param>
/// <param name="Replayed">Indices of the replayed task-1 samples.</param>
public sealed record ReplayOutcome(
    ReplayPolicy? Policy,
    int Budget,
    double Task1Nll,
    double Task1NllRise,
    double Task2Nll,
    double MeanEnergyRise,
    double[] EnergyRise,
    double[] Task1Curve,
    int[] Replayed);

/// <summary>Result of <see cref="ContinualTraining.Run"/>.</summary>
public sealed record ContinualTrainingResult
{
    /// <summary>What produced it.</summary>
    public required ContinualTrainingSettings Settings { get; init; }

    /// <summary>Group of each task-1 sample (cluster index, −1 outlier); null for user samples.</summary>
    public int[]? Task1Groups { get; init; }

    /// <summary>Task-1 mean NLL before training (initial W).</summary>
    public double Task1NllInitial { get; init; }

    /// <summary>Task-1 mean NLL after training on task 1.</summary>
    public double Task1NllAfterTask1 { get; init; }

    /// <summary>Task-2 mean NLL after training on task 1 (before task 2).</summary>
    public double Task2NllAfterTask1 { get; init; }

    /// <summary>log Z of the task-1 model.</summary>
    public double LogPartitionAfterTask1 { get; init; }

    /// <summary>Task-1 NLL every few steps of task-1 training.</summary>
    public required double[] Task1TrainingCurve { get; init; }

    /// <summary>Per task-1 sample: E(x; W₁) under the task-1 model, the replay selection score.</summary>
    public required double[] Task1Energy { get; init; }

    /// <summary>Spearman ρ between E(x; W₁) and the energy rise without replay.</summary>
    public double SpearmanEnergyRise { get; init; }

    /// <summary>The task-2 runs: first without replay, then each policy at each budget.</summary>
    public required IReadOnlyList<ReplayOutcome> Runs { get; init; }

    /// <summary>Learned task-1 patterns W₁ (n × d, as rows).</summary>
    public required double[][] PatternsAfterTask1 { get; init; }
}

/// <summary>
/// Continual training of the MHN energy model with TorchSharp autograd and Adam (float64, full batch, exact log Z):
/// task 1, then task 2 with or without replay of task-1 samples chosen by energy. Forgetting is the rise of the
/// task-1 NLL and of each task-1 sample's energy.
/// </summary>
public static class ContinualTraining
{
    static readonly ReplayPolicy[] Policies = [ReplayPolicy.TopK, ReplayPolicy.Random, ReplayPolicy.BottomK];

    /// <summary>Generated task data: task-1 samples with their groups, task-2 samples.</summary>
    public static (double[,] Task1, int[] Groups, double[,] Task2) GenerateTasks(ContinualTrainingSettings settings, Random random)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        int d = settings.Dimension;
        var rows = new List<double[]>();
        var groups = new List<int>();
        for (int c = 0; c < settings.Task1ClusterSizes.Count; c++)
        {
            double[] centre = RandomDirection(d, settings.Radius, random);
            for (int i = 0; i < settings.Task1ClusterSizes[c]; i++) { rows.Add(Around(centre, settings.Spread, random)); groups.Add(c); }
        }
        for (int o = 0; o < settings.Task1Outliers; o++) { rows.Add(RandomDirection(d, settings.Radius, random)); groups.Add(-1); }
        var task2 = new List<double[]>();
        for (int c = 0; c < settings.Task2Clusters; c++)
        {
            double[] centre = RandomDirection(d, settings.Radius, random);
            for (int i = 0; i < settings.Task2ClusterSize; i++) task2.Add(Around(centre, settings.Spread, random));
        }
        return (ToMatrix(rows), groups.ToArray(), ToMatrix(task2));
    }

    /// <summary>Runs task 1, then every task-2 variant from the same task-1 model.</summary>
    /// <exception cref="ArgumentException">Invalid settings.</exception>
    /// <exception cref="InvalidOperationException">Training diverged (non-finite NLL).</exception>
    public static ContinualTrainingResult Run(ContinualTrainingSettings settings, IProgress<WorkProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        // One libtorch thread: the tensors here are tiny (at most runs × samples × d ≈ 10 × 250 × 8), where intra-op threads
        // cost more in synchronisation than they gain: measured on the 2-core machine, 1.2 ms of CPU per Adam step with one
        // thread against 12–24 ms with two.
        return TorchRuntime.Run(1, () => RunValidated(settings, progress, cancellation));
    }

    static ContinualTrainingResult RunValidated(ContinualTrainingSettings settings, IProgress<WorkProgress>? progress, CancellationToken cancellation)
    {
        Random random = Seeding.Create(settings.Seed);
        double[,] task1, task2;
        int[]? groups = null;
        if (settings.Task1 is null || settings.Task2 is null)
        {
            var generated = GenerateTasks(settings, random);
            task1 = settings.Task1 ?? generated.Task1;
            groups = settings.Task1 is null ? generated.Groups : null;
            task2 = settings.Task2 ?? generated.Task2;
        }
        else
        {
            task1 = settings.Task1;
            task2 = settings.Task2;
        }
        if (task2.GetLength(1) != task1.GetLength(1))
            throw new ArgumentException($"task-2 samples have dimension {task2.GetLength(1)}, task-1 samples {task1.GetLength(1)}.", nameof(settings));
        int n1 = task1.GetLength(0), d = task1.GetLength(1);

        // Initial patterns: distinct random task-1 samples.
        int[] start = ReplaySelection.Select(new double[n1], settings.Patterns, ReplayPolicy.Random, random);
        var w0 = new double[settings.Patterns, d];
        for (int mu = 0; mu < start.Length; mu++)
            for (int j = 0; j < d; j++) w0[mu, j] = task1[start[mu], j];

        using Tensor x1 = HopfieldBoltzmannMachine.ToTensor(task1, torch.device(settings.Device));
        double initial = MeanNll(w0, task1, settings.Beta);
        progress?.Report(new WorkProgress("training", 0, 2, "task 1"));
        (double[][,] taskOne, double[][] curvesOne) = Train(w0, [task1], x1, settings, cancellation);
        double[,] w1 = taskOne[0];
        progress?.Report(new WorkProgress("training", 1, 2, "task 2, all runs batched"));

        double nllAfterTask1 = MeanNll(w1, task1, settings.Beta);
        double[] energy1 = new ModernHopfield(w1, settings.Beta).Energies(task1);

        // Run 0: no replay; then every policy at every budget. All task-2 runs train together as one stack of models
        // (Adam is element-wise, so this equals training them one by one) to amortise libtorch's per-call overhead.
        var plan = new List<(ReplayPolicy? Policy, int Budget, int[] Replayed)> { (null, 0, []) };
        for (int p = 0; p < Policies.Length; p++)
            for (int b = 0; b < settings.Budgets.Count; b++)
            {
                Random selection = Seeding.Create(Seeding.Derive(settings.Seed, 1 + b));
                plan.Add((Policies[p], settings.Budgets[b], ReplaySelection.Select(energy1, settings.Budgets[b], Policies[p], selection)));
            }
        double[][,] data = plan.Select(run => Concat(task2, Rows(task1, run.Replayed))).ToArray();
        (double[][,] taskTwo, double[][] curves) = Train(w1, data, x1, settings, cancellation);
        progress?.Report(new WorkProgress("training", 2, 2));

        var results = new List<ReplayOutcome>();
        for (int r = 0; r < plan.Count; r++)
        {
            double[] energy2 = new ModernHopfield(taskTwo[r], settings.Beta).Energies(task1);
            double[] rise = energy2.Select((e, i) => e - energy1[i]).ToArray();
            double nll1 = MeanNll(taskTwo[r], task1, settings.Beta);
            results.Add(new ReplayOutcome(plan[r].Policy, plan[r].Budget, nll1, nll1 - nllAfterTask1, MeanNll(taskTwo[r], task2, settings.Beta),
                rise.Average(), rise, curves[r], plan[r].Replayed));
        }

        return new ContinualTrainingResult
        {
            Settings = settings,
            Task1Groups = groups,
            Task1NllInitial = initial,
            Task1NllAfterTask1 = nllAfterTask1,
            Task2NllAfterTask1 = MeanNll(w1, task2, settings.Beta),
            LogPartitionAfterTask1 = HopfieldBoltzmannMachine.LogPartition(w1, settings.Beta),
            Task1TrainingCurve = curvesOne[0],
            Task1Energy = energy1,
            SpearmanEnergyRise = Correlation.SpearmanOrZero(energy1, results[0].EnergyRise),
            Runs = results,
            PatternsAfterTask1 = Enumerable.Range(0, w1.GetLength(0)).Select(mu => Enumerable.Range(0, d).Select(j => w1[mu, j]).ToArray()).ToArray(),
        };
    }

    /// <summary>
    /// Adam on the mean NLL of each data set in <paramref name="data"/>, every model starting from <paramref name="start"/>,
    /// through <see cref="TorchTrainer"/>: the models form one (R, n, d) parameter and the loss is the sum of their mean
    /// NLLs, so each model gets exactly its own gradient and Adam update; full batch (the R padded data sets are the R
    /// "samples" of one batch, in order). Returns the learned patterns of every model and, every
    /// <see cref="ContinualTrainingSettings.CurveEvery"/> steps, each model's mean NLL of <paramref name="monitor"/>.
    /// </summary>
    static (double[][,] Patterns, double[][] Curves) Train(double[,] start, double[][,] data, Tensor monitor, ContinualTrainingSettings settings, CancellationToken cancellation)
    {
        // float64 throughout: the forgetting measured is a difference of NLLs, and log Z is exact.
        int runs = data.Length, n = start.GetLength(0), d = start.GetLength(1);
        int longest = data.Max(m => m.GetLength(0));
        // Row r of the training data: data set r padded to the longest, each sample followed by its weight (1/rows, 0 for padding).
        var packed = new double[runs * longest * (d + 1)];
        for (int r = 0; r < runs; r++)
        {
            int rows = data[r].GetLength(0);
            for (int i = 0; i < rows; i++)
            {
                int offset = (r * longest + i) * (d + 1);
                for (int j = 0; j < d; j++) packed[offset + j] = data[r][i, j];
                packed[offset + d] = 1.0 / rows;
            }
        }
        var stacked = new double[runs * n * d];
        for (int r = 0; r < runs; r++)
            for (int mu = 0; mu < n; mu++)
                for (int j = 0; j < d; j++) stacked[(r * n + mu) * d + j] = start[mu, j];

        Device device = torch.device(settings.Device);
        using Tensor x = tensor(packed, [runs, longest, d + 1], dtype: ScalarType.Float64, device: device);
        using var model = new PatternStack(tensor(stacked, [runs, n, d], dtype: ScalarType.Float64, device: device), settings.Beta);
        var curves = new List<double[]>();
        void Record()
        {
            using (no_grad())
            using (NewDisposeScope())
                curves.Add(HopfieldBoltzmannMachine.MeanNegativeLogLikelihood(model.Patterns, monitor, settings.Beta).data<double>().ToArray());
        }
        Record();
        var trainer = new TrainerSettings
        {
            Steps = settings.Steps, BatchSize = runs, Shuffle = false, LearningRate = settings.LearningRate, Seed = settings.Seed,
            Device = settings.Device, Threads = 1,
        };
        TorchTrainer.Train(model, x, trainer, cancellation: cancellation,
            afterStep: done => { if (done % settings.CurveEvery == 0 || done == settings.Steps) Record(); });
        double[] learned;
        using (NewDisposeScope()) learned = model.Patterns.detach().cpu().contiguous().data<double>().ToArray();
        var patterns = new double[runs][,];
        for (int r = 0; r < runs; r++) patterns[r] = DenseMatrix.ToMatrix(learned.AsSpan(r * n * d, n * d), n, d);
        double[][] perRun = Enumerable.Range(0, runs).Select(r => curves.Select(c => c[r]).ToArray()).ToArray();
        return (patterns, perRun);
    }

    /// <summary>
    /// R sets of learned patterns W (R, n, d) as one trainable module; a training row is one padded data set with the
    /// weight of each sample in its last column, and the loss is Σ_r Σ_i w_ri NLL_r(x_ri).
    /// </summary>
    sealed class PatternStack : nn.Module, ITrainable
    {
        readonly double beta;

        public PatternStack(Tensor start, double beta) : base("mhn_patterns")
        {
            this.beta = beta;
            Patterns = new TorchSharp.Modules.Parameter(start);
            register_parameter("patterns", Patterns);
        }

        /// <summary>W, (R, n, d).</summary>
        public TorchSharp.Modules.Parameter Patterns { get; }

        public nn.Module Module => this;

        public string Kind => $"mhn patterns {string.Join('×', Patterns.shape)}";

        public Tensor Loss(Tensor batch, Generator noise)
        {
            long d = batch.shape[^1] - 1;
            Tensor samples = batch.narrow(-1, 0, d).contiguous();
            Tensor weights = batch.select(-1, d).contiguous();
            return HopfieldBoltzmannMachine.WeightedNegativeLogLikelihood(Patterns, samples, weights, beta).sum();
        }
    }

    /// <summary>Mean NLL in plain float64 (the reported numbers; libtorch's vectorised reductions may differ by an ulp between runs).</summary>
    static double MeanNll(double[,] w, double[,] samples, double beta) =>
        HopfieldBoltzmannMachine.NegativeLogLikelihood(w, beta, samples).Average();

    static double[,] Concat(double[,] a, double[,] b)
    {
        int d = a.GetLength(1);
        var c = new double[a.GetLength(0) + b.GetLength(0), d];
        Buffer.BlockCopy(a, 0, c, 0, a.Length * sizeof(double));
        Buffer.BlockCopy(b, 0, c, a.Length * sizeof(double), b.Length * sizeof(double));
        return c;
    }

    static double[,] Rows(double[,] m, int[] rows)
    {
        var r = new double[rows.Length, m.GetLength(1)];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < m.GetLength(1); j++) r[i, j] = m[rows[i], j];
        return r;
    }

    static double[] RandomDirection(int d, double radius, Random random)
    {
        var v = new double[d];
        double norm2;
        do
        {
            for (int j = 0; j < d; j++) v[j] = random.NextGaussian();
            norm2 = DenseMatrix.Dot(v, v);
        } while (norm2 == 0);
        double s = radius / Math.Sqrt(norm2);
        for (int j = 0; j < d; j++) v[j] *= s;
        return v;
    }

    static double[] Around(double[] centre, double spread, Random random) =>
        centre.Select(c => c + spread * random.NextGaussian()).ToArray();

    static double[,] ToMatrix(List<double[]> rows)
    {
        var m = new double[rows.Count, rows.Count == 0 ? 0 : rows[0].Length];
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < rows[i].Length; j++) m[i, j] = rows[i][j];
        return m;
    }
}
