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
        return StreamAsync(message, options, taskId: null, cancellationToken);
    }

    /// <summary>Streams the events of a running task (<c>SubscribeToTask</c> / <c>tasks/resubscribe</c>), starting with the task itself.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>The events.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or empty.</exception>
    /// <exception cref="A2AException">The call or the stream failed.</exception>
    public IAsyncEnumerable<A2AStreamEvent> SubscribeToTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return StreamAsync(message: null, options: null, taskId, cancellationToken);
    }

    private async IAsyncEnumerable<A2AStreamEvent> StreamAsync(
        A2AMessage? message, A2ASendOptions? options, string? taskId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var agent = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var method = message is null ? A2AConstants.SubscribeToTask(agent.Version) : A2AConstants.SendStreamingMessage(agent.Version);

        // StreamTimeout bounds the whole stream, resubscriptions included, on the injected clock.
        using var deadline = new CancellationTokenSource(_streamTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var streamToken = linked.Token;
        var session = await WithinStreamTimeoutAsync(
            () => message is null
                ? SubscribeAsync(agent, taskId!, streamToken)
                : RunAsync(
                    new A2ACallInfo(A2AOperationKind.SendStreamingMessage, options?.AllowRetry == true),
                    A2AConstants.LongOperation,
                    (client, ct) => client.OpenStreamAsync(agent, method, SendParams(message, options, agent.Version), ct, streamToken),
                    streamToken),
            deadline,
            method,
            cancellationToken).ConfigureAwait(false);
        var resubscribes = 0;
        try
        {
            while (true)
            {
                var current = session;
                var (next, error) = await WithinStreamTimeoutAsync(() => current!.ReadAsync(), deadline, method, cancellationToken).ConfigureAwait(false);
                if (error is not null)
                {
                    if (taskId is null || resubscribes >= _maxResubscribeAttempts || error.Kind is not (A2AErrorKind.Transport or A2AErrorKind.Timeout))
                    {
                        throw error;
                    }

                    resubscribes++;
                    session!.Dispose();
                    session = null;
                    var resumeTaskId = taskId;
                    var (resumed, final) = await WithinStreamTimeoutAsync(
                        () => ResumeAsync(agent, resumeTaskId, error, streamToken), deadline, method, cancellationToken).ConfigureAwait(false);
                    if (final is not null)
                    {
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
            session?.Dispose();
        }
    }

    private async ValueTask<T> WithinStreamTimeoutAsync<T>(
        Func<ValueTask<T>> action, CancellationTokenSource deadline, string method, CancellationToken callerToken)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !callerToken.IsCancellationRequested)
        {
            throw A2AErrors.Timeout(
                string.Create(CultureInfo.InvariantCulture, $"the stream lasted longer than StreamTimeout ({_streamTimeout})"), method, ex);
        }
    }

    /// <summary>Subscribes again after a broken stream; if the task finished meanwhile, returns it as the final event instead.</summary>
    private async ValueTask<(StreamSession? Session, A2AStreamEvent? Final)> ResumeAsync(
        ResolvedAgent agent, string taskId, A2AException broken, CancellationToken cancellationToken)
    {
        try
        {
            return (await SubscribeAsync(agent, taskId, cancellationToken).ConfigureAwait(false), null);
        }
        catch (A2AException ex) when (ex.ErrorCode is A2AErrorCode.UnsupportedOperation)
        {
            // Agents refuse to subscribe to a task in a terminal state: read it instead.
            var task = await GetTaskAsync(taskId, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (task.Status.IsTerminal || task.Status.IsInterrupted)
            {
                return (null, new A2AStreamEvent { Kind = A2AStreamEventKind.Task, Task = task, TaskId = task.Id, Status = task.Status });
            }

            throw new A2AException(broken.Message, broken.Kind, ex) { Method = broken.Method, StatusCode = broken.StatusCode };
        }
    }

    private ValueTask<StreamSession> SubscribeAsync(ResolvedAgent agent, string taskId, CancellationToken cancellationToken) =>
        RunAsync(
            new A2ACallInfo(A2AOperationKind.SubscribeToTask, AllowRetry: false),
            A2AConstants.LongOperation,
            (client, ct) => client.OpenStreamAsync(agent, A2AConstants.SubscribeToTask(agent.Version), new WireParams { Id = taskId }, ct, cancellationToken),
            cancellationToken);

    /// <summary>Sends the streaming request and waits for the answer's headers (within the idle timeout).</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="method">The method.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="attemptToken">The pipeline's token for this attempt: bounds opening the stream.</param>
    /// <param name="streamToken">The caller's token: bounds reading the stream, after the pipeline call has returned.</param>
    private async ValueTask<StreamSession> OpenStreamAsync(
        ResolvedAgent agent, string method, WireParams parameters, CancellationToken attemptToken, CancellationToken streamToken)
    {
        var id = NextRequestId();
        var idle = new IdleWatch(_streamIdleTimeout, _timeProvider, streamToken);
        HttpResponseMessage? response = null;
        try
        {
            using (var request = CreateRequest(agent, method, id, parameters, streaming: true))
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

            StreamSession session;
            if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == A2AConstants.EventStreamMediaType)
            {
                var stream = await response.Content.ReadAsStreamAsync(streamToken).ConfigureAwait(false);
                session = new StreamSession(idle, response, new SseReader(stream, _maxSseEventBytes, idle, method), null, id, method, agent.Version);
            }
            else
            {
                // An error (or a single answer) as a plain JSON body.
                var result = await ReadResultAsync(response, id, method, attemptToken).ConfigureAwait(false);
                response.Dispose();
                session = new StreamSession(idle, null, null, WireMapper.Read(() => WireMapper.ReadEvent(result, agent.Version), method), id, method, agent.Version);
            }

            return session;
        }
        catch
        {
            response?.Dispose();
            idle.Dispose();
            throw;
        }
    }
}
