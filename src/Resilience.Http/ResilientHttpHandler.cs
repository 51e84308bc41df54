using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Resilience.Http.Internal;
using Resilience.Internal;

namespace Resilience.Http;

/// <summary>
/// A <see cref="DelegatingHandler"/> that sends each request through a <see cref="ResiliencePipeline"/>: every attempt
/// of the pipeline is one send to the inner handler.
/// </summary>
/// <remarks>
/// <para>Per request the handler: copies the timeout operation type (<see cref="HttpResilienceRequestOptions.OperationType"/>,
/// else <see cref="ResilientHttpHandlerOptions.OperationType"/>) into <see cref="ResilienceContext.OperationType"/>;
/// decides whether the request may be retried (idempotent method or opt-in, and replayable content, buffered once if
/// needed; see <see cref="HttpResilienceProperties.IsRetryAllowed"/>); disposes the response of a superseded attempt
/// before the next attempt starts, so its connection goes back to the pool; and at the end returns the response,
/// rethrows the last exception with its original stack trace, or, when the pipeline rejected the call and
/// <see cref="ResilientHttpHandlerOptions.ReturnServiceUnavailableOnRejection"/> is set, returns a synthetic 503 with
/// <c>Retry-After</c>.</para>
/// <para><see cref="SendAsync"/> and <see cref="Send"/> share one implementation. In <see cref="Send"/> each attempt is
/// synchronous; only a delay between attempts blocks the calling thread, as a synchronous caller asked.</para>
/// <para>The same <see cref="HttpRequestMessage"/> is sent on each attempt: inner handlers must not change it in a way
/// that breaks a second send. A hedged attempt of the hedging preset (<c>AddStandardHedging</c>) sends its own copy.</para>
/// </remarks>
public sealed class ResilientHttpHandler : DelegatingHandler
{
    private readonly Func<HttpRequestMessage, ResiliencePipeline>? _pipelineSelector;
    private readonly ClientPipelines? _client;
    private readonly bool _allowNonIdempotentRetries;
    private readonly long _maxReplayableContentLength;
    private readonly bool _returnServiceUnavailableOnRejection;
    private readonly string? _operationType;

    /// <summary>Initializes a new instance of the <see cref="ResilientHttpHandler"/> class with one pipeline for every request.</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="options">The handler's options; <see langword="null"/> for the defaults. They are copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pipeline"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> holds an invalid value.</exception>
    public ResilientHttpHandler(ResiliencePipeline pipeline, ResilientHttpHandlerOptions? options = null)
        : this(SelectAlways(pipeline), options)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ResilientHttpHandler"/> class that picks a pipeline per request.</summary>
    /// <param name="pipelineSelector">Returns the pipeline of a request (for example one per authority). Called once per request.</param>
    /// <param name="options">The handler's options; <see langword="null"/> for the defaults. They are copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pipelineSelector"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> holds an invalid value.</exception>
    public ResilientHttpHandler(Func<HttpRequestMessage, ResiliencePipeline> pipelineSelector, ResilientHttpHandlerOptions? options = null)
        : this(options)
    {
        ArgumentNullException.ThrowIfNull(pipelineSelector);
        _pipelineSelector = pipelineSelector;
    }

    /// <summary>A handler on a named client's current pipelines; with a per-authority store each request holds a lease on its authority's entry while it runs.</summary>
    internal ResilientHttpHandler(ClientPipelines client, ResilientHttpHandlerOptions options)
        : this(options)
    {
        _client = client;
    }

    private ResilientHttpHandler(ResilientHttpHandlerOptions? options)
    {
        options ??= new ResilientHttpHandlerOptions();
        OptionsGuard.ThrowIfInvalid(options, nameof(options));

        _allowNonIdempotentRetries = options.AllowNonIdempotentRetries;
        _maxReplayableContentLength = options.MaxReplayableContentLength;
        _returnServiceUnavailableOnRejection = options.ReturnServiceUnavailableOnRejection;
        _operationType = options.OperationType;
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendCoreAsync(request, synchronous: false, cancellationToken);

    /// <inheritdoc/>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendCoreAsync(request, synchronous: true, cancellationToken).GetAwaiter().GetResult();

    private static Func<HttpRequestMessage, ResiliencePipeline> SelectAlways(ResiliencePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return _ => pipeline;
    }

    private static HttpResponseMessage CreateRejectionResponse(HttpRequestMessage request, TimeSpan? retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            RequestMessage = request,
            ReasonPhrase = HttpResilienceConstants.RejectedReasonPhrase,
        };

        // Delta-seconds are whole seconds: round up, so a caller that waits as told finds the circuit ready to probe.
        var seconds = retryAfter is { } delay && delay > TimeSpan.Zero ? Math.Ceiling(delay.TotalSeconds) : 0;
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    }

    // Perf: a request whose replay check and pipeline complete synchronously (an in-memory inner handler, a cached answer)
    // ends without an async frame, and a request answered by its last attempt returns that attempt's own task, so the handler
    // adds no Task of its own. What goes asynchronous continues in ContinueAfterReplayCheckAsync or ContinueAfterPipelineAsync;
    // a failure surfaces through FaultAsync or CompleteAsync (async methods), so it reaches the caller exactly as an awaited
    // call's would (a cancellation as a cancelled task holding the original exception).
    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, bool synchronous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        AuthorityEntry? lease = null;
        ResilienceContext? context = null;
        try
        {
            ResiliencePipeline pipeline;
            var source = _client?.Current;
            if (source?.Authorities is { } authorities)
            {
                try
                {
                    lease = authorities.Acquire(request);
                }
                catch (HttpAuthorityLimitExceededException ex) when (_returnServiceUnavailableOnRejection)
                {
                    return Task.FromResult(CreateRejectionResponse(request, ex.RetryAfter));
                }

                pipeline = lease.Pipeline;
            }
            else
            {
                pipeline = (source?.Selector ?? _pipelineSelector!)(request);
            }

            context = ResilienceContext.Get(cancellationToken);
            context.OperationType = HttpRequestOptionsReader.TryGetValue(request, HttpResilienceRequestOptions.OperationType, out var operationType)
                ? operationType
                : _operationType;
            context.SetProperty(HttpResilienceProperties.Request, request);
            var retryAllowed = IsRetryAllowedAsync(request, synchronous, cancellationToken);
            if (!retryAllowed.IsCompletedSuccessfully)
            {
                // The content is being buffered asynchronously: the context and the lease go with the rest of the request.
                var continued = ContinueAfterReplayCheckAsync(retryAllowed, pipeline, context, lease, request, synchronous);
                context = null;
                lease = null;
                return continued;
            }

            var pending = Execute(pipeline, retryAllowed.Result, context, request, synchronous);
            if (!pending.IsCompletedSuccessfully)
            {
                var continued = ContinueAfterPipelineAsync(pending, context, lease, request);
                context = null;
                lease = null;
                return continued;
            }

            return Complete(pending.Result, context, request);
        }
#pragma warning disable CA1031 // Whatever the synchronous part throws faults the returned task, as it would in an async method.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return FaultAsync(ExceptionDispatchInfo.Capture(ex));
        }
        finally
        {
            if (context is not null)
            {
                ResilienceContext.Return(context);
            }

            // The entry cannot be evicted while a request holds it, so every outcome reaches a breaker still in the store.
            lease?.Release();
        }
    }

    // The rest of a request whose replay check did not complete synchronously. It owns the context and the lease.
    private async Task<HttpResponseMessage> ContinueAfterReplayCheckAsync(
        ValueTask<bool> retryAllowed,
        ResiliencePipeline pipeline,
        ResilienceContext context,
        AuthorityEntry? lease,
        HttpRequestMessage request,
        bool synchronous)
    {
        ValueTask<Outcome<HttpResponseMessage>> pending;
        try
        {
            pending = Execute(pipeline, await retryAllowed.ConfigureAwait(false), context, request, synchronous);
        }
        catch
        {
            ResilienceContext.Return(context);
            lease?.Release();
            throw;
        }

        return await ContinueAfterPipelineAsync(pending, context, lease, request).ConfigureAwait(false);
    }

    // The rest of a request whose pipeline did not complete synchronously. It owns the context and the lease.
    private async Task<HttpResponseMessage> ContinueAfterPipelineAsync(
        ValueTask<Outcome<HttpResponseMessage>> pending,
        ResilienceContext context,
        AuthorityEntry? lease,
        HttpRequestMessage request)
    {
        try
        {
            var outcome = await pending.ConfigureAwait(false);
            return await Complete(outcome, context, request).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContext.Return(context);
            lease?.Release();
        }
    }

    private ValueTask<Outcome<HttpResponseMessage>> Execute(
        ResiliencePipeline pipeline,
        bool retryAllowed,
        ResilienceContext context,
        HttpRequestMessage request,
        bool synchronous)
    {
        if (retryAllowed)
        {
            context.SetProperty(HttpResilienceProperties.RetryableRequest, request);
        }

        return pipeline.ExecuteOutcomeAsync(
            static (ctx, state) => state.Handler.SendAttemptAsync(state.Request, state.Synchronous, ctx),
            context,
            (Handler: this, Request: request, Synchronous: synchronous));
    }

    // The request's answer from the pipeline's outcome, while the context still holds the attempts' state.
    private Task<HttpResponseMessage> Complete(Outcome<HttpResponseMessage> outcome, ResilienceContext context, HttpRequestMessage request)
    {
        context.TryGetProperty(HttpResilienceProperties.LastResponse, out var last);
        var lastResponse = last is { IsCompletedSuccessfully: true } ? last.Result : null;
        if (outcome.HasResult && ReferenceEquals(lastResponse, outcome.Result))
        {
            // The inner handler's task already holds this response.
            return last!;
        }

        // A failed attempt's response that is not the final result (the retries stopped on a rejection or an exception)
        // would otherwise keep its connection out of the pool.
        lastResponse?.Dispose();
        if (outcome.HasResult)
        {
            return Task.FromResult(outcome.Result!);
        }

        if (outcome.IsRejected && _returnServiceUnavailableOnRejection)
        {
            return Task.FromResult(CreateRejectionResponse(request, outcome.RetryAfter));
        }

        return CompleteAsync(outcome);
    }

#pragma warning disable CS1998 // Async without await on purpose: the builder turns the exception into the task's fault or cancellation.
    private static async Task<HttpResponseMessage> CompleteAsync(Outcome<HttpResponseMessage> outcome) => outcome.GetResultOrThrow();

    private static async Task<HttpResponseMessage> FaultAsync(ExceptionDispatchInfo failure)
    {
        failure.Throw();
        return null!;
    }
#pragma warning restore CS1998

    private ValueTask<bool> IsRetryAllowedAsync(HttpRequestMessage request, bool synchronous, CancellationToken cancellationToken)
    {
        if (!HttpRetryRules.IsRetryAllowedByMethod(request, _allowNonIdempotentRetries))
        {
            return new(false);
        }

        return request.Content is { } content
            ? RequestContentReplay.TryMakeReplayableAsync(content, _maxReplayableContentLength, synchronous, cancellationToken)
            : new(true);
    }

    // Perf: the pooling builder reuses the state machine box, so an attempt that completes asynchronously allocates nothing.
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<HttpResponseMessage>> SendAttemptAsync(HttpRequestMessage request, bool synchronous, ResilienceContext context)
    {
        if (context.TryGetProperty(HttpResilienceProperties.LastResponse, out var previous) && previous is not null)
        {
            // The previous attempt failed (or the retry would not run): free its connection before sending again.
            previous.Result.Dispose();
            context.SetProperty(HttpResilienceProperties.LastResponse, null!);
        }

        // A hedged attempt sends its own copy (the hedging preset sets it), so concurrent attempts never share a message.
        if (context.TryGetProperty(HttpResilienceProperties.AttemptRequest, out var own))
        {
            request = own;
        }

        try
        {
            // The attempt's task is kept (a new one only for a synchronous send), so a request that ends with this response
            // returns it as it is.
            Task<HttpResponseMessage> sending;
            HttpResponseMessage response;
            if (synchronous)
            {
                response = base.Send(request, context.CancellationToken);
                sending = Task.FromResult(response);
            }
            else
            {
                sending = base.SendAsync(request, context.CancellationToken);
                response = await sending.ConfigureAwait(false);
            }

            context.SetProperty(HttpResilienceProperties.LastResponse, sending);
            return Outcome.FromResult(response);
        }
#pragma warning disable CA1031 // Every failure of an attempt becomes an outcome; the pipeline decides what it means.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
    }
}
