namespace Engram.Tests;

/// <summary>
/// The collection of test classes that change process-wide state such as environment variables;
/// xunit runs it alone, after the parallel tests, so no other test sees the change.
/// </summary>
[CollectionDefinition(nameof(EnvironmentChanging), DisableParallelization = true)]
public sealed class EnvironmentChanging;
