namespace Resilience.Registry.Internal;

/// <summary>Defaults and limits of the registry (the name rule is the shared <c>ServiceNames</c>; the configuration section names are Extensions' <c>ConfigurationSections</c>).</summary>
internal static class RegistryConstants
{
    public const int DefaultMaxBreakers = 1000;
    public const int MaxBreakersLimit = 1_000_000;
}
