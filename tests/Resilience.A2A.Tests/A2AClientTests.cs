using System.Net;
using System.Net.Sockets;
using Resilience.A2A.Tests.Peer;

namespace Resilience.A2A.Tests;

/// <summary>Interop tests of <see cref="A2AClient"/> against the official A2A JavaScript SDK server, in both protocol versions.</summary>
public sealed partial class A2AClientTests(A2APeerFixture peer) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    private readonly string _scope = A2APeerFixture.NewScope();

    public void Dispose() => _http.Dispose();

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task GetAgentCardAsync_Agent_ChoosesVersionFromCard(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Echo);

        var card = await client.GetAgentCardAsync(TestContext.Current.CancellationToken);

        card.ProtocolVersion.Should().Be(p.Version);
        card.Name.Should().Be($"{p.Echo} agent");
        card.Capabilities.Streaming.Should().BeTrue();
        card.Endpoint.Url.Should().Be(new Uri(peer.AgentUri(_scope, p.Echo) + "/rpc"));
        card.CardUrl.AbsolutePath.Should().EndWith("/.well-known/agent-card.json");
    }

    [Fact]
    public async Task GetAgentCardAsync_BothVersionsOfferedAndV03Preferred_ChoosesV03()
    {
        var client = Client("echo", o => o.PreferredProtocolVersion = A2AProtocolVersion.V03);

        var card = await client.GetAgentCardAsync(TestContext.Current.CancellationToken);
        var result = await client.SendMessageAsync(A2AMessage.FromText("hi"), cancellationToken: TestContext.Current.CancellationToken);

        card.ProtocolVersion.Should().Be(A2AProtocolVersion.V03);
        result.Message!.Text.Should().Be("echo: hi");
        (await peer.CountAsync(_scope, "message/send")).Should().Be(1);
        (await peer.CountAsync(_scope, "SendMessage")).Should().Be(0);
    }

    [Fact]
    public async Task GetAgentCardAsync_CardOnlyAtPreV03Path_FallsBackToAgentJson()
    {
        var client = Client("echo-oldcard");

        var card = await client.GetAgentCardAsync(TestContext.Current.CancellationToken);

        card.CardUrl.AbsolutePath.Should().EndWith("/.well-known/agent.json");
        card.Name.Should().Be("echo-oldcard agent");
    }

    [Fact]
    public async Task GetAgentCardAsync_NoCardAnywhere_ThrowsPermanentHttp404()
    {
        var client = new A2AClient(_http, new A2AClientOptions { BaseAddress = new Uri(peer.BaseUri, "nothing-here") }, new FakeTimeProvider());

        var thrown = (await FluentActions.Awaiting(() => client.GetAgentCardAsync(TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Http);
        thrown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        A2AResiliencePredicates.IsPermanent(thrown).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendMessageAsync_Echo_ReturnsAgentMessageInChosenVersion(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Echo);

        var result = await client.SendMessageAsync(A2AMessage.FromText("hello"), cancellationToken: TestContext.Current.CancellationToken);

        result.Task.Should().BeNull();
        result.Message!.Role.Should().Be(A2ARole.Agent);
        result.Message.Text.Should().Be("echo: hello");
        (await peer.CountAsync(_scope, p.Send)).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task TaskLifecycle_SendGetCancel_EndsCanceled(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Tasks);
        var ct = TestContext.Current.CancellationToken;

        var sent = await client.SendMessageAsync(A2AMessage.FromText("work"), cancellationToken: ct);
        var read = await client.GetTaskAsync(sent.Task!.Id, cancellationToken: ct);
        var canceled = await client.CancelTaskAsync(sent.Task.Id, cancellationToken: ct);
        var after = await client.GetTaskAsync(sent.Task.Id, cancellationToken: ct);

        sent.Task.Status.State.Should().Be(A2ATaskState.Working);
        read.Id.Should().Be(sent.Task.Id);
        read.Status.State.Should().Be(A2ATaskState.Working);
        read.History.Should().Contain(m => m.Role == A2ARole.User && m.Text == "work");
        canceled.Status.State.Should().Be(A2ATaskState.Canceled);
        after.Status.State.Should().Be(A2ATaskState.Canceled);
        (await peer.CountAsync(_scope, p.Get)).Should().Be(2);
        (await peer.CountAsync(_scope, p.Cancel)).Should().Be(1);
    }

    [Theory]
    [InlineData("v1", "complete", A2ATaskState.Completed)]
    [InlineData("v1", "fail", A2ATaskState.Failed)]
    [InlineData("v1", "input", A2ATaskState.InputRequired)]
    [InlineData("v03", "complete", A2ATaskState.Completed)]
    [InlineData("v03", "fail", A2ATaskState.Failed)]
    [InlineData("v03", "input", A2ATaskState.InputRequired)]
    public async Task SendMessageAsync_TaskAgent_ReturnsTaskInFinalState(string protocol, string text, A2ATaskState expected)
    {
        var client = Client(PeerProtocol.Of(protocol).Tasks);

        var result = await client.SendMessageAsync(A2AMessage.FromText(text), cancellationToken: TestContext.Current.CancellationToken);

        result.Task!.Status.State.Should().Be(expected);
        if (expected == A2ATaskState.Completed)
        {
            result.Task.Artifacts.Should().ContainSingle().Which.Parts.Single().Text.Should().Be("completed: complete");
        }
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task CancelTaskAsync_CompletedTask_ThrowsPermanentTaskNotCancelable(string protocol)
    {
        var client = Client(PeerProtocol.Of(protocol).Tasks);
        var ct = TestContext.Current.CancellationToken;
        var done = await client.SendMessageAsync(A2AMessage.FromText("complete"), cancellationToken: ct);

        var thrown = (await FluentActions.Awaiting(() => client.CancelTaskAsync(done.Task!.Id, cancellationToken: ct)).Should().ThrowAsync<A2AException>()).Which;

        thrown.ErrorCode.Should().Be(A2AErrorCode.TaskNotCancelable);
        A2AResiliencePredicates.IsPermanent(thrown).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task GetTaskAsync_UnknownTask_ThrowsPermanentTaskNotFound(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Tasks);

        var thrown = (await FluentActions.Awaiting(() => client.GetTaskAsync("no-such-task", cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.JsonRpc);
        thrown.ErrorCode.Should().Be(A2AErrorCode.TaskNotFound);
        thrown.Method.Should().Be(p.Get);
        A2AResiliencePredicates.IsTransient(thrown).Should().BeFalse();
        A2AResiliencePredicates.IsPermanent(thrown).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendStreamingMessageAsync_StreamAgent_YieldsEventsToCompletion(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Tasks);

        var events = await Collect(client.SendStreamingMessageAsync(A2AMessage.FromText("stream"), cancellationToken: TestContext.Current.CancellationToken));

        events.Select(e => e.Kind).Should().Equal(
            A2AStreamEventKind.Task, A2AStreamEventKind.StatusUpdate, A2AStreamEventKind.ArtifactUpdate, A2AStreamEventKind.ArtifactUpdate, A2AStreamEventKind.StatusUpdate);
        events[0].Task!.Status.State.Should().Be(A2ATaskState.Submitted);
        events.Where(e => e.Artifact is not null).Select(e => e.Artifact!.Parts[0].Text).Should().Equal("first", "second");
        events[^1].Status!.State.Should().Be(A2ATaskState.Completed);
        events[^1].IsFinal.Should().BeTrue();
        events.Select(e => e.TaskId).Distinct().Should().ContainSingle();
        (await peer.CountAsync(_scope, p.Stream)).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendStreamingMessageAsync_StreamDropped_ResubscribesAndCompletes(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Tasks);
        await peer.InjectAsync(_scope, new { kind = "dropStream", method = p.Stream, events = 2 });

        var events = await Collect(client.SendStreamingMessageAsync(A2AMessage.FromText("resume"), cancellationToken: TestContext.Current.CancellationToken));

        // Before the drop: task + working. After resubscribing: the task again (with part-1), part-2, completed.
        events.Select(e => e.Kind).Should().Equal(
            A2AStreamEventKind.Task, A2AStreamEventKind.StatusUpdate, A2AStreamEventKind.Task, A2AStreamEventKind.ArtifactUpdate, A2AStreamEventKind.StatusUpdate);
        events[2].Task!.Artifacts.Should().ContainSingle(a => a.ArtifactId == "part-1");
        events[3].Artifact!.ArtifactId.Should().Be("part-2");
        events[^1].Status!.State.Should().Be(A2ATaskState.Completed);
        (await peer.CountAsync(_scope, p.Stream)).Should().Be(1);
        (await peer.CountAsync(_scope, p.Subscribe)).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendStreamingMessageAsync_StreamDroppedAndTaskFinishedMeanwhile_ReadsTaskInsteadOfFailing(string protocol)
    {
        // The SDK refuses to subscribe to a finished task with -32004: v1.0 as a plain JSON answer, v0.3 as the first
        // (and only) `event: error` of an HTTP 200 event stream. Both must end the stream with the task, read by GetTask.
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Tasks);
        await peer.InjectAsync(
            _scope,
            new { kind = "dropStream", method = p.Stream, events = 2 },
            new { kind = "holdUntilFinished", method = p.Subscribe });

        var events = await Collect(client.SendStreamingMessageAsync(A2AMessage.FromText("stream"), cancellationToken: TestContext.Current.CancellationToken));

        events.Select(e => e.Kind).Should().Equal(A2AStreamEventKind.Task, A2AStreamEventKind.StatusUpdate, A2AStreamEventKind.Task);
        events[^1].Task!.Status.State.Should().Be(A2ATaskState.Completed);
        events[^1].Task!.Artifacts.Select(a => a.ArtifactId).Should().Equal("part-1", "part-2");
        events[^1].IsFinal.Should().BeTrue();
        (await peer.CountAsync(_scope, p.Subscribe)).Should().Be(1);
        (await peer.CountAsync(_scope, p.Get)).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendMessageAsync_InternalError_ThrowsTransientJsonRpcError(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Echo);
        await peer.InjectAsync(_scope, new { kind = "rpcError", code = -32603 });

        var thrown = (await FluentActions.Awaiting(() => client.SendMessageAsync(A2AMessage.FromText("x"), cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.JsonRpc);
        thrown.ErrorCode.Should().Be(A2AErrorCode.InternalError);
        thrown.StatusCode.Should().Be(HttpStatusCode.OK);
        A2AResiliencePredicates.IsTransient(thrown).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task GetTaskAsync_503WithRetryAfter_ThrowsTransientHttpErrorWithRetryAfter(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Tasks);
        await peer.InjectAsync(_scope, new { kind = "http", status = 503, retryAfter = 7 });

        var thrown = (await FluentActions.Awaiting(() => client.GetTaskAsync("t", cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Http);
        thrown.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        thrown.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
        A2AResiliencePredicates.IsTransient(thrown).Should().BeTrue();
        A2AResiliencePredicates.IsSurelyNotProcessed(thrown).Should().BeTrue();
    }

    [Theory]
    [InlineData(-32001, 404, A2AErrorCode.TaskNotFound, false)]
    [InlineData(-32603, 500, A2AErrorCode.InternalError, true)]
    [InlineData(-32602, 400, A2AErrorCode.InvalidParams, false)]
    public async Task GetTaskAsync_JsonRpcErrorInNon2xx_ReadsBodyAndClassifiesByCode(int code, int status, A2AErrorCode expected, bool transient)
    {
        var client = Client("tasks");
        await peer.InjectAsync(_scope, new { kind = "rpcError", code, status });

        var thrown = (await FluentActions.Awaiting(() => client.GetTaskAsync("t", cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.JsonRpc);
        thrown.ErrorCode.Should().Be(expected);
        thrown.StatusCode.Should().Be((HttpStatusCode)status);
        A2AResiliencePredicates.IsTransient(thrown).Should().Be(transient);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendMessageAsync_ConnectionDroppedAfterRequest_ThrowsTransientButMaybeProcessed(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Echo);
        await client.GetAgentCardAsync(TestContext.Current.CancellationToken);
        await peer.InjectAsync(_scope, new { kind = "drop" });

        var thrown = (await FluentActions.Awaiting(() => client.SendMessageAsync(A2AMessage.FromText("x"), cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Transport);
        A2AResiliencePredicates.IsTransient(thrown).Should().BeTrue();
        A2AResiliencePredicates.IsSurelyNotProcessed(thrown).Should().BeFalse();
        (await peer.CountAsync(_scope, p.Send)).Should().Be(1);
    }

    [Fact]
    public async Task GetAgentCardAsync_ConnectionRefused_ThrowsTransportErrorSurelyNotProcessed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = new A2AClient(_http, new A2AClientOptions { BaseAddress = new Uri($"http://127.0.0.1:{port}/") }, new FakeTimeProvider());

        var thrown = (await FluentActions.Awaiting(() => client.GetAgentCardAsync(TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Transport);
        A2AResiliencePredicates.IsTransient(thrown).Should().BeTrue();
        A2AResiliencePredicates.IsSurelyNotProcessed(thrown).Should().BeTrue();
    }

    [Fact]
    public async Task SendMessageAsync_CardDeclaresApiKeyAndCredentialGiven_SendsKeyInDeclaredHeader()
    {
        var withKey = Client("echo-auth", o => o.Credentials["apiKey"] = "peer-secret");
        var withoutKey = Client("echo-auth");
        var ct = TestContext.Current.CancellationToken;

        var card = await withKey.GetAgentCardAsync(ct);
        var result = await withKey.SendMessageAsync(A2AMessage.FromText("secret hello"), cancellationToken: ct);
        var thrown = (await FluentActions.Awaiting(() => withoutKey.SendMessageAsync(A2AMessage.FromText("x"), cancellationToken: ct))
            .Should().ThrowAsync<A2AException>()).Which;

        card.SecuritySchemes["apiKey"].Should().BeEquivalentTo(new A2ASecurityScheme { Kind = A2ASecuritySchemeKind.ApiKey, ParameterName = "X-Api-Key", Location = "header" });
        result.Message!.Text.Should().Be("echo: secret hello");
        thrown.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        A2AResiliencePredicates.IsPermanent(thrown).Should().BeTrue();
    }

    private A2AClient Client(string agent, Action<A2AClientOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new A2AClientOptions { BaseAddress = peer.AgentUri(_scope, agent) };
        configure?.Invoke(options);
        return new A2AClient(_http, options, time ?? new FakeTimeProvider());
    }

    private static async Task<List<A2AStreamEvent>> Collect(IAsyncEnumerable<A2AStreamEvent> events)
    {
        var list = new List<A2AStreamEvent>();
        await foreach (var e in events)
        {
            list.Add(e);
        }

        return list;
    }
}
