using System.Globalization;
using Resilience.A2A.Internal;
using Resilience.A2A.Internal.Wire;

namespace Resilience.A2A;

/// <content>Listing tasks and the authenticated extended agent card.</content>
public sealed partial class A2AClient
{
    /// <summary>Lists the agent's tasks, one page at a time (<c>ListTasks</c>; v1.0 only, v0.3 has no such method).</summary>
    /// <param name="request">The filter and page, or <see langword="null"/> for the first page of all tasks.</param>
    /// <param name="options">Per-call settings (headers), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The page size is not between 1 and 100, the history length is negative, or the state is <see cref="A2ATaskState.Unknown"/>.</exception>
    /// <exception cref="NotSupportedException">The client talks to the agent in v0.3 (found out from the card, before anything is sent).</exception>
    /// <exception cref="A2AException">The call failed; <see cref="A2AErrorKind.Protocol"/> when the page holds more tasks than
    /// the page size asked for (or than 100, the spec's largest page, when none was asked for).</exception>
    public async Task<A2ATaskPage> ListTasksAsync(A2AListTasksRequest? request = null, A2ACallOptions? options = null, CancellationToken cancellationToken = default)
    {
        var parameters = ListParams(request);
        CallHeaders.Validate(options);
        var agent = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        if (agent.Version != A2AProtocolVersion.V1)
        {
            throw new NotSupportedException("ListTasks exists only in A2A v1.0; the agent is spoken to in v0.3.");
        }

        var result = await RunAsync(
            new A2ACallInfo(A2AOperationKind.ListTasks, AllowRetry: false),
            A2AConstants.StandardRequestOperation,
            A2AConstants.ListTasks,
            (client, ct) => client.InvokeAsync(agent, A2AConstants.ListTasks, parameters, options, ct),
            cancellationToken).ConfigureAwait(false);
        return WireMapper.Read(() => WireMapper.ReadTaskPage(result, request?.PageSize ?? A2AConstants.MaxPageSize), A2AConstants.ListTasks);
    }

    /// <summary>
    /// Fetches the authenticated extended agent card (<c>GetExtendedAgentCard</c> / <c>agent/getAuthenticatedExtendedCard</c>),
    /// with the credentials of the agent's endpoint. The client keeps talking to the endpoint it chose from the public card.
    /// </summary>
    /// <param name="options">Per-call settings (headers), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The extended card (its <see cref="A2AAgentCard.CardUrl"/> is the endpoint it came from).</returns>
    /// <exception cref="A2AException">The call failed (<see cref="A2AErrorCode.ExtendedAgentCardNotConfigured"/> or
    /// <see cref="A2AErrorCode.UnsupportedOperation"/> when the agent has none).</exception>
    public async Task<A2AAgentCard> GetExtendedAgentCardAsync(A2ACallOptions? options = null, CancellationToken cancellationToken = default)
    {
        CallHeaders.Validate(options);
        var agent = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var method = A2AConstants.GetExtendedAgentCard(agent.Version);
        var card = await RunAsync(
            new A2ACallInfo(A2AOperationKind.GetExtendedAgentCard, AllowRetry: false),
            A2AConstants.StandardRequestOperation,
            method,
            (client, ct) => client.InvokeAsync(
                agent, method, new WireParams(), options, static (body, id, m, status, retryAfter) => JsonRpcCodec.ReadResult<WireCardResponse, WireAgentCard>(
                    body, A2AJsonContext.Default.WireCardResponse, id, m, status, retryAfter), ct),
            cancellationToken).ConfigureAwait(false);
        try
        {
            return AgentCardReader.Read(card, agent.Endpoint, _preferredVersion);
        }
        catch (A2AException ex) when (ex.Method is null)
        {
            throw A2AErrors.Protocol(ex.Message, method, ex);
        }
    }

    private static WireParams ListParams(A2AListTasksRequest? request)
    {
        if (request is null)
        {
            return new WireParams();
        }

        if (request.PageSize is { } size && (size < 1 || size > A2AConstants.MaxPageSize))
        {
            throw new ArgumentOutOfRangeException(nameof(request), size, $"PageSize must be between 1 and {A2AConstants.MaxPageSize}; it was {size}.");
        }

        if (request.HistoryLength is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.HistoryLength, "HistoryLength must not be negative.");
        }

        if (request.State is A2ATaskState.Unknown || (request.State is { } s && !Enum.IsDefined(s)))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.State, "State must be a known task state.");
        }

        return new WireParams
        {
            ContextId = request.ContextId,
            Status = request.State is { } state ? WireMapper.ToWireState(state) : null,
            PageSize = request.PageSize,
            PageToken = request.PageToken,
            HistoryLength = request.HistoryLength,
            StatusTimestampAfter = request.StatusTimestampAfter?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            IncludeArtifacts = request.IncludeArtifacts ? true : null,
        };
    }
}
