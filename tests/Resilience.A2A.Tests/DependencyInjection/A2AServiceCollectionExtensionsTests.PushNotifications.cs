using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Resilience.A2A.Tests.Peer;
using Resilience.CircuitBreaking;

namespace Resilience.A2A.Tests.DependencyInjection;

/// <content>The push-notification methods through the agent's pipeline: the same breaker, classification and retry rules as the other calls.</content>
public sealed partial class A2AServiceCollectionExtensionsTests
{
    private const string Secret = "tok-never-logged";
    private const string Credentials = "cred-never-logged";

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task PushNotificationGetListDelete_InternalErrorAfterProcessing_RetriedAndCounted(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var (sp, client, _) = Build(p.Tasks, breaker: o => o.FailureThreshold = 10);
        var ct = TestContext.Current.CancellationToken;
        var task = (await client.SendMessageAsync(A2AMessage.FromText("work"), cancellationToken: ct)).Task!;
        await client.CreateTaskPushNotificationConfigAsync(task.Id, new A2APushNotificationConfig { Id = "cfg", Url = new Uri("https://hooks.example/a2a") }, cancellationToken: ct);
        await peer.InjectAsync(
            _scope,
            new { kind = "errorAfter", method = p.PushGet, status = 200, code = -32603 },
            new { kind = "errorAfter", method = p.PushList, status = 200, code = -32603 },
            new { kind = "errorAfter", method = p.PushDelete, status = 200, code = -32603 });

        var read = await client.GetTaskPushNotificationConfigAsync(task.Id, "cfg", cancellationToken: ct);
        var listed = await client.ListTaskPushNotificationConfigsAsync(task.Id, cancellationToken: ct);
        await client.DeleteTaskPushNotificationConfigAsync(task.Id, "cfg", cancellationToken: ct);

        read.Id.Should().Be("cfg");
        listed.Configs.Should().ContainSingle();
        (await client.ListTaskPushNotificationConfigsAsync(task.Id, cancellationToken: ct)).Configs.Should().BeEmpty();
        (await peer.CountAsync(_scope, p.PushGet)).Should().Be(2, "a read is retried after a transient failure");
        (await peer.CountAsync(_scope, p.PushList)).Should().Be(3);
        (await peer.CountAsync(_scope, p.PushDelete)).Should().Be(2, "a delete is idempotent");
        Breaker(sp).GetSnapshot().WindowFailures.Should().Be(3);
    }

    [Theory]
    [InlineData("v1", "errorAfter", 1)]
    [InlineData("v1", "http", 3)]
    [InlineData("v03", "errorAfter", 1)]
    [InlineData("v03", "http", 3)]
    public async Task CreateTaskPushNotificationConfigAsync_TransientFailure_RetriedOnlyWhenSurelyNotProcessed(string protocol, string fault, int expectedCalls)
    {
        var p = PeerProtocol.Of(protocol);
        var (sp, client, _) = Build(p.Tasks, breaker: o => o.FailureThreshold = 10);
        var ct = TestContext.Current.CancellationToken;
        var task = (await client.SendMessageAsync(A2AMessage.FromText("work"), cancellationToken: ct)).Task!;
        await peer.InjectAsync(_scope, new { kind = fault, method = p.PushCreate, status = 503, times = 2 });
        var create = () => client.CreateTaskPushNotificationConfigAsync(task.Id, new A2APushNotificationConfig { Url = new Uri("https://hooks.example/a2a") }, cancellationToken: ct);

        if (fault == "http")
        {
            (await create()).Id.Should().NotBeNullOrEmpty();
        }
        else
        {
            (await FluentActions.Awaiting(create).Should().ThrowAsync<A2AException>()).Which.StatusCode.Should().Be(System.Net.HttpStatusCode.ServiceUnavailable);
        }

        (await peer.CountAsync(_scope, p.PushCreate)).Should().Be(expectedCalls, "a create the agent may have processed is not repeated (it would add a second webhook)");
        Breaker(sp).GetSnapshot().WindowFailures.Should().Be(fault == "http" ? 2 : 1);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task PushNotificationMethods_CircuitOpen_RejectedWithoutARequest(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var (sp, client, _) = Build(p.Tasks, o => o.Retry.MaxAttempts = 1);
        var ct = TestContext.Current.CancellationToken;
        await peer.InjectAsync(_scope, new { kind = "http", method = p.PushGet, status = 503, times = 3 });
        for (var i = 0; i < 3; i++)
        {
            await FluentActions.Awaiting(() => client.GetTaskPushNotificationConfigAsync("t", "c", cancellationToken: ct)).Should().ThrowAsync<A2AException>();
        }

        var reached = await peer.TotalAsync(_scope);
        var config = new A2APushNotificationConfig { Url = new Uri("https://hooks.example/a2a") };

        ShouldBeCircuitOpen(await FluentActions.Awaiting(() => client.CreateTaskPushNotificationConfigAsync("t", config, cancellationToken: ct)).Should().ThrowAsync<A2AException>(), p.PushCreate);
        ShouldBeCircuitOpen(await FluentActions.Awaiting(() => client.GetTaskPushNotificationConfigAsync("t", "c", cancellationToken: ct)).Should().ThrowAsync<A2AException>(), p.PushGet);
        ShouldBeCircuitOpen(await FluentActions.Awaiting(() => client.ListTaskPushNotificationConfigsAsync("t", cancellationToken: ct)).Should().ThrowAsync<A2AException>(), p.PushList);
        ShouldBeCircuitOpen(await FluentActions.Awaiting(() => client.DeleteTaskPushNotificationConfigAsync("t", "c", cancellationToken: ct)).Should().ThrowAsync<A2AException>(), p.PushDelete);

        Breaker(sp).State.Should().Be(CircuitState.Open, "three transient push-notification failures opened it");
        (await peer.TotalAsync(_scope)).Should().Be(reached);
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task PushNotificationCalls_RetriedAndFailing_LogNeitherTokenNorCredentialsNorUrlQuery(string protocol)
    {
        var p = PeerProtocol.Of(protocol);
        var services = Services(p.Tasks, o => o.Retry.MaxAttempts = 3, b => b.FailureThreshold = 10);
        services.AddLogging(b => b.AddFakeLogging().SetMinimumLevel(LogLevel.Trace));
        var sp = Track(services.BuildServiceProvider());
        var client = sp.GetRequiredKeyedService<A2AClient>(Agent);
        var logs = sp.GetRequiredService<FakeLogCollector>();
        var ct = TestContext.Current.CancellationToken;
        var task = (await client.SendMessageAsync(A2AMessage.FromText("work"), cancellationToken: ct)).Task!;
        var config = new A2APushNotificationConfig
        {
            Url = new Uri("https://hooks.example/a2a?sig=query-never-logged"),
            Token = Secret,
            Authentication = new A2APushNotificationAuthentication { Schemes = ["Bearer"], Credentials = Credentials },
        };
        await peer.InjectAsync(_scope, new { kind = "http", method = p.PushCreate, status = 503, times = 2 }, new { kind = "errorAfter", method = p.PushList, status = 500, times = 3 });

        var created = await client.CreateTaskPushNotificationConfigAsync(task.Id, config, cancellationToken: ct);
        var failed = (await FluentActions.Awaiting(() => client.ListTaskPushNotificationConfigsAsync(task.Id, cancellationToken: ct)).Should().ThrowAsync<A2AException>()).Which;

        created.Token.Should().Be(Secret);
        var records = logs.GetSnapshot();
        records.Should().Contain(r => r.Message.Contains("Retry attempt", StringComparison.Ordinal), "the agent's retries log to the container's loggers");
        var written = string.Join("\n", records.Select(r => r.Message + " " + r.Exception + " " + string.Join(",", r.StructuredState?.Select(kv => kv.Value) ?? [])))
            + failed + created;
        written.Should().NotContain(Secret).And.NotContain(Credentials).And.NotContain("query-never-logged");
    }
}
