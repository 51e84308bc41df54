using System.Globalization;
using System.Net;
using System.Text.Json;
using Resilience.A2A.Internal.Wire;

namespace Resilience.A2A.Internal;

/// <summary>Builds the <see cref="A2AException"/> for each way a call can fail, with messages that say what to look at.</summary>
internal static class A2AErrors
{
    public static A2AException JsonRpc(WireError error, string method, HttpStatusCode? status, TimeSpan? retryAfter) =>
        new(
            string.Create(CultureInfo.InvariantCulture, $"The agent answered {method} with JSON-RPC error {error.Code}: {Truncate(error.Message)}"),
            A2AErrorKind.JsonRpc)
        {
            ErrorCode = (A2AErrorCode)error.Code,
            StatusCode = status,
            RetryAfter = retryAfter,
            Method = method,
        };

    public static A2AException Http(HttpStatusCode status, string method, TimeSpan? retryAfter) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The agent answered {method} with HTTP {(int)status} ({status})."), A2AErrorKind.Http)
        {
            StatusCode = status,
            RetryAfter = retryAfter,
            Method = method,
        };

    public static A2AException Transport(Exception inner, string method) =>
        new($"The connection to the agent failed during {method}: {inner.Message}", A2AErrorKind.Transport, inner) { Method = method };

    public static A2AException Timeout(string what, string method, Exception? inner = null) =>
        new($"The agent did not answer {method} in time: {what}.", A2AErrorKind.Timeout, inner) { Method = method };

    public static A2AException Rejected(ExecutionRejectedException rejected, string method) =>
        new($"The resilience pipeline rejected {method} before it was sent: {rejected.Message}", A2AErrorKind.Rejected, rejected)
        {
            RetryAfter = rejected.RetryAfter,
            Method = method,
        };

    public static A2AException Credentials(Exception inner, string schemeName, string method) =>
        new($"The credential provider failed for security scheme '{schemeName}' of {method}: {inner.Message}", A2AErrorKind.Credentials, inner)
        {
            Method = method,
        };

    public static A2AException Protocol(string what, string method, Exception? inner = null, HttpStatusCode? status = null) =>
        new($"The agent's answer to {method} broke the protocol: {what}.", A2AErrorKind.Protocol, inner) { Method = method, StatusCode = status };

    public static A2AException Malformed(JsonException ex, string method, HttpStatusCode? status) =>
        Protocol("malformed or truncated JSON (" + Truncate(ex.Message) + ")", method, ex, status);

    private static string Truncate(string? text) =>
        text is null ? string.Empty : text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "...");
}
