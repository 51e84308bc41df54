using Resilience.A2A.Internal;
using Resilience.A2A.Internal.Wire;

namespace Resilience.A2A;

/// <content>
/// Push-notification configuration of a task: create (v0.3: set), get, list, delete. Every call runs through the
/// pipeline with the <c>standard_request</c> timeout; reads and deletes are retried after any transient failure, a create
/// only when the request surely never reached the agent.
/// </content>
public sealed partial class A2AClient
{
    /// <summary>
    /// Asks the agent to post a task's updates to a webhook (<c>CreateTaskPushNotificationConfig</c> /
    /// <c>tasks/pushNotificationConfig/set</c>).
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="config">The webhook; its <see cref="A2APushNotificationConfig.TaskId"/> must be <see langword="null"/> or <paramref name="taskId"/>.</param>
    /// <param name="options">Per-call settings (headers), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The configuration as the agent stored it, with the id it assigned.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or empty, or <paramref name="config"/> is invalid
    /// (the message names the property; it never shows the token or the credentials).</exception>
    /// <exception cref="A2AException">The call failed (<see cref="A2AErrorCode.PushNotificationNotSupported"/> when the agent
    /// has no push notifications, <see cref="A2AErrorCode.TaskNotFound"/> when there is no such task).</exception>
    public async Task<A2APushNotificationConfig> CreateTaskPushNotificationConfigAsync(
        string taskId, A2APushNotificationConfig config, A2ACallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        PushNotificationWire.Validate(config, nameof(config));
        if (config.TaskId is not null && config.TaskId != taskId)
        {
            throw new ArgumentException($"config.TaskId ('{config.TaskId}') must be null or the task id '{taskId}'.", nameof(config));
        }

        CallHeaders.Validate(options);
        var agent = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var parameters = PushNotificationWire.CreateParams(taskId, config, agent.Version);
        var method = A2AConstants.CreateTaskPushNotificationConfig(agent.Version);
        var wire = await PushConfigCallAsync(A2AOperationKind.CreateTaskPushNotificationConfig, agent, method, parameters, options, cancellationToken).ConfigureAwait(false);
        return WireMapper.Read(() => PushNotificationWire.Read(wire, agent.Version), method);
    }

    /// <summary>Reads one of a task's push-notification configurations (<c>GetTaskPushNotificationConfig</c> / <c>tasks/pushNotificationConfig/get</c>).</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="configId">The configuration's id (<see cref="A2APushNotificationConfig.Id"/> as the agent answered).</param>
    /// <param name="options">Per-call settings (headers), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> or <paramref name="configId"/> is null or empty.</exception>
    /// <exception cref="A2AException">The call failed (<see cref="A2AErrorCode.TaskNotFound"/> when there is no such task or configuration).</exception>
    public async Task<A2APushNotificationConfig> GetTaskPushNotificationConfigAsync(
        string taskId, string configId, A2ACallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentException.ThrowIfNullOrEmpty(configId);
        CallHeaders.Validate(options);
        var agent = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var method = A2AConstants.GetTaskPushNotificationConfig(agent.Version);
        var wire = await PushConfigCallAsync(
            A2AOperationKind.GetTaskPushNotificationConfig, agent, method, PushNotificationWire.ConfigParams(taskId, configId, agent.Version), options, cancellationToken)
            .ConfigureAwait(false);
        return WireMapper.Read(() => PushNotificationWire.Read(wire, agent.Version), method);
    }

    /// <summary>
    /// Lists a task's push-notification configurations (<c>ListTaskPushNotificationConfigs</c> /
    /// <c>tasks/pushNotificationConfig/list</c>). An answer with more configurations than <paramref name="pageSize"/> (or
    /// than 1,000 when no page size is given) fails with <see cref="A2AErrorKind.Protocol"/>.
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="pageSize">How many configurations one page holds at most (1 to 100, v1.0 only), or <see langword="null"/> to let the agent decide.</param>
    /// <param name="pageToken">The token of the page to read (<see cref="A2APushNotificationConfigPage.NextPageToken"/>, v1.0 only), or <see langword="null"/> for the first.</param>
    /// <param name="options">Per-call settings (headers), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The page (in v0.3 every configuration, with no next page).</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or empty, or <paramref name="pageToken"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not between 1 and 100.</exception>
    /// <exception cref="NotSupportedException">A page size or token is given and the agent is spoken to in v0.3, whose list has no pages (nothing is sent).</exception>
    /// <exception cref="A2AException">The call failed.</exception>
    public async Task<A2APushNotificationConfigPage> ListTaskPushNotificationConfigsAsync(
        string taskId, int? pageSize = null, string? pageToken = null, A2ACallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        if (pageSize is { } size && (size < 1 || size > A2AConstants.MaxPageSize))
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), size, $"pageSize must be between 1 and {A2AConstants.MaxPageSize}; it was {size}.");
        }

        if (pageToken is { Length: 0 })
        {
            throw new ArgumentException("pageToken must not be empty; leave it null for the first page.", nameof(pageToken));
        }

        CallHeaders.Validate(options);
        var agent = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var method = A2AConstants.ListTaskPushNotificationConfigs(agent.Version);
        var v03 = agent.Version == A2AProtocolVersion.V03;
        if (v03 && (pageSize is not null || pageToken is not null))
        {
            throw new NotSupportedException($"{method} (A2A v0.3) has no pages; call it without a page size or token.");
        }

        var parameters = PushNotificationWire.ListParams(taskId, pageSize, pageToken, agent.Version);
        var call = new A2ACallInfo(A2AOperationKind.ListTaskPushNotificationConfigs, AllowRetry: false);
        var limit = pageSize ?? A2AConstants.MaxListedPushNotificationConfigs;
        if (v03)
        {
            var list = await RunAsync(
                call,
                A2AConstants.StandardRequestOperation,
                method,
                (client, ct) => client.InvokeAsync(agent, method, parameters, options, static (body, id, m, status, retryAfter) =>
                    JsonRpcCodec.ReadResult<WirePushConfigListResponse, List<WirePushConfig>>(body, A2AJsonContext.Default.WirePushConfigListResponse, id, m, status, retryAfter), ct),
                cancellationToken).ConfigureAwait(false);
            return WireMapper.Read(() => PushNotificationWire.ReadPage(list, nextPageToken: null, limit, agent.Version), method);
        }

        var page = await RunAsync(
            call,
            A2AConstants.StandardRequestOperation,
            method,
            (client, ct) => client.InvokeAsync(agent, method, parameters, options, static (body, id, m, status, retryAfter) =>
                JsonRpcCodec.ReadResult<WirePushConfigPageResponse, WirePushConfigPage>(body, A2AJsonContext.Default.WirePushConfigPageResponse, id, m, status, retryAfter), ct),
            cancellationToken).ConfigureAwait(false);
        return WireMapper.Read(() => PushNotificationWire.ReadPage(page.Configs ?? [], page.NextPageToken, limit, agent.Version), method);
    }

    /// <summary>
    /// Deletes one of a task's push-notification configurations (<c>DeleteTaskPushNotificationConfig</c> /
    /// <c>tasks/pushNotificationConfig/delete</c>); the agent posts nothing to that webhook any more. Deleting twice has the
    /// effect of deleting once.
    /// </summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="configId">The configuration's id.</param>
    /// <param name="options">Per-call settings (headers), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>A task that completes when the agent confirmed the deletion.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> or <paramref name="configId"/> is null or empty.</exception>
    /// <exception cref="A2AException">The call failed (<see cref="A2AErrorCode.TaskNotFound"/> when there is no such task).</exception>
    public async Task DeleteTaskPushNotificationConfigAsync(
        string taskId, string configId, A2ACallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentException.ThrowIfNullOrEmpty(configId);
        CallHeaders.Validate(options);
        var agent = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var method = A2AConstants.DeleteTaskPushNotificationConfig(agent.Version);
        var parameters = PushNotificationWire.ConfigParams(taskId, configId, agent.Version);
        await RunAsync(
            new A2ACallInfo(A2AOperationKind.DeleteTaskPushNotificationConfig, AllowRetry: false),
            A2AConstants.StandardRequestOperation,
            method,
            (client, ct) => client.InvokeAsync(agent, method, parameters, options, static (body, id, m, status, retryAfter) =>
            {
                JsonRpcCodec.ReadAcknowledgement(body, id, m, status, retryAfter);
                return true;
            }, ct),
            cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<WirePushConfig> PushConfigCallAsync(
        A2AOperationKind operation, ResolvedAgent agent, string method, WireParams parameters, A2ACallOptions? options, CancellationToken cancellationToken) =>
        RunAsync(
            new A2ACallInfo(operation, AllowRetry: false),
            A2AConstants.StandardRequestOperation,
            method,
            (client, ct) => client.InvokeAsync(agent, method, parameters, options, static (body, id, m, status, retryAfter) =>
                JsonRpcCodec.ReadResult<WirePushConfigResponse, WirePushConfig>(body, A2AJsonContext.Default.WirePushConfigResponse, id, m, status, retryAfter), ct),
            cancellationToken);
}
