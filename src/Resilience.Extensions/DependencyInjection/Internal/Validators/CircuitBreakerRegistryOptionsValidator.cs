using Microsoft.Extensions.Options;
using Resilience.Registry;

namespace Resilience.DependencyInjection.Internal.Validators;

/// <summary>The source-generated (reflection-free) DataAnnotations validator of <see cref="CircuitBreakerRegistryOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class CircuitBreakerRegistryOptionsValidator : IValidateOptions<CircuitBreakerRegistryOptions>
{
}
