namespace Resilience.Core.Tests.TestSupport;

/// <summary>
/// The tests that turn on <see cref="Resilience.Internal.OwnershipChecks"/>. Its counters are process-wide (a context rented
/// by one tracked test counts in another's <c>OutstandingContexts</c>), so these tests run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessWideOwnershipChecks
{
    /// <summary>The collection's name.</summary>
    public const string Name = "OwnershipChecks";
}
