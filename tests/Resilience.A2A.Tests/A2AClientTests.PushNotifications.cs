using System.Text.Json.Nodes;
using Resilience.A2A.Tests.Peer;

namespace Resilience.A2A.Tests;

/// <content>Push-notification configuration against the SDK peer (its in-memory store and sender) in both versions, and hostile answers.</content>
public sealed partial class A2AClientTests
{
    private const string Token = "tok-secret-1";
    private const string Credentials = "cred-secret-1";
    private static readonly Uri Hook = new("https://hooks.example/a2a?sig=query-secret");

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task CreateTaskPushNotificationConfigAsync_WorkingTask_GetListAndDeleteRoundTripEveryField(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Tasks);
        var ct = TestContext.Current.CancellationToken;
        var task = (await client.SendMessageAsync(A2AMessage.FromText("work"), cancellationToken: ct)).Task!;
        var written = new A2APushNotificationConfig
        {
            Id = "cfg-1",
            Url = Hook,
            Token = Token,
            Authentication = new A2APushNotificationAuthentication { Schemes = ["Bearer"], Credentials = Credentials },
        };

        var created = await client.CreateTaskPushNotificationConfigAsync(task.Id, written, cancellationToken: ct);
        var assigned = await client.CreateTaskPushNotificationConfigAsync(task.Id, new A2APushNotificationConfig { Url = new Uri("http://127.0.0.1:9/other") }, cancellationToken: ct);
        var read = await client.GetTaskPushNotificationConfigAsync(task.Id, "cfg-1", cancellationToken: ct);
        var listed = await client.ListTaskPushNotificationConfigsAsync(task.Id, cancellationToken: ct);
        await client.DeleteTaskPushNotificationConfigAsync(task.Id, "cfg-1", cancellationToken: ct);
        await client.DeleteTaskPushNotificationConfigAsync(task.Id, "cfg-1", cancellationToken: ct);
        var afterDelete = await client.ListTaskPushNotificationConfigsAsync(task.Id, cancellationToken: ct);
        var gone = (await FluentActions.Awaiting(() => client.GetTaskPushNotificationConfigAsync(task.Id, "cfg-1", cancellationToken: ct))
            .Should().ThrowAsync<A2AException>()).Which;

        var expected = new A2APushNotificationConfig
        {
            Id = "cfg-1",
            TaskId = task.Id,
            Url = Hook,
            Token = Token,
            Authentication = new A2APushNotificationAuthentication { Schemes = ["Bearer"], Credentials = Credentials },
        };
        created.Should().BeEquivalentTo(expected);
        read.Should().BeEquivalentTo(expected);
        assigned.Id.Should().NotBeNullOrEmpty("the agent assigns an id when none is given");
        assigned.Token.Should().BeNull();
        assigned.Authentication.Should().BeNull();
        listed.Configs.Select(c => c.Id).Should().BeEquivalentTo(["cfg-1", assigned.Id]);
        listed.Configs.Single(c => c.Id == "cfg-1").Should().BeEquivalentTo(expected);
        listed.NextPageToken.Should().BeNull();
        afterDelete.Configs.Should().ContainSingle().Which.Id.Should().Be(assigned.Id, "deleting twice deletes once");
        gone.ErrorCode.Should().Be(A2AErrorCode.TaskNotFound);
        (await peer.CountAsync(_scope, p.PushCreate)).Should().Be(2);
        (await peer.CountAsync(_scope, p.PushGet)).Should().Be(2);
        (await peer.CountAsync(_scope, p.PushList)).Should().Be(2);
        (await peer.CountAsync(_scope, p.PushDelete)).Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendMessageAsync_PushNotificationConfig_AgentPostsTheTasksUpdatesToTheWebhookWithItsCredentials(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Tasks);
        var ct = TestContext.Current.CancellationToken;
        await using var webhook = await WebhookReceiver.StartAsync();

        var withToken = (await client.SendMessageAsync(
            A2AMessage.FromText("complete"),
            new A2ASendOptions { PushNotificationConfig = new A2APushNotificationConfig { Url = webhook.Url, Token = Token } },
            ct)).Task!;
        var tokenNotification = await webhook.WaitForAsync(n => n.Body.Contains(withToken.Id, StringComparison.Ordinal) && n.Body.Contains("TASK_STATE_COMPLETED", StringComparison.Ordinal), ct);
        var withAuthentication = (await client.SendMessageAsync(
            A2AMessage.FromText("complete"),
            new A2ASendOptions
            {
                PushNotificationConfig = new A2APushNotificationConfig
                {
                    Url = webhook.Url,
                    Authentication = new A2APushNotificationAuthentication { Schemes = ["Bearer"], Credentials = Credentials },
                },
            },
            ct)).Task!;
        var authenticated = await webhook.WaitForAsync(n => n.Body.Contains(withAuthentication.Id, StringComparison.Ordinal), ct);
        var stored = await client.ListTaskPushNotificationConfigsAsync(withToken.Id, cancellationToken: ct);

        tokenNotification.Headers["X-A2A-Notification-Token"].Should().Be(Token);
        authenticated.Headers["Authorization"].Should().Be("Bearer " + Credentials);
        var config = stored.Configs.Should().ContainSingle().Which;
        config.Url.Should().Be(webhook.Url, "the URL keeps its query");
        config.Token.Should().Be(Token);
        config.TaskId.Should().Be(withToken.Id);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task SendStreamingMessageAsync_PushNotificationConfig_IsSentInTheConfiguration(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Tasks);
        var ct = TestContext.Current.CancellationToken;
        await using var webhook = await WebhookReceiver.StartAsync();

        var events = await Collect(client.SendStreamingMessageAsync(
            A2AMessage.FromText("stream"), new A2ASendOptions { PushNotificationConfig = new A2APushNotificationConfig { Url = webhook.Url, Token = Token } }, ct));
        var taskId = events[0].TaskId!;
        var notification = await webhook.WaitForAsync(n => n.Body.Contains(taskId, StringComparison.Ordinal) && n.Body.Contains("TASK_STATE_COMPLETED", StringComparison.Ordinal), ct);

        notification.Headers["X-A2A-Notification-Token"].Should().Be(Token);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task CreateTaskPushNotificationConfigAsync_AgentWithoutPushNotifications_ThrowsPermanentNotSupported(string protocol)
    {
        var client = Client(PeerProtocol.Of(protocol).Echo);

        var thrown = (await FluentActions.Awaiting(() => client.CreateTaskPushNotificationConfigAsync("t-1", new A2APushNotificationConfig { Url = Hook, Token = Token }, cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.ErrorCode.Should().Be(A2AErrorCode.PushNotificationNotSupported);
        A2AResiliencePredicates.IsPermanent(thrown).Should().BeTrue();
        thrown.ToString().Should().NotContain(Token).And.NotContain("query-secret");
    }

    [Theory]
    [InlineData("v1", 1001, null)]
    [InlineData("v03", 1001, null)]
    [InlineData("v1", 3, 2)]
    public async Task ListTaskPushNotificationConfigsAsync_MoreConfigsThanTheCapOrThePageSize_FailsWithProtocolError(string protocol, int count, int? pageSize)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Tasks);
        var configs = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            configs.Add(p.Version == A2AProtocolVersion.V1
                ? new JsonObject { ["id"] = $"c{i}", ["taskId"] = "t", ["url"] = "https://hooks.example/x" }
                : new JsonObject { ["taskId"] = "t", ["pushNotificationConfig"] = new JsonObject { ["id"] = $"c{i}", ["url"] = "https://hooks.example/x" } });
        }

        JsonNode result = p.Version == A2AProtocolVersion.V1 ? new JsonObject { ["configs"] = configs } : configs;
        await peer.InjectAsync(_scope, new { kind = "rpcResult", method = p.PushList, result });

        var thrown = (await FluentActions.Awaiting(() => client.ListTaskPushNotificationConfigsAsync("t", pageSize, cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Protocol);
        thrown.Message.Should().Contain($"listed {count} push-notification configs, more than the {pageSize ?? 1000}");
        thrown.Method.Should().Be(p.PushList);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task GetTaskPushNotificationConfigAsync_ConfigWithoutAbsoluteUrl_FailsWithProtocolError(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var client = Client(p.Tasks);
        var result = p.Version == A2AProtocolVersion.V1
            ? new JsonObject { ["id"] = "c", ["taskId"] = "t", ["url"] = "/relative" }
            : new JsonObject { ["taskId"] = "t", ["pushNotificationConfig"] = new JsonObject { ["id"] = "c", ["url"] = "/relative" } };
        await peer.InjectAsync(_scope, new { kind = "rpcResult", method = p.PushGet, result });

        var thrown = (await FluentActions.Awaiting(() => client.GetTaskPushNotificationConfigAsync("t", "c", cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<A2AException>()).Which;

        thrown.Kind.Should().Be(A2AErrorKind.Protocol);
    }

    [Fact]
    public async Task ListTaskPushNotificationConfigsAsync_V03WithPageSize_ThrowsNotSupportedWithoutSending()
    {
        var client = Client("tasks-v03");
        var ct = TestContext.Current.CancellationToken;

        await FluentActions.Awaiting(() => client.ListTaskPushNotificationConfigsAsync("t", pageSize: 10, cancellationToken: ct)).Should().ThrowAsync<NotSupportedException>();

        (await peer.TotalAsync(_scope)).Should().Be(1, "only the card was fetched");
    }

    public static TheoryData<string, string> InvalidConfigs => new()
    {
        { "relative", "config.Url must be an absolute http or https URI; it was a relative URI." },
        { "ftp", "config.Url must be an absolute http or https URI; it was a URI of scheme 'ftp'." },
        { "empty-id", "config.Id must not be empty" },
        { "empty-token", "config.Token must not be empty" },
        { "token-line-break", "config.Token must not contain a line break" },
        { "no-schemes", "config.Authentication.Schemes must name at least one" },
        { "scheme-space", "config.Authentication.Schemes[0] must be a scheme name without white space; it was 'Bearer x'." },
        { "empty-credentials", "config.Authentication.Credentials must not be empty" },
        { "credentials-line-break", "config.Authentication.Credentials must not contain a line break" },
        { "other-task", "config.TaskId ('t-2') must be null or the task id 't-1'." },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public async Task CreateTaskPushNotificationConfigAsync_InvalidConfig_ThrowsBeforeSendingNamingThePropertyButNoSecret(string invalid, string message)
    {
        var client = Client("tasks");
        var valid = new A2APushNotificationConfig
        {
            Url = Hook,
            Token = Token,
            Authentication = new A2APushNotificationAuthentication { Schemes = ["Bearer"], Credentials = Credentials },
        };
        var config = invalid switch
        {
            "relative" => new A2APushNotificationConfig { Url = new Uri("/hook?sig=query-secret", UriKind.Relative), Token = Token },
            "ftp" => new A2APushNotificationConfig { Url = new Uri("ftp://user:pw-secret@hooks.example/a2a?sig=query-secret"), Token = Token },
            "empty-id" => new A2APushNotificationConfig { Url = Hook, Id = string.Empty },
            "empty-token" => new A2APushNotificationConfig { Url = Hook, Token = string.Empty },
            "token-line-break" => new A2APushNotificationConfig { Url = Hook, Token = Token + "\r\nX-Evil: 1" },
            "no-schemes" => new A2APushNotificationConfig { Url = Hook, Authentication = new A2APushNotificationAuthentication { Credentials = Credentials } },
            "scheme-space" => new A2APushNotificationConfig { Url = Hook, Authentication = new A2APushNotificationAuthentication { Schemes = ["Bearer x"], Credentials = Credentials } },
            "empty-credentials" => new A2APushNotificationConfig { Url = Hook, Authentication = new A2APushNotificationAuthentication { Schemes = ["Bearer"], Credentials = string.Empty } },
            "credentials-line-break" => new A2APushNotificationConfig { Url = Hook, Authentication = new A2APushNotificationAuthentication { Schemes = ["Bearer"], Credentials = Credentials + "\n" } },
            "other-task" => new A2APushNotificationConfig { Url = valid.Url, Token = valid.Token, Authentication = valid.Authentication, TaskId = "t-2" },
            _ => throw new ArgumentOutOfRangeException(nameof(invalid)),
        };

        var thrown = (await FluentActions.Awaiting(() => client.CreateTaskPushNotificationConfigAsync("t-1", config, cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<ArgumentException>()).Which;

        thrown.Message.Should().Contain(message).And.NotContain(Token).And.NotContain(Credentials).And.NotContain("query-secret").And.NotContain("pw-secret");
        (await peer.TotalAsync(_scope)).Should().Be(0, "nothing is sent, not even the card request");
    }

    [Fact]
    public async Task CreateTaskPushNotificationConfigAsync_TwoSchemesInV1_ThrowsBeforeTheCall()
    {
        var client = Client("tasks");
        var config = new A2APushNotificationConfig { Url = Hook, Authentication = new A2APushNotificationAuthentication { Schemes = ["Bearer", "Basic"], Credentials = Credentials } };

        var thrown = (await FluentActions.Awaiting(() => client.CreateTaskPushNotificationConfigAsync("t-1", config, cancellationToken: TestContext.Current.CancellationToken))
            .Should().ThrowAsync<ArgumentException>()).Which;

        thrown.Message.Should().Contain("exactly one scheme in A2A v1.0").And.Contain("it names 2");
        (await peer.CountAsync(_scope, "CreateTaskPushNotificationConfig")).Should().Be(0);
    }

    [Fact]
    public async Task SendMessageAsync_PushNotificationConfigWithTaskId_ThrowsBeforeSending()
    {
        var client = Client("tasks");
        var options = new A2ASendOptions { PushNotificationConfig = new A2APushNotificationConfig { Url = Hook, TaskId = "t-1" } };

        await FluentActions.Awaiting(() => client.SendMessageAsync(A2AMessage.FromText("x"), options, TestContext.Current.CancellationToken))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*options.PushNotificationConfig.TaskId must be null*");

        (await peer.TotalAsync(_scope)).Should().Be(0);
    }

    [Fact]
    public void ToString_ConfigWithSecrets_HidesTokenCredentialsUserInfoAndQuery()
    {
        var config = new A2APushNotificationConfig
        {
            Id = "cfg-1",
            TaskId = "t-1",
            Url = new Uri("https://user:pw-secret@hooks.example/a2a?sig=query-secret#frag"),
            Token = Token,
            Authentication = new A2APushNotificationAuthentication { Schemes = ["Bearer"], Credentials = Credentials },
        };

        var text = config.ToString();

        text.Should().Be("A2APushNotificationConfig { Id = cfg-1, TaskId = t-1, Url = https://hooks.example/a2a, Token = ***, Authentication = Bearer *** }");
    }
}
