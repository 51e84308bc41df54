namespace Resilience.Http.Internal;

/// <summary>The stable event ids of the HTTP adapter's log lines (50xx; docs/observability.md lists them).</summary>
internal static class HttpEventIds
{
    /// <summary>An HTTP client with per-authority breakers holds its maximum of authorities, none evictable: requests to new ones are refused (Warning).</summary>
    internal const int HttpAuthorityLimitReached = 5001;

    /// <summary>Idle authorities (every circuit closed) were evicted from an HTTP client's store (Debug).</summary>
    internal const int HttpAuthoritiesEvicted = 5002;

    /// <summary>An HTTP client named its maximum of authorities in telemetry; further ones are named <c>{client}/_other</c> (Information).</summary>
    internal const int HttpAuthorityNamesExhausted = 5003;

    /// <summary>The idle sweep of an HTTP client's authority store failed; it runs again at the next interval (Error).</summary>
    internal const int HttpAuthoritySweepFailed = 5004;

    /// <summary>A reload changed a limit of an HTTP client's per-authority store, which keeps the value it was created with (Warning).</summary>
    internal const int HttpAuthorityLimitsNotReloaded = 5005;
}
