namespace Resilience.DependencyInjection.Internal;

/// <summary>The configuration section names <c>AddResilience(configuration)</c> binds (docs/configuration.md).</summary>
internal static class ConfigurationSections
{
    public const string RootSection = "Resilience";
    public const string CircuitBreakersSection = "CircuitBreakers";
    public const string RetriesSection = "Retries";
    public const string TimeoutsSection = "Timeouts";
    public const string MonitoringSection = "Monitoring";
    public const string RegistrySection = "Registry";
    public const string HttpSection = "Http";
}
