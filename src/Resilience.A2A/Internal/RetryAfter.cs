namespace Resilience.A2A.Internal;

/// <summary>Reads the <c>Retry-After</c> header (seconds or an HTTP date).</summary>
internal static class RetryAfter
{
    private static readonly TimeSpan Max = TimeSpan.FromDays(1);

    public static TimeSpan? Read(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var header = response.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        var delay = header.Delta ?? (header.Date is { } date ? date - timeProvider.GetUtcNow() : null);
        return delay is null ? null : delay < TimeSpan.Zero ? TimeSpan.Zero : delay > Max ? Max : delay;
    }
}
