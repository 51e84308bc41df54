using Microsoft.Extensions.Configuration;

namespace Resilience.DependencyInjection.Internal;

/// <summary>A configuration section whose children are named breaker options (for example <c>Resilience:CircuitBreakers</c>).</summary>
internal sealed record CircuitBreakerSection(IConfiguration Section);
