using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Resilience.A2A.Tests.Peer;
using Resilience.CircuitBreaking;
using Resilience.Registry;
using Resilience.TestUtilities.Time;
using Resilience.Timeout;

namespace Resilience.A2A.Tests.DependencyInjection;

/// <summary>
/// The resilient agent client from <c>AddA2AAgent</c> against the official SDK peer, in both protocol versions: the
/// classification drives retries and the breaker, sends are never duplicated, the breaker keeps traffic off a failing agent.
/// </summary>
public sealed class A2AServiceCollectionExtensionsTests(A2APeerFixture peer) : IDisposable
{
    private const string Agent = "planner";
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);
    private readonly string _scope = A2APeerFixture.NewScope();
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task GetTaskAsync_TaskNotFound_NeitherRetriedNorCounted(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var (sp, client, _) = Build(p.Tasks);
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 5; i++)
        {
            var thrown = (await FluentActions.Awaiting(() => client.GetTaskAsync("missing", cancellationToken: ct)).Should().ThrowAsync<A2AException>()).Which;
            thrown.ErrorCode.Should().Be(A2AErrorCode.TaskNotFound);
        }

        (await peer.CountAsync(_scope, p.Get)).Should().Be(5, "a permanent error is not retried");
        var breaker = Breaker(sp);
        breaker.State.Should().Be(CircuitState.Closed, "five permanent failures are more than the threshold of 3 but do not count");
        breaker.GetSnapshot().ConsecutiveFailures.Should().Be(0);
    }

    [Theory]
    [InlineData("v1", "rpcError")]
    [InlineData("v1", "http")]
    [InlineData("v03", "rpcError")]
    [InlineData("v03", "http")]
    public async Task GetTaskAsync_TransientFailures_RetriedAndCounted(string protocol, string fault)
    {
        var p = PeerProtocol.Of(protocol);
        var (sp, client, _) = Build(p.Tasks, breaker: o => o.FailureThreshold = 10);
        var ct = TestContext.Current.CancellationToken;
        var task = (await client.SendMessageAsync(A2AMessage.FromText("complete"), cancellationToken: ct)).Task!;
        await peer.InjectAsync(_scope, new { kind = fault, method = p.Get, code = -32603, status = 503, times = 2 });

        var read = await client.GetTaskAsync(task.Id, cancellationToken: ct);

        read.Status.State.Should().Be(A2ATaskState.Completed);
        (await peer.CountAsync(_scope, p.Get)).Should().Be(3, "two transient failures, then success");
        Breaker(sp).GetSnapshot().WindowFailures.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task BreakerOpens_NoRequestReachesAgentWhileOpen_HealthCircuitOpenThenHealthy(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var (sp, client, time) = Build(p.Tasks, o => o.Retry.MaxAttempts = 1);
        var checker = sp.GetRequiredService<A2AAgentHealthChecker>();
        var ct = TestContext.Current.CancellationToken;
        (await checker.CheckAsync(Agent, ct)).Should().Be(A2AAgentHealth.Healthy);
        await peer.InjectAsync(_scope, new { kind = "http", method = p.Get, status = 503, times = 3 });

        // Arrange: three transient failures open the circuit (threshold 3).
        for (var i = 0; i < 3; i++)
        {
            await FluentActions.Awaiting(() => client.GetTaskAsync("t", cancellationToken: ct)).Should().ThrowAsync<A2AException>();
        }

        var reachedBeforeOpen = await peer.TotalAsync(_scope);

        // Act: calls, sends, streams and health probes while open.
        for (var i = 0; i < 5; i++)
        {
            ShouldBeCircuitOpen(await FluentActions.Awaiting(() => client.GetTaskAsync("t", cancellationToken: ct)).Should().ThrowAsync<A2AException>(), p.Get);
        }

        ShouldBeCircuitOpen(await FluentActions.Awaiting(() => client.SendMessageAsync(A2AMessage.FromText("complete"), cancellationToken: ct)).Should().ThrowAsync<A2AException>(), p.Send);
        ShouldBeCircuitOpen(
            await FluentActions.Awaiting(async () =>
            {
                await foreach (var unused in client.SendStreamingMessageAsync(A2AMessage.FromText("stream"), cancellationToken: ct))
                {
                }
            }).Should().ThrowAsync<A2AException>(),
            p.Stream);
        var health = await checker.CheckAsync(Agent, ct);

        // Assert: nothing reached the agent.
        Breaker(sp).State.Should().Be(CircuitState.Open);
        health.Should().Be(A2AAgentHealth.CircuitOpen);
        (await peer.TotalAsync(_scope)).Should().Be(reachedBeforeOpen);
        (await peer.CountAsync(_scope, p.Get)).Should().Be(3);

        // After the break the probe goes through and closes the circuit.
        time.Advance(BreakDuration);
        (await checker.CheckAsync(Agent, ct)).Should().Be(A2AAgentHealth.Healthy);
        Breaker(sp).State.Should().Be(CircuitState.Closed);
        checker.LastResults[Agent].Should().Be(A2AAgentHealth.Healthy);
        (await client.SendMessageAsync(A2AMessage.FromText("complete"), cancellationToken: ct)).Task!.Status.State.Should().Be(A2ATaskState.Completed);
    }

    private static void ShouldBeCircuitOpen(FluentAssertions.Specialized.ExceptionAssertions<A2AException> thrown, string method)
    {
        // One catch clause: the breaker's rejection is an A2AException whose cause is the CircuitOpenException.
        thrown.Which.Kind.Should().Be(A2AErrorKind.Rejected);
        thrown.Which.InnerException.Should().BeOfType<CircuitOpenException>().Which.BreakerName.Should().Be(Agent);
        thrown.Which.Method.Should().Be(method);
        thrown.Which.RetryAfter.Should().NotBeNull();
        A2AResiliencePredicates.IsTransient(thrown.Which).Should().BeFalse();
        A2AResiliencePredicates.IsPermanent(thrown.Which).Should().BeFalse();
    }

    [Theory]
    [InlineData("v1", "errorAfter")]
    [InlineData("v1", "dropAfter")]
    [InlineData("v03", "errorAfter")]
    [InlineData("v03", "dropAfter")]
    public async Task SendMessageAsync_FailsAfterAgentProcessedIt_NotRetried(string protocol, string fault)
    {
        var p = PeerProtocol.Of(protocol);
        var (sp, client, _) = Build(p.Tasks, breaker: o => o.FailureThreshold = 10);
        var ct = TestContext.Current.CancellationToken;
        await client.GetAgentCardAsync(ct);
        await peer.InjectAsync(_scope, new { kind = fault, method = p.Send });

        var thrown = (await FluentActions.Awaiting(() => client.SendMessageAsync(A2AMessage.FromText("complete"), cancellationToken: ct))
            .Should().ThrowAsync<A2AException>()).Which;

        A2AResiliencePredicates.IsTransient(thrown).Should().BeTrue("it counts toward the breaker");
        (await peer.CountAsync(_scope, p.Send)).Should().Be(1, "the agent processed the send once; a retry would duplicate it");
        Breaker(sp).GetSnapshot().WindowFailures.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendMessageAsync_RejectedWith503_RetriedWithSameMessageId(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var (_, client, _) = Build(p.Tasks, breaker: o => o.FailureThreshold = 10);
        var ct = TestContext.Current.CancellationToken;
        await client.GetAgentCardAsync(ct);
        await peer.InjectAsync(_scope, new { kind = "http", method = p.Send, status = 503, times = 2 });
        var message = A2AMessage.FromText("complete");

        var result = await client.SendMessageAsync(message, cancellationToken: ct);

        result.Task!.Status.State.Should().Be(A2ATaskState.Completed);
        (await peer.CountAsync(_scope, p.Send)).Should().Be(3);
        (await MessageIds()).Should().Equal(message.MessageId, message.MessageId, message.MessageId);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendMessageAsync_CallerOptsIn_RetriedAfterProcessingWithSameMessageId(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var (_, client, _) = Build(p.Tasks, breaker: o => o.FailureThreshold = 10);
        var ct = TestContext.Current.CancellationToken;
        await client.GetAgentCardAsync(ct);
        await peer.InjectAsync(_scope, new { kind = "errorAfter", method = p.Send });
        var message = A2AMessage.FromText("complete");

        var result = await client.SendMessageAsync(message, new A2ASendOptions { AllowRetry = true }, ct);

        result.Task!.Status.State.Should().Be(A2ATaskState.Completed);
        (await MessageIds()).Should().Equal(message.MessageId, message.MessageId);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task GetTaskAsync_HeldRequest_TimesOutAtStandardRequestTimeoutAndRetries(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var (sp, client, time) = Build(p.Tasks, breaker: o => o.FailureThreshold = 10);
        var ct = TestContext.Current.CancellationToken;
        var task = (await client.SendMessageAsync(A2AMessage.FromText("complete"), cancellationToken: ct)).Task!;
        await peer.InjectAsync(_scope, new { kind = "hold", method = p.Get });
        var standard = sp.GetRequiredService<IOptionsMonitor<A2AAgentOptions>>().Get(Agent).Timeout.Timeouts[OperationTypes.StandardRequest];

        var read = client.GetTaskAsync(task.Id, cancellationToken: ct);
        await peer.WaitForAsync(_scope, p.Get, 1);
        var completedBeforeTimeout = read.IsCompleted;
        time.Advance(standard + TimeSpan.FromSeconds(1));
        var result = await read;

        completedBeforeTimeout.Should().BeFalse("the held attempt waits until its timeout");

        result.Id.Should().Be(task.Id);
        (await peer.CountAsync(_scope, p.Get)).Should().Be(2, "the held attempt timed out and the retry went through");
        Breaker(sp).GetSnapshot().WindowFailures.Should().Be(1, "a timeout counts toward the breaker");
        await peer.ReleaseAsync(_scope);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task GetTaskAsync_AttemptTimeoutWithoutRetry_ThrowsA2AExceptionWithTimeoutRejectedCause(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var (_, client, time) = Build(p.Tasks, o => o.Retry.MaxAttempts = 1);
        var ct = TestContext.Current.CancellationToken;
        await client.GetAgentCardAsync(ct);
        await peer.InjectAsync(_scope, new { kind = "hold", method = p.Get });

        var read = client.GetTaskAsync("t", cancellationToken: ct);
        await peer.WaitForAsync(_scope, p.Get, 1);
        time.Advance(TimeSpan.FromSeconds(31));

        var thrown = (await FluentActions.Awaiting(() => read).Should().ThrowAsync<A2AException>()).Which;
        thrown.Kind.Should().Be(A2AErrorKind.Timeout);
        thrown.InnerException.Should().BeOfType<TimeoutRejectedException>();
        thrown.Method.Should().Be(p.Get);
        A2AResiliencePredicates.IsTransient(thrown).Should().BeTrue();
        await peer.ReleaseAsync(_scope);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendStreamingMessageAsync_ThroughPipeline_DroppedStreamResumesToCompletion(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var (sp, client, _) = Build(p.Tasks);
        await peer.InjectAsync(_scope, new { kind = "dropStream", method = p.Stream, events = 2 });
        var events = new List<A2AStreamEvent>();

        await foreach (var e in client.SendStreamingMessageAsync(A2AMessage.FromText("resume"), cancellationToken: TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        events[^1].Status!.State.Should().Be(A2ATaskState.Completed);
        events.Should().Contain(e => e.Artifact != null && e.Artifact.ArtifactId == "part-2");
        (await peer.CountAsync(_scope, p.Stream)).Should().Be(1);
        (await peer.CountAsync(_scope, p.Subscribe)).Should().Be(1);
        Breaker(sp).State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public async Task CheckHealthAsync_CardFetchHangs_UnhealthyAtHealthCheckTimeoutNotStandardOne()
    {
        var (sp, client, time) = Build("echo");
        var ct = TestContext.Current.CancellationToken;
        var timeouts = sp.GetRequiredService<IOptionsMonitor<A2AAgentOptions>>().Get(Agent).Timeout.Timeouts;
        await peer.InjectAsync(_scope, new { kind = "hold", method = "card" });

        var probe = client.CheckHealthAsync(ct);
        await peer.WaitForAsync(_scope, "card", 1);
        time.Advance(timeouts[OperationTypes.HealthCheck] + TimeSpan.FromSeconds(1));
        var health = await probe;

        timeouts[OperationTypes.HealthCheck].Should().BeLessThan(timeouts[OperationTypes.StandardRequest]);
        health.Should().Be(A2AAgentHealth.Unhealthy);
        (await peer.CountAsync(_scope, "card")).Should().Be(1, "a health probe is never retried");
        Breaker(sp).GetSnapshot().ConsecutiveFailures.Should().Be(1, "the timed-out probe counts toward the breaker");
        await peer.ReleaseAsync(_scope);
    }

    [Fact]
    public async Task GetTaskAsync_503WithRetryAfter_WaitsThatLongBeforeRetrying()
    {
        var (_, client, time) = Build("tasks", breaker: o => o.FailureThreshold = 10);
        var ct = TestContext.Current.CancellationToken;
        var task = (await client.SendMessageAsync(A2AMessage.FromText("complete"), cancellationToken: ct)).Task!;
        await peer.InjectAsync(_scope, new { kind = "http", method = "GetTask", status = 503, retryAfter = 7 });

        var read = client.GetTaskAsync(task.Id, cancellationToken: ct);
        while (await time.WaitForArmedAsync() != TimeSpan.FromSeconds(7))
        {
        }

        var beforeDelay = await peer.CountAsync(_scope, "GetTask");
        time.Advance(TimeSpan.FromSeconds(7));
        (await read).Id.Should().Be(task.Id);

        beforeDelay.Should().Be(1);
        (await peer.CountAsync(_scope, "GetTask")).Should().Be(2);
    }

    [Fact]
    public async Task AddA2AAgent_HealthCheckRegistration_ReportsAgentHealth()
    {
        var services = Services("echo");
        services.AddHealthChecks().AddA2AAgent(Agent);
        var sp = Track(services.BuildServiceProvider());

        var report = await sp.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        report.Entries.Should().ContainKey("a2a:planner").WhoseValue.Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public void AddA2AAgent_InvalidOptions_FailsAtStartWithOptionNameAndValue()
    {
        var services = Services("echo", o => o.MaxResponseBytes = 5);
        var sp = Track(services.BuildServiceProvider());

        var act = () => sp.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Message
            .Should().Contain("A2A:planner:MaxResponseBytes must be between 1024 and 1073741824; it was 5.");
    }

    [Fact]
    public void AddA2AAgent_CalledTwice_OneClientAndBreakerCountsOnlyTransient()
    {
        var services = Services("echo");
        services.AddA2AAgent(Agent, peer.AgentUri(_scope, "echo"));
        var sp = Track(services.BuildServiceProvider());

        sp.GetRequiredKeyedService<A2AClient>(Agent).Should().BeSameAs(sp.GetRequiredKeyedService<A2AClient>(Agent));
        sp.GetServices<A2AAgentHealthChecker>().Should().ContainSingle().Which.AgentNames.Should().Equal(Agent);
        var breakerOptions = sp.GetRequiredService<IOptionsMonitor<CircuitBreakerOptions>>().Get(Agent);
        breakerOptions.ShouldHandle!(new OutcomeArguments(new A2AException("x", A2AErrorKind.JsonRpc) { ErrorCode = A2AErrorCode.TaskNotFound }, null, ResilienceContext.Get())).Should().BeFalse();
        breakerOptions.ShouldHandle!(new OutcomeArguments(new A2AException("x", A2AErrorKind.Http) { StatusCode = HttpStatusCode.BadGateway }, null, ResilienceContext.Get())).Should().BeTrue();
    }

    private (ServiceProvider Provider, A2AClient Client, WatchedTimeProvider Time) Build(
        string agent, Action<A2AAgentOptions>? configure = null, Action<CircuitBreakerOptions>? breaker = null)
    {
        var time = new WatchedTimeProvider();
        var sp = Track(Services(agent, configure, breaker, time).BuildServiceProvider());
        return (sp, sp.GetRequiredKeyedService<A2AClient>(Agent), time);
    }

    private ServiceCollection Services(
        string agent, Action<A2AAgentOptions>? configure = null, Action<CircuitBreakerOptions>? breaker = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time ?? new FakeTimeProvider());
        services.AddResilience().AddCircuitBreaker(Agent, o =>
        {
            o.FailureThreshold = 3;
            o.BreakDuration = BreakDuration;
            breaker?.Invoke(o);
        });
        services.AddA2AAgent(Agent, peer.AgentUri(_scope, agent), o =>
        {
            o.Retry.BaseDelay = TimeSpan.Zero;
            o.Retry.MaxDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        return services;
    }

    private ServiceProvider Track(ServiceProvider provider)
    {
        _providers.Add(provider);
        return provider;
    }

    private static CircuitBreaking.CircuitBreaker Breaker(ServiceProvider sp)
    {
        sp.GetRequiredService<CircuitBreakerRegistry>().TryGet(Agent, out var breaker).Should().BeTrue();
        return breaker!;
    }

    private async Task<string[]> MessageIds()
    {
        using var doc = JsonDocument.Parse(await peer.Admin.GetStringAsync($"s/{_scope}/counts"));
        return doc.RootElement.GetProperty("messageIds").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }
}
