
using Resilience.DependencyInjection.Internal;

namespace Resilience.Http.Internal;

/// <summary>Where a named client's settings live in configuration, so messages name a key the user can find.</summary>
internal static class HttpClientPaths
{
    /// <summary>Gets <c>Resilience:Http:{client}</c>.</summary>
    public static string Of(string clientName) => $"{ConfigurationSections.RootSection}:{ConfigurationSections.HttpSection}:{clientName}";
}
