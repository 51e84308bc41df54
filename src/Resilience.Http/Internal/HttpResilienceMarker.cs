namespace Resilience.Http.Internal;

/// <summary>Registered once per client name (as a keyed service) when the resilience handler joins that client's chain.</summary>
internal sealed class HttpResilienceMarker;
