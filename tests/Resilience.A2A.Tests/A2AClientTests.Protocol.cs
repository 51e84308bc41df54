using System.Net;
using System.Text;
using System.Text.Json;
using Resilience.A2A.Tests.Fakes;
using Resilience.A2A.Tests.Peer;

namespace Resilience.A2A.Tests;

/// <content>The protocol surface against the SDK peer: card fields, lossless model, chunked artifacts, ListTasks, the extended card.</content>
public sealed partial class A2AClientTests
{
    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task GetAgentCardAsync_FullCard_ReadsProviderSkillsModesCapabilitiesAndExtensions(string protocol)
    {
        var p = PeerProtocol.Of(protocol);

        var card = await Client(p.Tasks).GetAgentCardAsync(TestContext.Current.CancellationToken);

        card.Provider.Should().BeEquivalentTo(new A2AAgentProvider { Organization = "Resilience test peer", Url = "https://peer.example" });
        card.DocumentationUrl.Should().Be("https://peer.example/docs");
        card.DefaultInputModes.Should().Equal("text/plain");
        card.DefaultOutputModes.Should().Equal("text/plain");
        card.Capabilities.Streaming.Should().BeTrue();
        card.Capabilities.PushNotifications.Should().BeTrue("the task agents declare push notifications");
        card.Capabilities.ExtendedAgentCard.Should().BeTrue();
        var extension = card.Capabilities.Extensions.Should().ContainSingle().Which;
        extension.Uri.Should().Be("https://ext.example/trace");
        extension.Required.Should().BeFalse();
        extension.Params["level"].GetString().Should().Be("full");
        var skill = card.Skills.Should().ContainSingle().Which;
        skill.Id.Should().Be(p.Tasks);
        skill.Tags.Should().Equal("test");
        skill.Examples.Should().Equal($"ask {p.Tasks}");
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendMessageAsync_MetadataExtensionsAndReferenceTaskIds_RoundTripThroughTheAgent(string protocol)
    {
        var client = Client(PeerProtocol.Of(protocol).Echo);
        using var meta = JsonDocument.Parse("""{"trace":"t-1","nested":{"n":2}}""");
        using var partMeta = JsonDocument.Parse("""{"lang":"en"}""");
        var message = new A2AMessage
        {
            Parts = [new A2APart { Kind = A2APartKind.Text, Text = "hi", Metadata = partMeta.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()) }],
            Metadata = meta.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
            Extensions = ["https://ext.example/trace"],
            ReferenceTaskIds = ["task-a", "task-b"],
        };

        var reply = (await client.SendMessageAsync(message, cancellationToken: TestContext.Current.CancellationToken)).Message!;

        reply.Metadata["trace"].GetString().Should().Be("t-1");
        reply.Metadata["nested"].GetProperty("n").GetInt32().Should().Be(2);
        reply.Extensions.Should().Equal("https://ext.example/trace");
        reply.ReferenceTaskIds.Should().Equal("task-a", "task-b");
        reply.Parts[0].Metadata["echoedParts"][0].GetProperty("lang").GetString().Should().Be("en");
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendMessageAsync_TaskAgent_ReadsTaskAndArtifactMetadataDescriptionAndExtensions(string protocol)
    {
        var client = Client(PeerProtocol.Of(protocol).Tasks);

        var task = (await client.SendMessageAsync(A2AMessage.FromText("complete"), cancellationToken: TestContext.Current.CancellationToken)).Task!;

        task.Metadata["createdBy"].GetString().Should().Be("tasks-peer");
        var artifact = task.Artifacts.Should().ContainSingle().Which;
        artifact.Description.Should().Be("the result artifact");
        artifact.Extensions.Should().Equal("https://ext.example/artifact");
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendStreamingMessageAsync_ChunkedArtifact_AppendAndLastChunkReassembleIt(string protocol)
    {
        var client = Client(PeerProtocol.Of(protocol).Tasks);

        var events = await Collect(client.SendStreamingMessageAsync(A2AMessage.FromText("chunks"), cancellationToken: TestContext.Current.CancellationToken));

        var chunks = events.Where(e => e.Kind == A2AStreamEventKind.ArtifactUpdate).ToList();
        chunks.Select(e => (e.Append, e.LastChunk)).Should().Equal((false, false), (true, false), (true, true));
        chunks.Select(e => e.Artifact!.Metadata["part"].GetInt32()).Should().Equal(1, 2, 3);
        chunks.Select(e => e.Metadata["chunk"].GetString()).Should().Equal("Hello, ", "chunked ", "world");
        var text = new StringBuilder();
        foreach (var chunk in chunks)
        {
            if (!chunk.Append)
            {
                text.Clear();
            }

            text.Append(chunk.Artifact!.Parts[0].Text);
        }

        text.ToString().Should().Be("Hello, chunked world");
        var contextId = events[0].Task!.ContextId;
        contextId.Should().NotBeNullOrEmpty();
        events.Should().OnlyContain(e => e.ContextId == contextId, "every event names the conversation");
    }

    [Fact]
    public async Task ListTasksAsync_V1_FiltersByContextAndStateAndPages()
    {
        var client = Client("tasks");
        var ct = TestContext.Current.CancellationToken;
        var contextId = Guid.NewGuid().ToString("D");
        foreach (var text in new[] { "complete", "complete", "work" })
        {
            await client.SendMessageAsync(new A2AMessage { ContextId = contextId, Parts = [A2APart.FromText(text)] }, cancellationToken: ct);
        }

        await client.SendMessageAsync(A2AMessage.FromText("complete"), cancellationToken: ct);

        var all = await client.ListTasksAsync(new A2AListTasksRequest { ContextId = contextId }, cancellationToken: ct);
        var completed = await client.ListTasksAsync(new A2AListTasksRequest { ContextId = contextId, State = A2ATaskState.Completed }, cancellationToken: ct);
        var first = await client.ListTasksAsync(new A2AListTasksRequest { ContextId = contextId, PageSize = 2 }, cancellationToken: ct);
        var second = await client.ListTasksAsync(new A2AListTasksRequest { ContextId = contextId, PageSize = 2, PageToken = first.NextPageToken }, cancellationToken: ct);

        all.Tasks.Should().HaveCount(3).And.OnlyContain(t => t.ContextId == contextId);
        completed.Tasks.Should().HaveCount(2).And.OnlyContain(t => t.Status.State == A2ATaskState.Completed);
        first.Tasks.Should().HaveCount(2);
        first.NextPageToken.Should().NotBeNull();
        second.Tasks.Should().ContainSingle();
        second.NextPageToken.Should().BeNull();
        first.Tasks.Concat(second.Tasks).Select(t => t.Id).Should().BeEquivalentTo(all.Tasks.Select(t => t.Id));
        (await peer.CountAsync(_scope, "ListTasks")).Should().Be(4);
    }

    [Fact]
    public async Task EveryV1Call_InterfaceNamesATenant_CarriesItInTheRequest()
    {
        var client = Client("tasks-tenant");
        var ct = TestContext.Current.CancellationToken;

        var card = await client.GetAgentCardAsync(ct);
        var task = (await client.SendMessageAsync(A2AMessage.FromText("work"), cancellationToken: ct)).Task!;
        var read = await client.GetTaskAsync(task.Id, cancellationToken: ct);
        var listed = await client.ListTasksAsync(cancellationToken: ct);
        await client.CreateTaskPushNotificationConfigAsync(task.Id, new A2APushNotificationConfig { Id = "c", Url = new Uri("http://127.0.0.1:9/hook") }, cancellationToken: ct);
        var configs = await client.ListTaskPushNotificationConfigsAsync(task.Id, cancellationToken: ct);
        await client.DeleteTaskPushNotificationConfigAsync(task.Id, "c", cancellationToken: ct);
        await client.CancelTaskAsync(task.Id, cancellationToken: ct);
        var streamed = await Collect(client.SendStreamingMessageAsync(A2AMessage.FromText("stream"), cancellationToken: ct));

        card.Endpoint.Tenant.Should().Be("acme");
        read.Id.Should().Be(task.Id, "the agent's stores are scoped by tenant: the task is found in the tenant it was made in");
        listed.Tasks.Select(t => t.Id).Should().Contain(task.Id);
        configs.Configs.Should().ContainSingle();
        streamed.Last().Status!.State.Should().Be(A2ATaskState.Completed);
        var requests = await peer.HeadersAsync(_scope);
        requests.Should().HaveCount(8).And.OnlyContain(r => r["tenant"] == "acme");
    }

    [Fact]
    public async Task EveryV03Call_InterfaceOfTheOtherVersionNamesATenant_SendsNone()
    {
        var client = Client("tasks-tenant", o => o.PreferredProtocolVersion = A2AProtocolVersion.V03);
        var ct = TestContext.Current.CancellationToken;

        var task = (await client.SendMessageAsync(A2AMessage.FromText("complete"), cancellationToken: ct)).Task!;
        await client.GetTaskAsync(task.Id, cancellationToken: ct);

        (await client.GetAgentCardAsync(ct)).Endpoint.Tenant.Should().BeNull();
        (await peer.HeadersAsync(_scope)).Should().HaveCount(2).And.OnlyContain(r => r["tenant"] == string.Empty);
    }

    [Fact]
    public async Task ListTasksAsync_V03Agent_ThrowsNotSupportedWithoutSending()
    {
        var client = Client("tasks-v03");
        var ct = TestContext.Current.CancellationToken;
        await client.GetAgentCardAsync(ct);

        await FluentActions.Awaiting(() => client.ListTasksAsync(cancellationToken: ct)).Should().ThrowAsync<NotSupportedException>();

        (await peer.TotalAsync(_scope)).Should().Be(1, "only the card was fetched");
    }

    [Theory]
    [InlineData(101, null)]
    [InlineData(3, 2)]
    public async Task ListTasksAsync_MoreTasksThanThePageSize_FailsWithProtocolError(int count, int? pageSize)
    {
        var client = Client("tasks");
        var tasks = new System.Text.Json.Nodes.JsonArray();
        for (var i = 0; i < count; i++)
        {
            tasks.Add(new System.Text.Json.Nodes.JsonObject { ["id"] = $"t{i}", ["status"] = new System.Text.Json.Nodes.JsonObject { ["state"] = "TASK_STATE_COMPLETED" } });
        }

        await peer.InjectAsync(_scope, new { kind = "rpcResult", method = "ListTasks", result = new System.Text.Json.Nodes.JsonObject { ["tasks"] = tasks } });

        var thrown = (await FluentActions.Awaiting(() => client.ListTasksAsync(new A2AListTasksRequest { PageSize = pageSize }, cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Protocol);
        thrown.Message.Should().Contain($"listed {count} tasks in one page, more than the page size of {pageSize ?? 100}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task ListTasksAsync_PageSizeOutOfRange_ThrowsBeforeSending(int size)
    {
        var client = Client("tasks");

        await FluentActions.Awaiting(() => client.ListTasksAsync(new A2AListTasksRequest { PageSize = size }, cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<ArgumentOutOfRangeException>();

        (await peer.TotalAsync(_scope)).Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task GetExtendedAgentCardAsync_Agent_ReturnsTheExtendedCard(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Tasks);

        var extended = await client.GetExtendedAgentCardAsync(cancellationToken: TestContext.Current.CancellationToken);

        extended.Skills.Select(s => s.Id).Should().Equal(p.Tasks, "extended");
        (await client.GetAgentCardAsync(TestContext.Current.CancellationToken)).Skills.Should().ContainSingle("the public card stays in use");
        (await peer.CountAsync(_scope, p.Version == A2AProtocolVersion.V1 ? "GetExtendedAgentCard" : "agent/getAuthenticatedExtendedCard")).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendMessageAsync_HistoryLength_AgentTrimsHistory(string protocol)
    {
        var client = Client(PeerProtocol.Of(protocol).Tasks);
        var ct = TestContext.Current.CancellationToken;

        var sent = (await client.SendMessageAsync(A2AMessage.FromText("complete"), cancellationToken: ct)).Task!;
        var full = await client.GetTaskAsync(sent.Id, cancellationToken: ct);
        var trimmed = await client.GetTaskAsync(sent.Id, historyLength: 0, cancellationToken: ct);

        full.History.Should().Contain(m => m.Text == "complete");
        trimmed.History.Should().BeEmpty();
    }

    [Theory]
    [InlineData(A2AProtocolVersion.V1)]
    [InlineData(A2AProtocolVersion.V03)]
    public async Task SendMessageAsync_AcceptedOutputModesAndHistoryLength_SentInConfiguration(A2AProtocolVersion version)
    {
        const string card = """
            {"name":"a","supportedInterfaces":[{"url":"http://agent.example/rpc","protocolBinding":"JSONRPC","protocolVersion":"VERSION"}]}
            """;
        var handler = new StubHandler((request, body) => request.Method == HttpMethod.Get
            ? (HttpStatusCode.OK, card.Replace("VERSION", version == A2AProtocolVersion.V1 ? "1.0" : "0.3", StringComparison.Ordinal))
            : (HttpStatusCode.OK, "{\"jsonrpc\":\"2.0\",\"id\":\"" + JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()
                + "\",\"result\":{\"kind\":\"message\",\"message\":{\"messageId\":\"m\",\"role\":\"ROLE_AGENT\",\"parts\":[{\"text\":\"ok\"}]},\"messageId\":\"m\",\"role\":\"agent\",\"parts\":[{\"kind\":\"text\",\"text\":\"ok\"}]}}"));
        using var http = new HttpClient(handler);
        var client = new A2AClient(http, new A2AClientOptions { BaseAddress = new Uri("http://agent.example/") }, new FakeTimeProvider());

        await client.SendMessageAsync(A2AMessage.FromText("x"), new A2ASendOptions { AcceptedOutputModes = { "text/plain", "application/json" }, HistoryLength = 3 }, TestContext.Current.CancellationToken);

        using var sent = JsonDocument.Parse(handler.Requests.Single(r => r.Url.AbsolutePath == "/rpc").Body);
        var configuration = sent.RootElement.GetProperty("params").GetProperty("configuration");
        configuration.GetProperty("acceptedOutputModes").EnumerateArray().Select(e => e.GetString()).Should().Equal("text/plain", "application/json");
        configuration.GetProperty("historyLength").GetInt32().Should().Be(3);
    }
}
