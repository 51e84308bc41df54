using System.Net;
using Resilience.Http.Tests.TestSupport;
using Resilience.TestUtilities;

namespace Resilience.Http.Tests;

/// <summary>
/// The handler when everything under it completes synchronously (an in-memory inner handler): it ends without an async frame
/// and answers with the inner handler's own task, and a failure still surfaces as it does from an awaited call.
/// </summary>
public sealed class ResilientHttpHandlerSynchronousCompletionTests
{
    [Fact]
    public async Task SendAsync_InnerAnswersSynchronously_ReturnsTheInnerHandlersOwnTask()
    {
        var inner = new ScriptedHandler(HttpStatusCode.OK);
        using var invoker = new HttpMessageInvoker(new ResilientHttpHandler(Retry(3)) { InnerHandler = inner });
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/items");

        var answer = invoker.SendAsync(request, TestContext.Current.CancellationToken);

        answer.Should().BeSameAs(inner.Answers.Single(), "the handler adds no task of its own");
        using var response = await answer;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SendAsync_RetriedSynchronously_ReturnsTheLastAttemptsTaskAndDisposesTheFirstResponse()
    {
        var inner = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        using var invoker = new HttpMessageInvoker(new ResilientHttpHandler(Retry(3)) { InnerHandler = inner });
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/items");

        var answer = invoker.SendAsync(request, TestContext.Current.CancellationToken);

        inner.Answers.Should().HaveCount(2);
        answer.Should().BeSameAs(inner.Answers[1]);
        using var response = await answer;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        inner.Responses[0].IsDisposed.Should().BeTrue("the superseded 503 frees its connection");
        inner.Responses[1].IsDisposed.Should().BeFalse();
    }

    [Fact]
    public async Task SendAsync_InnerAnswersSynchronously_TheHandlerAllocatesNothingOfItsOwn()
    {
        var inner = new ScriptedHandler(HttpStatusCode.OK) { Record = false };
        using var direct = new HttpMessageInvoker(inner, disposeHandler: false);
        using var resilient = new HttpMessageInvoker(new ResilientHttpHandler(Retry(3)) { InnerHandler = inner });
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/items");

        var alone = await AllocationMeter.MeasureAsync(async () => (await direct.SendAsync(request, CancellationToken.None)).Dispose());
        var through = await AllocationMeter.MeasureAsync(async () => (await resilient.SendAsync(request, CancellationToken.None)).Dispose());

        through.Should().Be(alone, "the context is pooled, its properties are kept with it and the inner task is returned as it is");
    }

    [Fact]
    public async Task SendAsync_InnerThrowsCancellation_TheTaskIsCancelledAndRethrowsTheOriginalException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var thrown = new OperationCanceledException(cancelled.Token);
        var inner = new ScriptedHandler(thrown);
        using var invoker = new HttpMessageInvoker(new ResilientHttpHandler(Retry(1)) { InnerHandler = inner });
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/items");

        var answer = invoker.SendAsync(request, TestContext.Current.CancellationToken);

        answer.IsCanceled.Should().BeTrue("as from an awaited call that threw a cancellation");
        (await answer.Invoking(a => a).Should().ThrowAsync<OperationCanceledException>()).Which.Should().BeSameAs(thrown);
    }

    [Fact]
    public async Task SendAsync_InnerThrows_TheTaskFaultsWithTheOriginalException()
    {
        var thrown = new HttpRequestException("refused");
        var inner = new ScriptedHandler(thrown);
        using var invoker = new HttpMessageInvoker(new ResilientHttpHandler(Retry(2)) { InnerHandler = inner });
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/items");

        var answer = invoker.SendAsync(request, TestContext.Current.CancellationToken);

        answer.IsFaulted.Should().BeTrue();
        (await answer.Invoking(a => a).Should().ThrowAsync<HttpRequestException>()).Which.Should().BeSameAs(thrown);
        inner.Answers.Should().HaveCount(2, "an exception is retried like a failed response");
    }

    [Fact]
    public async Task SendAsync_SelectorThrows_ReturnsAFaultedTaskInsteadOfThrowing()
    {
        var inner = new ScriptedHandler(HttpStatusCode.OK);
        using var invoker = new HttpMessageInvoker(new ResilientHttpHandler(_ => throw new InvalidOperationException("no pipeline")) { InnerHandler = inner });
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/items");

        var answer = invoker.SendAsync(request, TestContext.Current.CancellationToken);

        answer.IsFaulted.Should().BeTrue();
        await answer.Invoking(a => a).Should().ThrowAsync<InvalidOperationException>().WithMessage("no pipeline");
        inner.Answers.Should().BeEmpty();
    }

    [Fact]
    public async Task SendAsync_RejectedAfterASynchronousAttempt_DisposesItsResponseAndThrowsTheRejection()
    {
        var inner = new ScriptedHandler(HttpStatusCode.ServiceUnavailable);
        var pipeline = new ResiliencePipelineBuilder().AddStrategy(new RejectingStrategy(TimeSpan.FromSeconds(1), attemptsBefore: 1)).Build();
        using var invoker = new HttpMessageInvoker(new ResilientHttpHandler(pipeline) { InnerHandler = inner });
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/items");

        var answer = invoker.SendAsync(request, TestContext.Current.CancellationToken);

        await answer.Invoking(a => a).Should().ThrowAsync<ExecutionRejectedException>();
        inner.Responses.Should().ContainSingle().Which.IsDisposed.Should().BeTrue();
    }

    private static ResiliencePipeline Retry(int attempts) =>
        new ResiliencePipelineBuilder().AddStrategy(new TestRetryStrategy(attempts, HttpResiliencePredicates.ShouldRetry)).Build();

    /// <summary>Answers from a script, synchronously, with a completed task per request; the last step repeats.</summary>
    private sealed class ScriptedHandler : HttpMessageHandler
    {
        private readonly object[] _script;
        private int _sent;

        public ScriptedHandler(params object[] script) => _script = script;

        public bool Record { get; init; } = true;

        public List<Task<HttpResponseMessage>> Answers { get; } = [];

        public List<DisposalTrackingResponse> Responses { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var step = _script[Math.Min(_sent++, _script.Length - 1)];
            Task<HttpResponseMessage> answer;
            if (step is Exception exception)
            {
                // A synchronous throw, as a handler that fails before its first await does.
                if (Record)
                {
                    Answers.Add(Task.FromException<HttpResponseMessage>(exception));
                }

                throw exception;
            }

            var response = new DisposalTrackingResponse((HttpStatusCode)step) { RequestMessage = request };
            answer = Task.FromResult<HttpResponseMessage>(response);
            if (Record)
            {
                Responses.Add(response);
                Answers.Add(answer);
            }

            return answer;
        }
    }

    private sealed class DisposalTrackingResponse(HttpStatusCode status) : HttpResponseMessage(status)
    {
        public bool IsDisposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            IsDisposed = true;
            base.Dispose(disposing);
        }
    }
}
