namespace Resilience.DependencyInjection.Internal;

/// <summary>Marks a breaker name as declared in the container, so declaring it again adds nothing.</summary>
internal sealed record DeclaredBreaker(string Name);
