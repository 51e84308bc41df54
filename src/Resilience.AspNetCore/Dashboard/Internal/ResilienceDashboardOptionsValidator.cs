using Microsoft.Extensions.Options;

namespace Resilience.AspNetCore.Dashboard.Internal;

/// <summary>The source-generated (reflection-free) DataAnnotations validator of <see cref="ResilienceDashboardOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class ResilienceDashboardOptionsValidator : IValidateOptions<ResilienceDashboardOptions>
{
}
