namespace Resilience.OpenTelemetry.Tests.TestSupport;

/// <summary>One <see cref="ObservedScenario"/> for every test class that reads it: the library's instruments are
/// process-wide, so two scenarios running at once would each export the other's measurements too.</summary>
[CollectionDefinition(Name)]
public sealed class SharedObservedScenario : ICollectionFixture<ObservedScenario>
{
    public const string Name = "observed scenario";
}
