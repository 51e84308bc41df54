using System.Globalization;
using System.Runtime.CompilerServices;
using Resilience.A2A.Internal;
using Resilience.A2A.Internal.Wire;

namespace Resilience.A2A;

/// <content>Streaming send and task subscription, with resubscription after a broken stream.</content>
public sealed partial class A2AClient
{
    /// <summary>
    /// Sends a message and streams the task's events (<c>SendStreamingMessage</c> / <c>message/stream</c>) until a
    /// message, a terminal or an interrupted state. A stream that breaks (connection lost, idle timeout) after the task
    /// id is known is resumed with a task subscription, up to <see cref="A2AClientOptions.MaxResubscribeAttempts"/> times;
    /// the subscription starts with the whole task again.
    /// </summary>
    /// <param name="message">The message; its <see cref="A2AMessage.MessageId"/> is kept on every retry.</param>
    /// <param name="options">Per-call settings, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The events.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="A2AException">The call or the stream failed.</exception>
    public IAsyncEnumerable<A2AStreamEvent> SendStreamingMessageAsync(A2AMessage message, A2ASendOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ValidateSendOptions(options);
        return StreamAsync(message, options, taskId: null, cancellationToken);
    }

    /// <summary>Streams the events of a running task (<c>SubscribeToTask</c> / <c>tasks/resubscribe</c>), starting with the task itself.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="options">Per-call settings (headers), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The events.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or empty.</exception>
    /// <exception cref="A2AException">The call or the stream failed.</exception>
    public IAsyncEnumerable<A2AStreamEvent> SubscribeToTaskAsync(string taskId, A2ACallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        CallHeaders.Validate(options);
        return StreamAsync(message: null, options, taskId, cancellationToken);
    }

    private async IAsyncEnumerable<A2AStreamEvent> StreamAsync(
        A2AMessage? message, A2ACallOptions? options, string? taskId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var agent = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var method = message is null ? A2AConstants.SubscribeToTask(agent.Version) : A2AConstants.SendStreamingMessage(agent.Version);
        var sendParams = message is null ? null : SendParams(message, options as A2ASendOptions, agent.Version);

        // StreamTimeout bounds the whole stream, resubscriptions included, on the injected clock.
        using var deadline = new CancellationTokenSource(_streamTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var streamToken = linked.Token;
        var session = await WithinStreamTimeoutAsync(
            () => message is null
                ? SubscribeAsync(agent, taskId!, options, streamToken)
                : RunAsync(
                    new A2ACallInfo(A2AOperationKind.SendStreamingMessage, (options as A2ASendOptions)?.AllowRetry == true),
                    A2AConstants.LongOperation,
                    method,
                    (client, ct) => client.OpenStreamAsync(agent, method, sendParams!, options, ct, streamToken),
                    streamToken),
            deadline,
            method,
            cancellationToken).ConfigureAwait(false);
        var resubscribes = 0;
        var events = 0;
        try
        {
            while (true)
            {
                A2AStreamEvent? next;
                A2AException? error;
                try
                {
                    (next, error) = await session!.ReadAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw StreamTimeout(method, ex);
                }

                if (error is not null)
                {
                    if (taskId is null || resubscribes >= _maxResubscribeAttempts || error.Kind is not (A2AErrorKind.Transport or A2AErrorKind.Timeout))
                    {
                        throw error;
                    }

                    resubscribes++;
                    await session.DisposeAsync().ConfigureAwait(false);
                    session = null;
                    var resumeTaskId = taskId;
                    var (resumed, final) = await WithinStreamTimeoutAsync(
                        () => ResumeAsync(agent, resumeTaskId, options, error, streamToken), deadline, method, cancellationToken).ConfigureAwait(false);
                    if (final is not null)
                    {
                        CountEvent(ref events, method);
                        yield return final;
                        yield break;
                    }

                    session = resumed;
                    continue;
                }

                if (next is null)
                {
                    yield break;
                }

                CountEvent(ref events, method);
                taskId ??= next.TaskId;
                yield return next;
                if (next.IsFinal)
                {
                    yield break;
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Counts an event of the stream against <see cref="A2AClientOptions.MaxStreamEvents"/>.</summary>
    private void CountEvent(ref int events, string method)
    {
        if (++events > _maxStreamEvents)
        {
            throw A2AErrors.Protocol(
                string.Create(CultureInfo.InvariantCulture, $"the stream sent more than MaxStreamEvents ({_maxStreamEvents}) events without a final one"), method);
        }
    }

    private A2AException StreamTimeout(string method, Exception inner) =>
        A2AErrors.Timeout(string.Create(CultureInfo.InvariantCulture, $"the stream lasted longer than StreamTimeout ({_streamTimeout})"), method, inner);

    private async ValueTask<T> WithinStreamTimeoutAsync<T>(
        Func<ValueTask<T>> action, CancellationTokenSource deadline, string method, CancellationToken callerToken)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !callerToken.IsCancellationRequested)
        {
            throw StreamTimeout(method, ex);
        }
    }

    /// <summary>Subscribes again after a broken stream; if the task finished meanwhile, returns it as the final event instead.</summary>
    private async ValueTask<(StreamSession? Session, A2AStreamEvent? Final)> ResumeAsync(
        ResolvedAgent agent, string taskId, A2ACallOptions? options, A2AException broken, CancellationToken cancellationToken)
    {
        try
        {
            return (await SubscribeAsync(agent, taskId, options, cancellationToken).ConfigureAwait(false), null);
        }
        catch (A2AException ex) when (ex.ErrorCode is A2AErrorCode.UnsupportedOperation)
        {
            // Agents refuse to subscribe to a task in a terminal state (v1.0 as a plain JSON error, v0.3 with the JS SDK as
            // the first event of the stream; both fail the subscription call): read it instead.
            var task = await GetTaskAsync(taskId, options: options, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (task.Status.IsTerminal || task.Status.IsInterrupted)
            {
                return (null, new A2AStreamEvent { Kind = A2AStreamEventKind.Task, Task = task, TaskId = task.Id, Status = task.Status });
            }

            throw new A2AException(broken.Message, broken.Kind, ex) { Method = broken.Method, StatusCode = broken.StatusCode };
        }
    }

    private ValueTask<StreamSession> SubscribeAsync(ResolvedAgent agent, string taskId, A2ACallOptions? options, CancellationToken cancellationToken) =>
        RunAsync(
            new A2ACallInfo(A2AOperationKind.SubscribeToTask, AllowRetry: false),
            A2AConstants.LongOperation,
            A2AConstants.SubscribeToTask(agent.Version),
            (client, ct) => client.OpenStreamAsync(agent, A2AConstants.SubscribeToTask(agent.Version), new WireParams { Id = taskId }, options, ct, cancellationToken),
            cancellationToken);

    /// <summary>
    /// Sends the streaming request and waits for the answer's headers and its first event (within the attempt and the idle
    /// timeout): a stream whose first event is a JSON-RPC error failed to open, like the same error as a plain JSON answer.
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <param name="method">The method.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="callOptions">The per-call headers, or <see langword="null"/>.</param>
    /// <param name="attemptToken">The pipeline's token for this attempt: bounds opening the stream.</param>
    /// <param name="streamToken">The caller's token: bounds reading the stream, after the pipeline call has returned.</param>
    private async ValueTask<StreamSession> OpenStreamAsync(
        ResolvedAgent agent, string method, WireParams parameters, A2ACallOptions? callOptions, CancellationToken attemptToken, CancellationToken streamToken)
    {
        var id = NextRequestId();
        var idle = new IdleWatch(_streamIdleTimeout, _timeProvider, streamToken);
        HttpResponseMessage? response = null;
        StreamSession? session = null;
        try
        {
            using (var request = await CreateRequestAsync(agent, method, id, parameters, callOptions, streaming: true, attemptToken).ConfigureAwait(false))
            using (var opening = CancellationTokenSource.CreateLinkedTokenSource(attemptToken, idle.Token))
            {
                idle.Arm();
                try
                {
                    response = await SendAsync(request, method, opening.Token).ConfigureAwait(false);
                }
                catch (A2AException ex) when (ex.Kind == A2AErrorKind.Timeout && idle.Fired)
                {
                    throw idle.CreateTimeout(method, ex);
                }
                catch (OperationCanceledException ex) when (idle.Fired)
                {
                    throw idle.CreateTimeout(method, ex);
                }
                finally
                {
                    idle.Disarm();
                }
            }

            if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == A2AConstants.EventStreamMediaType)
            {
                var stream = await response.Content.ReadAsStreamAsync(streamToken).ConfigureAwait(false);
                session = new StreamSession(idle, response, new BoundedSseStream(stream, _maxSseEventBytes, idle, method), id, method, agent.Version);
                await session.OpenAsync(attemptToken).ConfigureAwait(false);
                return session;
            }

            // An error (or a single answer) as a plain JSON body.
            var result = await ReadResultAsync(response, id, method, attemptToken).ConfigureAwait(false);
            response.Dispose();
            return new StreamSession(idle, WireMapper.ReadEvent(result, agent.Version, method), id, method, agent.Version);
        }
        catch
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                response?.Dispose();
                idle.Dispose();
            }

            throw;
        }
    }
}
