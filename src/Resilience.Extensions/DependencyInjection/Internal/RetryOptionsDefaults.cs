using Resilience.Retry;

namespace Resilience.DependencyInjection.Internal;

/// <summary>The default values of <see cref="RetryOptions"/> the DI layer needs to recognise.</summary>
internal static class RetryOptionsDefaults
{
    public static readonly string? Name = new RetryOptions().Name;
}
