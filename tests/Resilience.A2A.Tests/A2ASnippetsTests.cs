using Microsoft.Extensions.DependencyInjection;
using Resilience.A2A.Tests.Peer;
using Snippets;

namespace Resilience.A2A.Tests;

/// <summary>docs/a2a.md's examples (samples/Resilience.Snippets/A2ASnippets.cs) do what the page says, against the SDK peer.</summary>
public sealed class A2ASnippetsTests(A2APeerFixture peer) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    private readonly string _scope = A2APeerFixture.NewScope();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Setup_ReadsTheCardSendsReadsAndStreams()
    {
        var (card, task, events) = await A2ASnippets.SetupAsync(_http, peer.AgentUri(_scope, "tasks"), "key", ResiliencePipeline.Empty, new FakeTimeProvider());

        card.Name.Should().Be("tasks agent");
        task.Status.State.Should().Be(A2ATaskState.Completed);
        task.History.Should().Contain(m => m.Text == "plan a trip to Lisbon");
        events.Should().BeGreaterThanOrEqualTo(4, "the task, working, two artifacts and completed");
    }

    [Fact]
    public async Task ListTasks_CollectsEveryCompletedTaskOfTheConversationAndTheExtendedCard()
    {
        var client = Client("tasks");
        var conversation = Guid.NewGuid().ToString("D");
        foreach (var text in new[] { "complete", "complete", "work", "complete" })
        {
            await client.SendMessageAsync(new A2AMessage { ContextId = conversation, Parts = [A2APart.FromText(text)] }, cancellationToken: TestContext.Current.CancellationToken);
        }

        var (completed, extended) = await A2ASnippets.ListTasksAsync(client, conversation);

        completed.Should().HaveCount(3).And.OnlyContain(t => t.Status.State == A2ATaskState.Completed && t.ContextId == conversation);
        extended.Skills.Select(s => s.Id).Should().Contain("extended");
    }

    [Fact]
    public async Task CallOptions_SendsTheHeaderAndTheExtension()
    {
        var reply = await A2ASnippets.CallOptionsAsync(Client("echo"), "tag-7");

        reply.Message!.Text.Should().Be("echo: hi");
        var sent = (await peer.HeadersAsync(_scope)).Should().ContainSingle(h => h["method"] == "SendMessage").Which;
        sent["x-request-tag"].Should().Be("tag-7");
        sent["a2a-extensions"].Should().Be("https://example.com/ext/trace/v1");
    }

    [Theory]
    [MemberData(nameof(PeerProtocol.Names), MemberType = typeof(PeerProtocol))]
    public async Task PushNotifications_WebhookGetsTheUpdatesWithTheTokenAndTheDeletedConfigIsGone(string protocol)
    {
        var client = Client(PeerProtocol.Of(protocol).Tasks);
        var ct = TestContext.Current.CancellationToken;
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var audit = await WebhookReceiver.StartAsync();

        var configs = await A2ASnippets.PushNotificationsAsync(client, webhook.Url, "webhook-token", audit.Url, "audit-token");

        configs.Configs.Should().HaveCount(2);
        var taskId = configs.Configs[0].TaskId!;
        var notification = await webhook.WaitForAsync(n => n.Body.Contains(taskId, StringComparison.Ordinal) && n.Body.Contains("TASK_STATE_COMPLETED", StringComparison.Ordinal), ct);
        notification.Headers["X-A2A-Notification-Token"].Should().Be("webhook-token");
        var left = await client.ListTaskPushNotificationConfigsAsync(taskId, cancellationToken: ct);
        left.Configs.Should().ContainSingle().Which.Url.Should().Be(webhook.Url, "the audit webhook was deleted");
    }

    [Fact]
    public async Task DependencyInjection_ResilientClientAndHealthCheck_ReportHealthy()
    {
        var health = await A2ASnippets.DependencyInjectionAsync(new ServiceCollection(), peer.AgentUri(_scope, "echo"), "key");

        health.Should().Be(A2AAgentHealth.Healthy);
    }

    private A2AClient Client(string agent) =>
        new(_http, new A2AClientOptions { BaseAddress = peer.AgentUri(_scope, agent) }, new FakeTimeProvider());
}
