using Microsoft.Extensions.Options;
using Resilience.Monitoring;

namespace Resilience.Monitoring.Internal;

/// <summary>The source-generated (reflection-free) DataAnnotations validator of <see cref="CircuitMonitorOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class CircuitMonitorOptionsValidator : IValidateOptions<CircuitMonitorOptions>
{
}
