namespace Engram.Tests;

/// <summary>
/// The collection of test classes that train TorchSharp models. xunit runs it alone, after the parallel tests: with
/// several trainers in parallel (each sets libtorch's intra-op thread count on its own thread) the suite once failed
/// inside Adam's step with a corrupted scalar, while each class passes alone. One trainer at a time also keeps the
/// determinism checks free of contention.
/// </summary>
[CollectionDefinition(nameof(TorchTraining), DisableParallelization = true)]
public sealed class TorchTraining;
