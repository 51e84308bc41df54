namespace Resilience.Registry.Internal;

/// <summary>Defaults and limits of the registry and of breaker names.</summary>
internal static class RegistryConstants
{
    public const int DefaultMaxBreakers = 1000;
    public const int MaxBreakersLimit = 1_000_000;
    public const int MaxNameLength = 256;

    public const string RootSection = "Resilience";
    public const string CircuitBreakersSection = "CircuitBreakers";
    public const string RetriesSection = "Retries";
    public const string TimeoutsSection = "Timeouts";
    public const string MonitoringSection = "Monitoring";
    public const string RegistrySection = "Registry";
    public const string HttpSection = "Http";
}
