using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Resilience.A2A.Internal;
using Resilience.A2A.Internal.Wire;
using Resilience.Http;
using Resilience.Timeout;

namespace Resilience.A2A;

/// <content>HTTP and JSON-RPC plumbing: card fetch, one request/response exchange, the pipeline hand-off.</content>
public sealed partial class A2AClient
{
    private const string AgentCardMethod = "agent card";

    private async ValueTask<ResolvedAgent> ResolveAsync(CancellationToken cancellationToken)
    {
        var agent = Volatile.Read(ref _agent);
        if (agent is not null)
        {
            return agent;
        }

        // Concurrent first calls may each fetch the card; the last one wins, and every result is equivalent.
        await RefreshAgentCardAsync(cancellationToken).ConfigureAwait(false);
        return Volatile.Read(ref _agent)!;
    }

    private async ValueTask<T> RunAsync<T>(
        A2ACallInfo call,
        string operationType,
        string method,
        Func<A2AClient, CancellationToken, ValueTask<T>> operation,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContext.Get(cancellationToken);
        context.OperationType = operationType;
        context.SetProperty(A2AResiliencePredicates.CallInfoKey, call);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, s) =>
                {
                    try
                    {
                        return Outcome.FromResult(await s.operation(s.client, ctx.CancellationToken).ConfigureAwait(false));
                    }
#pragma warning disable CA1031 // Every failure becomes an outcome; the pipeline classifies it.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        return Outcome.FromException<T>(ex);
                    }
                },
                context,
                (client: this, operation)).ConfigureAwait(false);
            if (outcome.Exception is { } exception)
            {
                // One catch clause for every failure of a call: what the pipeline threw itself becomes an A2AException too.
                throw exception switch
                {
                    A2AException => exception,
                    ExecutionRejectedException rejected => A2AErrors.Rejected(rejected, method),
                    TimeoutRejectedException timeout when !cancellationToken.IsCancellationRequested => A2AErrors.Timeout(timeout.Message, method, timeout),
                    _ => exception,
                };
            }

            return outcome.GetResultOrThrow();
        }
        finally
        {
            ResilienceContext.Return(context);
        }
    }

    private async ValueTask<ResolvedAgent> FetchAgentAsync(CancellationToken cancellationToken)
    {
        var baseUri = _baseAddress.AbsoluteUri.EndsWith('/') ? _baseAddress : new Uri(_baseAddress.AbsoluteUri + "/");
        var cardUrl = new Uri(baseUri, A2AConstants.AgentCardPath);
        var body = await FetchCardAsync(cardUrl, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            // Up to v0.2.6 the card lived at /.well-known/agent.json.
            cardUrl = new Uri(baseUri, A2AConstants.LegacyAgentCardPath);
            body = await FetchCardAsync(cardUrl, cancellationToken).ConfigureAwait(false)
                ?? throw A2AErrors.Http(HttpStatusCode.NotFound, AgentCardMethod, retryAfter: null);
        }

        WireAgentCard? wire;
        try
        {
            wire = JsonSerializer.Deserialize(body, A2AJsonContext.Default.WireAgentCard);
        }
        catch (JsonException ex)
        {
            throw A2AErrors.Malformed(ex, AgentCardMethod, HttpStatusCode.OK);
        }

        if (wire is null)
        {
            throw A2AErrors.Protocol("the agent card is JSON null", AgentCardMethod);
        }

        var card = AgentCardReader.Read(wire, cardUrl, _preferredVersion);
        var schemes = Credentials.Schemes(card, card.Endpoint.Url, _baseAddress);
        return new ResolvedAgent(card, schemes, Credentials.Headers(schemes, _credentials));
    }

    /// <returns>The body, or <see langword="null"/> when there is no card at that URL (404).</returns>
    private async ValueTask<byte[]?> FetchCardAsync(Uri cardUrl, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, cardUrl);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(A2AConstants.JsonMediaType));

        // A server speaking both versions answers a v1.0 client with the v1.0 card.
        request.Headers.TryAddWithoutValidation(A2AConstants.VersionHeader, A2AConstants.Version10);
        using var response = await SendAsync(request, AgentCardMethod, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw A2AErrors.Http(response.StatusCode, AgentCardMethod, ReadRetryAfter(response));
        }

        return await ReadBodyAsync(response, AgentCardMethod, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<WireResult> InvokeAsync(ResolvedAgent agent, string method, WireParams parameters, A2ACallOptions? options, CancellationToken cancellationToken) =>
        InvokeAsync(agent, method, parameters, options, static (body, id, m, status, retryAfter) => JsonRpcCodec.ReadResult(body, id, m, status, retryAfter), cancellationToken);

    private async ValueTask<T> InvokeAsync<T>(
        ResolvedAgent agent, string method, WireParams parameters, A2ACallOptions? options, ResultDecoder<T> decode, CancellationToken cancellationToken)
    {
        var id = NextRequestId();
        using var request = await CreateRequestAsync(agent, method, id, parameters, options, streaming: false, cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(request, method, cancellationToken).ConfigureAwait(false);
        return await ReadResultAsync(response, id, method, decode, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<WireResult> ReadResultAsync(HttpResponseMessage response, string id, string method, CancellationToken cancellationToken) =>
        ReadResultAsync(response, id, method, static (body, i, m, status, retryAfter) => JsonRpcCodec.ReadResult(body, i, m, status, retryAfter), cancellationToken);

    /// <summary>Reads a whole JSON-RPC answer: the JSON-RPC error it carries (any HTTP status), the HTTP error, or the result.</summary>
    private async ValueTask<T> ReadResultAsync<T>(HttpResponseMessage response, string id, string method, ResultDecoder<T> decode, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var retryAfter = ReadRetryAfter(response);
        if (!response.IsSuccessStatusCode)
        {
            byte[] errorBody;
            try
            {
                errorBody = await ReadBodyAsync(response, method, cancellationToken).ConfigureAwait(false);
            }
            catch (A2AException ex) when (ex.Kind is A2AErrorKind.Protocol or A2AErrorKind.Transport)
            {
                // The status already says what happened; an unreadable error body does not change it.
                throw A2AErrors.Http(status, method, retryAfter);
            }

            throw JsonRpcCodec.TryReadError(errorBody) is { } error
                ? A2AErrors.JsonRpc(error, method, status, retryAfter)
                : A2AErrors.Http(status, method, retryAfter);
        }

        var body = await ReadBodyAsync(response, method, cancellationToken).ConfigureAwait(false);
        return decode(body, id, method, status, retryAfter);
    }

    private async ValueTask<HttpRequestMessage> CreateRequestAsync(
        ResolvedAgent agent, string method, string id, WireParams parameters, A2ACallOptions? options, bool streaming, CancellationToken cancellationToken)
    {
        if (agent.Version == A2AProtocolVersion.V1 && agent.Card.Endpoint.Tenant is { } tenant)
        {
            // v1.0: a tenant on the chosen interface goes in every request (the same value on every attempt).
            parameters.Tenant = tenant;
        }

        var content = new ByteArrayContent(JsonRpcCodec.Serialize(new WireRequest { Id = id, Method = method, Params = parameters }));
        content.Headers.ContentType = new MediaTypeHeaderValue(A2AConstants.JsonMediaType);
        var request = new HttpRequestMessage(HttpMethod.Post, agent.Endpoint) { Content = content };
        try
        {
            var headers = request.Headers;
            headers.Accept.Add(new MediaTypeWithQualityHeaderValue(streaming ? A2AConstants.EventStreamMediaType : A2AConstants.JsonMediaType));
            headers.TryAddWithoutValidation(
                A2AConstants.VersionHeader, agent.Version == A2AProtocolVersion.V1 ? A2AConstants.Version10 : A2AConstants.Version03);
            foreach (var (name, value) in agent.Headers)
            {
                headers.TryAddWithoutValidation(name, value);
            }

            if (_credentialProvider is not null)
            {
                await AddProvidedCredentialsAsync(agent, method, headers, cancellationToken).ConfigureAwait(false);
            }

            if (options is not null)
            {
                CallHeaders.Apply(options, agent.Version, headers);
            }

            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    private async ValueTask AddProvidedCredentialsAsync(ResolvedAgent agent, string method, HttpRequestHeaders headers, CancellationToken cancellationToken)
    {
        foreach (var (name, scheme) in agent.Schemes)
        {
            string? secret;
            try
            {
                secret = await _credentialProvider!(new A2ACredentialRequest(name, scheme, agent.Endpoint), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // The user's callback failed: the call fails with that cause, classified as permanent.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                throw A2AErrors.Credentials(ex, name, method);
            }

            if (secret is not null)
            {
                var (header, value) = Credentials.Header(scheme, secret);
                headers.Remove(header);
                headers.TryAddWithoutValidation(header, value);
            }
        }
    }

    private TimeSpan? ReadRetryAfter(HttpResponseMessage response) =>
        HttpRetryAfter.TryGetDelay(response, _timeProvider, A2AConstants.MaxRetryAfter, out var delay) ? delay : null;

    private async ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, string method, CancellationToken cancellationToken)
    {
        try
        {
            return await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw A2AErrors.Transport(ex, method);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout elapsed.
            throw A2AErrors.Timeout(ex.Message, method, ex);
        }
    }

    private async ValueTask<byte[]> ReadBodyAsync(HttpResponseMessage response, string method, CancellationToken cancellationToken)
    {
        try
        {
            return await BoundedBody.ReadAsync(response.Content, _maxResponseBytes, method, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw A2AErrors.Transport(ex, method);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw A2AErrors.Timeout(ex.Message, method, ex);
        }
    }

    private string NextRequestId() => Interlocked.Increment(ref _requestId).ToString(CultureInfo.InvariantCulture);
}
