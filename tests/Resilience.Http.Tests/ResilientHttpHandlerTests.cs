using System.Net;
using System.Text;
using Resilience.Http.Tests.TestSupport;
using Resilience.TestUtilities.Http;

namespace Resilience.Http.Tests;

public sealed class ResilientHttpHandlerTests : IAsyncLifetime
{
    private FaultServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FaultServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_GetFailsThenSucceeds_RetriesAndDisposesTheFailedResponse()
    {
        _server.Enqueue(Fault.Status(500), 2);
        using var client = CreateClient(Retry(3), out var tracking);

        using var response = await client.GetAsync("items", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.RequestCount.Should().Be(3);
        tracking.Created.Should().Be(3);
        tracking.Live.Should().Be(1, "only the returned response is still open");
    }

    [Fact]
    public void Send_GetFailsThenSucceeds_RetriesSynchronouslyToo()
    {
        _server.Enqueue(Fault.Status(503), 1);
        using var client = CreateClient(Retry(3), out var tracking);

        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, "items"), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.RequestCount.Should().Be(2);
        tracking.Live.Should().Be(1);
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_PostFails_IsNotRetried()
    {
        _server.Enqueue(Fault.Status(500), 1);
        using var client = CreateClient(Retry(3), out _);

        using var response = await client.PostAsync("orders", new StringContent("o"), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        _server.CountOf(HttpMethod.Post).Should().Be(1);
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_PostOptedInPerRequest_IsRetriedWithTheSameBody()
    {
        _server.Enqueue(Fault.Status(500), 1);
        using var client = CreateClient(Retry(3), out _);
        using var request = new HttpRequestMessage(HttpMethod.Post, "orders") { Content = new StringContent("order-1") };
        request.Options.Set(HttpResilienceRequestOptions.AllowRetry, true);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.Bodies.Should().Equal("order-1", "order-1");
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_PostWithClientOptIn_IsRetried()
    {
        _server.Enqueue(Fault.Status(502), 1);
        using var client = CreateClient(Retry(3), out _, new ResilientHttpHandlerOptions { AllowNonIdempotentRetries = true });

        using var response = await client.PostAsync("orders", new StringContent("o"), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.CountOf(HttpMethod.Post).Should().Be(2);
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_GetOptedOutPerRequest_IsNotRetried()
    {
        _server.Enqueue(Fault.Status(500), 1);
        using var client = CreateClient(Retry(3), out _);
        using var request = new HttpRequestMessage(HttpMethod.Get, "items");
        request.Options.Set(HttpResilienceRequestOptions.AllowRetry, false);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        _server.RequestCount.Should().Be(1);
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_PutWithStreamOfKnownLength_IsBufferedAndReplayed()
    {
        _server.Enqueue(Fault.Status(503), 1);
        using var client = CreateClient(Retry(3), out _);
        var body = Encoding.UTF8.GetBytes("payload");
        using var content = new StreamContent(new NonSeekableStream(body));
        content.Headers.ContentLength = body.Length;

        using var response = await client.PutAsync("items/1", content, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.Bodies.Should().Equal("payload", "payload");
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_PutWithStreamOfUnknownLength_IsSentOnceAndNotRetried()
    {
        _server.Enqueue(Fault.Status(503), 1);
        using var client = CreateClient(Retry(3), out _);
        using var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes("payload")));

        using var response = await client.PutAsync("items/1", content, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        _server.RequestCount.Should().Be(1);
        _server.Bodies.Should().Equal("payload");
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_NotFound_IsNotAFailureAndNotRetried()
    {
        _server.Enqueue(Fault.Status(404), 1);
        var recorder = new RecordingStrategy();
        using var client = CreateClient(Retry(3, recorder), out _);

        using var response = await client.GetAsync("missing", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        recorder.Failures.Should().Equal(false);
        _server.RequestCount.Should().Be(1);
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_ConnectionAbort_IsAFailure()
    {
        _server.Enqueue(Fault.Abort, 1);
        var recorder = new RecordingStrategy();
        using var client = CreateClient(Retry(2, recorder), out _);

        using var response = await client.GetAsync("items", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        recorder.Failures.Should().Equal(true, false);
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_CallerCancels_IsNotAFailureAndThrows()
    {
        _server.Enqueue(Fault.Hold, 1);
        var recorder = new RecordingStrategy();
        using var client = CreateClient(Retry(3, recorder), out _);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var call = client.GetAsync("slow", cts.Token);
        await _server.WaitForRequestsAsync(1);
        await cts.CancelAsync();

        await call.Invoking(async c => await c).Should().ThrowAsync<OperationCanceledException>();
        recorder.Failures.Should().Equal(false);
        _server.RequestCount.Should().Be(1, "a cancelled call is not retried");
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_OperationType_ComesFromTheRequestElseFromTheOptions()
    {
        var recorder = new RecordingStrategy();
        using var client = CreateClient(new ResiliencePipelineBuilder().AddStrategy(recorder).Build(), out _, new ResilientHttpHandlerOptions { OperationType = "long_operation" });
        using var probe = new HttpRequestMessage(HttpMethod.Get, "health");
        probe.Options.Set(HttpResilienceRequestOptions.OperationType, "health_check");

        (await client.SendAsync(probe, TestContext.Current.CancellationToken)).Dispose();
        (await client.GetAsync("items", TestContext.Current.CancellationToken)).Dispose();

        recorder.OperationTypes.Should().Equal("health_check", "long_operation");
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_Rejected_ThrowsTheRejectionWithoutReachingTheServer()
    {
        using var client = CreateClient(new ResiliencePipelineBuilder().AddStrategy(new RejectingStrategy(TimeSpan.FromSeconds(5))).Build(), out _);

        var act = () => client.GetAsync("items", TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<ExecutionRejectedException>()).Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(5));
        _server.RequestCount.Should().Be(0);
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_RejectedWithSyntheticResponseOptIn_Returns503WithRetryAfterRoundedUp()
    {
        var options = new ResilientHttpHandlerOptions { ReturnServiceUnavailableOnRejection = true };
        using var client = CreateClient(new ResiliencePipelineBuilder().AddStrategy(new RejectingStrategy(TimeSpan.FromMilliseconds(2100))).Build(), out _, options);

        using var response = await client.GetAsync("items", TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(3));
        _server.RequestCount.Should().Be(0);
    }

    [Fact(Timeout = 120_000)]
    public async Task SendAsync_RejectedAfterAFailedAttempt_DisposesThatAttemptsResponse()
    {
        _server.SetDefault(Fault.Status(503));
        using var client = CreateClient(new ResiliencePipelineBuilder().AddStrategy(new RejectingStrategy(TimeSpan.FromSeconds(1), attemptsBefore: 1)).Build(), out var tracking);

        var act = () => client.GetAsync("items", TestContext.Current.CancellationToken);

        await act.Should().ThrowAsync<ExecutionRejectedException>();
        tracking.Created.Should().Be(1);
        tracking.Live.Should().Be(0);
    }

    [Fact]
    public void Ctor_InvalidOptions_ThrowsNamingTheOptionAndValue()
    {
        var act = () => new ResilientHttpHandler(ResiliencePipeline.Empty, new ResilientHttpHandlerOptions { MaxReplayableContentLength = -1 });

        act.Should().Throw<ArgumentException>()
            .WithMessage("Invalid ResilientHttpHandlerOptions: MaxReplayableContentLength must be at least 0; it was -1.*")
            .Which.ParamName.Should().Be("options");
    }

    [Fact]
    public void Ctor_Defaults()
    {
        var options = new ResilientHttpHandlerOptions();

        options.AllowNonIdempotentRetries.Should().BeFalse();
        options.MaxReplayableContentLength.Should().Be(1024 * 1024);
        options.ReturnServiceUnavailableOnRejection.Should().BeFalse();
        options.OperationType.Should().BeNull();
    }

    private static ResiliencePipeline Retry(int attempts, RecordingStrategy? recorder = null)
    {
        var builder = new ResiliencePipelineBuilder().AddStrategy(new TestRetryStrategy(attempts, HttpResiliencePredicates.ShouldRetry));
        return recorder is null ? builder.Build() : builder.AddStrategy(recorder).Build();
    }

    private HttpClient CreateClient(ResiliencePipeline pipeline, out TrackingHandler tracking, ResilientHttpHandlerOptions? options = null)
    {
        tracking = new TrackingHandler(new SocketsHttpHandler());
        return new HttpClient(new ResilientHttpHandler(pipeline, options) { InnerHandler = tracking }) { BaseAddress = _server.BaseAddress };
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
