using System.Net.Http.Json;
using Resilience.Internal;
using Resilience.Monitoring.Internal;

namespace Resilience.Monitoring;

/// <summary>
/// POSTs each alert as JSON (<c>kind</c>, <c>severity</c>, <c>circuitBreakerName</c>, <c>message</c>, <c>action</c>,
/// <c>timestamp</c>) to a webhook (Slack-style incoming hooks, an alert manager, a pager bridge).
/// </summary>
/// <remarks>A response outside 2xx fails the send with <see cref="HttpRequestException"/>; the monitor logs the failure
/// without the address, which may carry a token in its query string.</remarks>
public sealed class WebhookAlertSink : IAlertSink
{
    private readonly HttpClient _client;
    private readonly Uri _endpoint;

    /// <summary>Initializes a new instance of the <see cref="WebhookAlertSink"/> class.</summary>
    /// <param name="client">The client to send with (from <c>IHttpClientFactory</c> in a host).</param>
    /// <param name="endpoint">The webhook's address.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is not an absolute http or https address.</exception>
    public WebhookAlertSink(HttpClient client, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The webhook endpoint must be an absolute http or https address; got '{UrlRedactor.Redact(endpoint)}'.", nameof(endpoint));
        }

        _client = client;
        _endpoint = endpoint;
    }

    /// <inheritdoc/>
    public async ValueTask SendAsync(CircuitAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        using var response = await _client.PostAsJsonAsync(_endpoint, alert, AlertJsonContext.Default.CircuitAlert, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}
