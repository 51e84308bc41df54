using Resilience.A2A.Tests.Peer;
using Resilience.TestUtilities.Time;

namespace Resilience.A2A.Tests;

/// <content>Hostile answers from the peer end in the documented protocol or timeout error within the configured bounds.</content>
public sealed partial class A2AClientTests
{
    private const int SmallLimit = 64 * 1024;

    public static TheoryData<string, string> HostileAnswers => new()
    {
        { "v1", "malformed" }, { "v1", "wrongVersion" }, { "v1", "wrongId" }, { "v1", "unknownResult" },
        { "v03", "malformed" }, { "v03", "wrongVersion" }, { "v03", "wrongId" }, { "v03", "unknownResult" },
    };

    [Theory]
    [MemberData(nameof(HostileAnswers))]
    public async Task GetTaskAsync_HostileAnswer_ThrowsPermanentProtocolError(string protocol, string fault)
    {
        var client = Client(PeerProtocol.Of(protocol).Tasks);
        await client.GetAgentCardAsync(TestContext.Current.CancellationToken);
        await peer.InjectAsync(_scope, new { kind = fault });

        var thrown = (await FluentActions.Awaiting(() => client.GetTaskAsync("t", cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Protocol);
        thrown.Message.Should().Contain("broke the protocol");
        A2AResiliencePredicates.IsProtocolViolation(thrown).Should().BeTrue();
        A2AResiliencePredicates.IsTransient(thrown).Should().BeFalse();
    }

    [Theory]
    [InlineData("v1", false)]
    [InlineData("v1", true)]
    [InlineData("v03", false)]
    [InlineData("v03", true)]
    public async Task SendMessageAsync_BodyOverMaxResponseBytes_ThrowsProtocolErrorWithoutReadingIt(string protocol, bool chunked)
    {
        var client = Client(PeerProtocol.Of(protocol).Echo, o => o.MaxResponseBytes = SmallLimit);
        await client.GetAgentCardAsync(TestContext.Current.CancellationToken);
        await peer.InjectAsync(_scope, new { kind = "oversized", bytes = 50 * 1024 * 1024, chunked });

        var thrown = (await FluentActions.Awaiting(() => client.SendMessageAsync(A2AMessage.FromText("x"), cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Protocol);
        thrown.Message.Should().Contain("MaxResponseBytes (65536 bytes)");
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendStreamingMessageAsync_EventOverMaxSseEventBytes_ThrowsProtocolError(string protocol)
    {
        var client = Client(PeerProtocol.Of(protocol).Tasks, o => o.MaxSseEventBytes = SmallLimit);
        await client.GetAgentCardAsync(TestContext.Current.CancellationToken);
        await peer.InjectAsync(_scope, new { kind = "sseHugeEvent" });

        var thrown = (await FluentActions.Awaiting(() => Collect(client.SendStreamingMessageAsync(A2AMessage.FromText("stream"), cancellationToken: TestContext.Current.CancellationToken)))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Protocol);
        thrown.Message.Should().Contain("MaxSseEventBytes (65536 bytes)");
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendStreamingMessageAsync_SilentStream_ThrowsTimeoutAfterIdleTimeoutOnInjectedClock(string protocol)
    {
        var time = new WatchedTimeProvider();
        var idle = TimeSpan.FromSeconds(30);
        var client = Client(PeerProtocol.Of(protocol).Tasks, o => o.StreamIdleTimeout = idle, time);
        await client.GetAgentCardAsync(TestContext.Current.CancellationToken);
        await peer.InjectAsync(_scope, new { kind = "sseSilent" });
        var start = time.GetUtcNow();

        var run = Collect(client.SendStreamingMessageAsync(A2AMessage.FromText("stream"), cancellationToken: TestContext.Current.CancellationToken));
        await time.AdvanceWhileAsync(run, idle);

        var thrown = (await FluentActions.Awaiting(() => run).Should().ThrowAsync<A2AException>()).Which;
        thrown.Kind.Should().Be(A2AErrorKind.Timeout);
        thrown.Message.Should().Contain("StreamIdleTimeout");
        (time.GetUtcNow() - start).Should().BeLessThan(TimeSpan.FromSeconds(120), "the idle bound, not the stream bound, ended it");
        await peer.ReleaseAsync(_scope);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendStreamingMessageAsync_EndlessStream_ThrowsTimeoutAtStreamTimeout(string protocol)
    {
        var time = new WatchedTimeProvider();
        var limit = TimeSpan.FromSeconds(5);
        var client = Client(PeerProtocol.Of(protocol).Tasks, o => o.StreamTimeout = limit, time);
        await client.GetAgentCardAsync(TestContext.Current.CancellationToken);
        await peer.InjectAsync(_scope, new { kind = "sseEndless", intervalMs = 2 });
        var received = 0;

        var run = Task.Run(
            async () =>
            {
                await foreach (var e in client.SendStreamingMessageAsync(A2AMessage.FromText("stream"), cancellationToken: TestContext.Current.CancellationToken))
                {
                    received++;
                }
            },
            TestContext.Current.CancellationToken);
        await time.AdvanceWhileAsync(run, limit);

        var thrown = (await FluentActions.Awaiting(() => run).Should().ThrowAsync<A2AException>()).Which;
        thrown.Kind.Should().Be(A2AErrorKind.Timeout);
        thrown.Message.Should().Contain("StreamTimeout");
        A2AResiliencePredicates.IsTransient(thrown).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendStreamingMessageAsync_EndlessStream_ThrowsProtocolErrorAtMaxStreamEventsBeforeStreamTimeout(string protocol)
    {
        const int cap = 500;
        var time = new FakeTimeProvider();
        var client = Client(PeerProtocol.Of(protocol).Tasks, o => o.MaxStreamEvents = cap, time);
        await client.GetAgentCardAsync(TestContext.Current.CancellationToken);
        await peer.InjectAsync(_scope, new { kind = "sseEndless", intervalMs = 1, perTick = 50 });
        var received = 0;

        var thrown = (await FluentActions.Awaiting(async () =>
        {
            await foreach (var e in client.SendStreamingMessageAsync(A2AMessage.FromText("stream"), cancellationToken: TestContext.Current.CancellationToken))
            {
                received++;
            }
        }).Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Protocol);
        thrown.Message.Should().Contain("MaxStreamEvents (500)");
        received.Should().Be(cap, "every event up to the cap is delivered, none after it");
        A2AResiliencePredicates.IsTransient(thrown).Should().BeFalse();
    }
}
