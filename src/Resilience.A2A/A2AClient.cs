using Resilience.A2A.Internal;
using Resilience.CircuitBreaking;
using Resilience.Internal;
using Resilience.A2A.Internal.Wire;

namespace Resilience.A2A;

/// <summary>
/// A client for one A2A agent over JSON-RPC: agent card resolution, send, get, cancel, streaming send with
/// resubscription. Speaks protocol v1.0 and v0.3, chosen from the agent card. Every call runs through a
/// <see cref="ResiliencePipeline"/> (circuit breaker, retry, timeout) when one is given.
/// </summary>
/// <remarks>
/// <para>Thread-safe: share one instance per agent. The agent card is fetched on first use and kept; call
/// <see cref="RefreshAgentCardAsync"/> to fetch it again.</para>
/// <para>Every answer is treated as untrusted input: bodies and stream events are size-bounded, streams have an idle
/// timeout, and malformed answers fail with <see cref="A2AErrorKind.Protocol"/> instead of crashing or hanging.</para>
/// </remarks>
public sealed partial class A2AClient
{
    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline _pipeline;
    private readonly Uri _baseAddress;
    private readonly A2AProtocolVersion _preferredVersion;
    private readonly int _maxResponseBytes;
    private readonly int _maxSseEventBytes;
    private readonly TimeSpan _streamIdleTimeout;
    private readonly TimeSpan _streamTimeout;
    private readonly int _maxResubscribeAttempts;
    private readonly Dictionary<string, string> _credentials;
    private readonly Func<A2ACredentialRequest, CancellationToken, ValueTask<string?>>? _credentialProvider;
    private readonly int _maxStreamEvents;
    private ResolvedAgent? _agent;
    private long _requestId;

    /// <summary>Initializes a new instance of the <see cref="A2AClient"/> class without a resilience pipeline.</summary>
    /// <param name="httpClient">The HTTP client (from <c>IHttpClientFactory</c>); the client never disposes it.</param>
    /// <param name="options">The settings; copied, so later changes have no effect.</param>
    /// <param name="timeProvider">The clock for idle timeouts and <c>Retry-After</c> dates; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid; the message names the option and the value.</exception>
    public A2AClient(HttpClient httpClient, A2AClientOptions options, TimeProvider? timeProvider = null)
        : this(httpClient, options, ResiliencePipeline.Empty, timeProvider)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="A2AClient"/> class.</summary>
    /// <param name="httpClient">The HTTP client (from <c>IHttpClientFactory</c>); the client never disposes it.</param>
    /// <param name="options">The settings; copied, so later changes have no effect.</param>
    /// <param name="pipeline">The pipeline every call runs through; its context carries <see cref="A2ACallInfo"/> and the operation type.</param>
    /// <param name="timeProvider">The clock for idle timeouts and <c>Retry-After</c> dates; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid; the message names the option and the value.</exception>
    public A2AClient(HttpClient httpClient, A2AClientOptions options, ResiliencePipeline pipeline, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipeline);
        Validate(options);
        _httpClient = httpClient;
        _pipeline = pipeline;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _baseAddress = options.BaseAddress!;
        _preferredVersion = options.PreferredProtocolVersion;
        _maxResponseBytes = options.MaxResponseBytes;
        _maxSseEventBytes = options.MaxSseEventBytes;
        _streamIdleTimeout = options.StreamIdleTimeout;
        _streamTimeout = options.StreamTimeout;
        _maxResubscribeAttempts = options.MaxResubscribeAttempts;
        _credentials = new Dictionary<string, string>(options.Credentials, StringComparer.Ordinal);
        _credentialProvider = options.CredentialProvider;
        _maxStreamEvents = options.MaxStreamEvents;
    }

    /// <summary>Gets the agent's base address.</summary>
    public Uri BaseAddress => _baseAddress;

    /// <summary>Returns the agent card, fetching it on first use.</summary>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The card, with the endpoint and protocol version the client chose.</returns>
    /// <exception cref="A2AException">The card could not be fetched or is not usable.</exception>
    public async Task<A2AAgentCard> GetAgentCardAsync(CancellationToken cancellationToken = default) =>
        (await ResolveAsync(cancellationToken).ConfigureAwait(false)).Card;

    /// <summary>Fetches the agent card again (through the pipeline, with the <c>health_check</c> timeout) and uses it from now on.</summary>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The card.</returns>
    /// <exception cref="A2AException">The card could not be fetched or is not usable.</exception>
    public async Task<A2AAgentCard> RefreshAgentCardAsync(CancellationToken cancellationToken = default)
    {
        var agent = await RunAsync(
            new A2ACallInfo(A2AOperationKind.AgentCard, AllowRetry: false),
            A2AConstants.HealthCheckOperation,
            AgentCardMethod,
            static (client, ct) => client.FetchAgentAsync(ct),
            cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _agent, agent);
        return agent.Card;
    }

    /// <summary>
    /// Probes the agent: fetches its card through the pipeline as a <see cref="A2AOperationKind.HealthCheck"/> call
    /// (the breaker, the <c>health_check</c> timeout, no retry) and keeps the fresh card.
    /// </summary>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns><see cref="A2AAgentHealth.Healthy"/>, <see cref="A2AAgentHealth.CircuitOpen"/> when the breaker refused the
    /// probe, or <see cref="A2AAgentHealth.Unhealthy"/> for any other failure.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<A2AAgentHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var agent = await RunAsync(
                new A2ACallInfo(A2AOperationKind.HealthCheck, AllowRetry: false),
                A2AConstants.HealthCheckOperation,
                AgentCardMethod,
                static (client, ct) => client.FetchAgentAsync(ct),
                cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _agent, agent);
            return A2AAgentHealth.Healthy;
        }
        catch (A2AException ex) when (ex is { Kind: A2AErrorKind.Rejected, InnerException: CircuitOpenException })
        {
            return A2AAgentHealth.CircuitOpen;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A health probe reports every other failure as Unhealthy.
        catch (Exception)
#pragma warning restore CA1031
        {
            return A2AAgentHealth.Unhealthy;
        }
    }

    /// <summary>Sends a message (<c>SendMessage</c> / <c>message/send</c>) and waits for the task to finish or pause, unless told to return at once.</summary>
    /// <param name="message">The message; its <see cref="A2AMessage.MessageId"/> is kept on every retry.</param>
    /// <param name="options">Per-call settings, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The task or the agent's direct message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="A2AException">The call failed.</exception>
    public async Task<A2ASendResult> SendMessageAsync(A2AMessage message, A2ASendOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ValidateSendOptions(options);
        var agent = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var parameters = SendParams(message, options, agent.Version);
        var method = A2AConstants.SendMessage(agent.Version);
        var result = await RunAsync(
            new A2ACallInfo(A2AOperationKind.SendMessage, options?.AllowRetry == true),
            A2AConstants.StandardRequestOperation,
            method,
            (client, ct) => client.InvokeAsync(agent, method, parameters, options, ct),
            cancellationToken).ConfigureAwait(false);
        return WireMapper.Read(() => WireMapper.ReadSendResult(result, agent.Version), method);
    }

    /// <summary>Reads a task (<c>GetTask</c> / <c>tasks/get</c>).</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="historyLength">How many history messages to return at most, or <see langword="null"/> to let the agent decide.</param>
    /// <param name="options">Per-call settings (headers), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The task.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="historyLength"/> is negative.</exception>
    /// <exception cref="A2AException">The call failed (<see cref="A2AErrorCode.TaskNotFound"/> when there is no such task).</exception>
    public Task<A2ATask> GetTaskAsync(string taskId, int? historyLength = null, A2ACallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        if (historyLength is { } length)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length, nameof(historyLength));
        }

        CallHeaders.Validate(options);
        return TaskCallAsync(A2AOperationKind.GetTask, new WireParams { Id = taskId, HistoryLength = historyLength }, options, cancellationToken);
    }

    /// <summary>Cancels a task (<c>CancelTask</c> / <c>tasks/cancel</c>).</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="options">Per-call settings (headers), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The task in its new state.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or empty.</exception>
    /// <exception cref="A2AException">The call failed (<see cref="A2AErrorCode.TaskNotCancelable"/> for a finished task).</exception>
    public Task<A2ATask> CancelTaskAsync(string taskId, A2ACallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        CallHeaders.Validate(options);
        return TaskCallAsync(A2AOperationKind.CancelTask, new WireParams { Id = taskId }, options, cancellationToken);
    }

    private async Task<A2ATask> TaskCallAsync(A2AOperationKind operation, WireParams parameters, A2ACallOptions? options, CancellationToken cancellationToken)
    {
        var agent = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var method = operation == A2AOperationKind.GetTask ? A2AConstants.GetTask(agent.Version) : A2AConstants.CancelTask(agent.Version);
        var result = await RunAsync(
            new A2ACallInfo(operation, AllowRetry: false),
            A2AConstants.StandardRequestOperation,
            method,
            (client, ct) => client.InvokeAsync(agent, method, parameters, options, ct),
            cancellationToken).ConfigureAwait(false);
        return WireMapper.Read(() => WireMapper.ReadTask(result), method);
    }

    private static WireParams SendParams(A2AMessage message, A2ASendOptions? options, A2AProtocolVersion version)
    {
        var v03 = version == A2AProtocolVersion.V03;
        var returnImmediately = options?.ReturnImmediately == true;
        return new WireParams
        {
            Message = WireMapper.ToWire(message, version),
            Configuration = new WireSendConfiguration
            {
                // The JS SDK treats a configuration without "blocking" as non-blocking in v0.3: always say it.
                Blocking = v03 ? !returnImmediately : null,
                ReturnImmediately = v03 ? null : returnImmediately,
                HistoryLength = options?.HistoryLength,
                AcceptedOutputModes = options is { AcceptedOutputModes.Count: > 0 } ? [.. options.AcceptedOutputModes] : null,
            },
        };
    }

    private static void ValidateSendOptions(A2ASendOptions? options)
    {
        if (options?.HistoryLength is { } length)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length, "options.HistoryLength");
        }

        CallHeaders.Validate(options);
    }

    private static void Validate(A2AClientOptions options) => OptionsGuard.ThrowIfInvalid(options, nameof(options));
}
