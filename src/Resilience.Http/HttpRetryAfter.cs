using System.Net;
using System.Net.Http.Headers;

namespace Resilience.Http;

/// <summary>Reads a server's <c>Retry-After</c> header (RFC 9110 section 10.2.3) as a bounded delay.</summary>
/// <remarks>
/// <para>Both forms are read: delta-seconds (<c>Retry-After: 120</c>) and an HTTP-date
/// (<c>Retry-After: Fri, 31 Dec 1999 23:59:59 GMT</c>), the latter relative to the injected <see cref="TimeProvider"/>.
/// A date in the past means "now" (zero); a delay longer than the bound is cut to the bound, so a server cannot park a
/// client for an hour.</para>
/// <para>Only 429 Too Many Requests and 503 Service Unavailable carry a hint this library honours.</para>
/// </remarks>
public static class HttpRetryAfter
{
    /// <summary>Reads the delay a 429 or 503 response asks for.</summary>
    /// <param name="response">The response.</param>
    /// <param name="timeProvider">The clock an HTTP-date is compared with.</param>
    /// <param name="maxDelay">The longest delay returned.</param>
    /// <param name="delay">The delay, between zero and <paramref name="maxDelay"/>.</param>
    /// <returns><see langword="true"/> when the response is a 429 or 503 with a valid <c>Retry-After</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> or <paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDelay"/> is negative.</exception>
    public static bool TryGetDelay(HttpResponseMessage response, TimeProvider timeProvider, TimeSpan maxDelay, out TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, TimeSpan.Zero);

        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
        {
            delay = default;
            return false;
        }

        return TryGetDelay(response.Headers.RetryAfter, timeProvider.GetUtcNow(), maxDelay, out delay);
    }

    /// <summary>Converts a parsed <c>Retry-After</c> value into a bounded delay.</summary>
    /// <param name="retryAfter">The header value, or <see langword="null"/> when absent.</param>
    /// <param name="now">The current time, which an HTTP-date is relative to.</param>
    /// <param name="maxDelay">The longest delay returned.</param>
    /// <param name="delay">The delay, between zero and <paramref name="maxDelay"/>.</param>
    /// <returns><see langword="true"/> when the header holds a delta or a date.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDelay"/> is negative.</exception>
    public static bool TryGetDelay(RetryConditionHeaderValue? retryAfter, DateTimeOffset now, TimeSpan maxDelay, out TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, TimeSpan.Zero);

        TimeSpan raw;
        if (retryAfter?.Delta is { } delta)
        {
            raw = delta;
        }
        else if (retryAfter?.Date is { } date)
        {
            // Subtracting two valid instants cannot overflow a TimeSpan.
            raw = date - now;
        }
        else
        {
            delay = default;
            return false;
        }

        delay = raw < TimeSpan.Zero ? TimeSpan.Zero : raw > maxDelay ? maxDelay : raw;
        return true;
    }
}
