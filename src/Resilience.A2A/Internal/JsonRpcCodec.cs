using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Resilience.A2A.Internal.Wire;

namespace Resilience.A2A.Internal;

/// <summary>Writes JSON-RPC requests and checks JSON-RPC responses strictly (version, id, result or error).</summary>
internal static class JsonRpcCodec
{
    public static byte[] Serialize(WireRequest request) =>
        JsonSerializer.SerializeToUtf8Bytes(request, A2AJsonContext.Default.WireRequest);

    /// <summary>Parses a response body; throws the JSON-RPC error it carries, or a protocol error when it is not a valid answer to <paramref name="expectedId"/>.</summary>
    /// <returns>The result.</returns>
    public static WireResult ReadResult(ReadOnlySpan<byte> body, string expectedId, string method, HttpStatusCode? status, TimeSpan? retryAfter) =>
        ReadResult(Parse(body, method, status), expectedId, method, status, retryAfter);

    /// <summary>Parses a JSON-RPC response without checking it.</summary>
    /// <returns>The response; never <see langword="null"/>.</returns>
    public static WireResponse Parse(ReadOnlySpan<byte> body, string method, HttpStatusCode? status)
    {
        WireResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(body, A2AJsonContext.Default.WireResponse);
        }
        catch (JsonException ex)
        {
            throw A2AErrors.Malformed(ex, method, status);
        }

        return response ?? throw A2AErrors.Protocol("the body is JSON null, not a JSON-RPC response", method, status: status);
    }

    /// <summary>Checks a parsed response; throws the JSON-RPC error it carries, or a protocol error when it is not a valid answer to <paramref name="expectedId"/>.</summary>
    /// <returns>The result.</returns>
    public static WireResult ReadResult(WireResponse response, string expectedId, string method, HttpStatusCode? status, TimeSpan? retryAfter)
    {
        Check(response, expectedId, method, status, retryAfter);
        return response.Result ?? throw A2AErrors.Protocol("the response has neither a result nor an error", method, status: status);
    }

    /// <summary>Parses and checks a response whose result has one shape (an agent card, a push-notification configuration, a list of them).</summary>
    /// <returns>The result.</returns>
    public static TResult ReadResult<TResponse, TResult>(
        ReadOnlySpan<byte> body, JsonTypeInfo<TResponse> type, string expectedId, string method, HttpStatusCode? status, TimeSpan? retryAfter)
        where TResponse : WireEnvelope<TResult>
        where TResult : class
    {
        TResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException ex)
        {
            throw A2AErrors.Malformed(ex, method, status);
        }

        if (response is null)
        {
            throw A2AErrors.Protocol("the body is JSON null, not a JSON-RPC response", method, status: status);
        }

        Check(response, expectedId, method, status, retryAfter);
        return response.Result ?? throw A2AErrors.Protocol("the response has neither a result nor an error", method, status: status);
    }

    /// <summary>
    /// Parses and checks a response whose result carries nothing (a delete): a valid success answer to
    /// <paramref name="expectedId"/> with any object or <see langword="null"/> as its result (the spec's empty object, the
    /// JS SDK's <see langword="null"/>).
    /// </summary>
    public static void ReadAcknowledgement(ReadOnlySpan<byte> body, string expectedId, string method, HttpStatusCode? status, TimeSpan? retryAfter) =>
        Check(Parse(body, method, status), expectedId, method, status, retryAfter);

    private static void Check(WireEnvelope response, string expectedId, string method, HttpStatusCode? status, TimeSpan? retryAfter)
    {
        if (response.Jsonrpc != "2.0")
        {
            throw A2AErrors.Protocol($"jsonrpc is \"{response.Jsonrpc}\", not \"2.0\"", method, status: status);
        }

        var idMatches = response.Id.Matches(expectedId);
        if (response.Error is { } error)
        {
            // A server that could not read the request answers with a null id; any other id must be ours.
            if (!idMatches && !response.Id.IsNullOrAbsent)
            {
                throw A2AErrors.Protocol("the error response's id does not match the request's id", method, status: status);
            }

            throw A2AErrors.JsonRpc(error, method, status, retryAfter);
        }

        if (!idMatches)
        {
            throw A2AErrors.Protocol("the response's id does not match the request's id", method, status: status);
        }
    }

    /// <summary>Reads the JSON-RPC error of a non-2xx answer, if its body is one.</summary>
    /// <returns>The error, or <see langword="null"/> when the body is not a JSON-RPC error.</returns>
    public static WireError? TryReadError(ReadOnlySpan<byte> body)
    {
        try
        {
            var response = JsonSerializer.Deserialize(body, A2AJsonContext.Default.WireResponse);
            return response?.Jsonrpc == "2.0" ? response.Error : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
